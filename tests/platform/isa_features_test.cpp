// context.linkperf.isa_features (platform/isa_features.hpp) records this build's own choices.
#include "platform/cache_control.hpp"
#include "platform/isa_features.hpp"
#include "platform/isa_timer.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace linkperf;

TEST_CASE("isa_features records the timer, counter, cache flush and stream stores",
          "[isa][features]") {
    const IsaFeatures f = read_isa_features("sse2 movntdq");
    CHECK(f.timer == "steady_clock");
    CHECK(f.counter == counter_name());
    INFO(f.counter_error);
    CHECK(f.counter_error.empty());
    CHECK(f.counter_hz > 0.5e6);
    CHECK(f.cache_flush == native_flush_method());
    CHECK(f.flush_granule_bytes == flush_granule_bytes());

    const nlohmann::json j = isa_features("none (temporal stores)");
    CHECK(j.at("timer") == "steady_clock");
    CHECK(j.at("counter") == counter_name());
    CHECK(j.at("counter_hz").get<double>() == f.counter_hz); // calibrated once per process
    CHECK(j.at("cache_flush") == to_string(native_flush_method()));
    CHECK(j.at("flush_granule_bytes") == flush_granule_bytes());
    CHECK(j.at("stream_stores") == "none (temporal stores)");
    CHECK_FALSE(j.contains("counter_error"));
}

TEST_CASE("an unusable counter is reported with its reason", "[isa][features]") {
    IsaFeatures f;
    f.counter = "rdtsc";
    f.counter_error = "the rdtsc counter does not keep a steady rate";
    const nlohmann::json j = to_json(f);
    CHECK(j.at("counter_hz") == 0);
    CHECK(j.at("counter_error") == f.counter_error);
    CHECK(j.at("cache_flush") == "eviction buffer");
}
