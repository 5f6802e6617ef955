// context.linkperf.isa_features (platform/isa_features.hpp) records this build's own choices.
#include "platform/cache_control.hpp"
#include "platform/isa_features.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace linkperf;

TEST_CASE("isa_features records the timer, cache flush and stream stores", "[isa][features]") {
    const IsaFeatures f = read_isa_features("sse2 movntdq");
    CHECK(f.timer == "steady_clock");
    CHECK(f.cache_flush == native_flush_method());
    CHECK(f.flush_granule_bytes == flush_granule_bytes());
    CHECK(f.stream_stores == "sse2 movntdq");

    const nlohmann::json j = isa_features("none (temporal stores)");
    CHECK(j.at("timer") == "steady_clock");
    CHECK(j.at("cache_flush") == to_string(native_flush_method()));
    CHECK(j.at("flush_granule_bytes") == flush_granule_bytes());
    CHECK(j.at("stream_stores") == "none (temporal stores)");
    CHECK(j.size() == 4);
}

TEST_CASE("a build without a flush instruction records the eviction buffer", "[isa][features]") {
    IsaFeatures f;
    f.cache_flush = FlushMethod::eviction;
    CHECK(to_json(f).at("cache_flush") == "eviction buffer");
}
