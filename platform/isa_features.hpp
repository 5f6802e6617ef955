#pragma once
// The ISA-specific choices a run was measured with, recorded in every results file as
// `context.linkperf.isa_features` (docs/porting.md lists them per ISA).
#include "platform/cache_control.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace linkperf {

struct IsaFeatures {
    std::string timer = "steady_clock"; // what times the samples
    FlushMethod cache_flush = FlushMethod::eviction;
    std::size_t flush_granule_bytes = 0;
    std::string stream_stores; // the host kernels' non-temporal stores
};

// Reads this build's and CPU's choices. `stream_stores` comes from the host kernels
// (bench::stream_store_method()), which platform does not link.
IsaFeatures read_isa_features(std::string_view stream_stores);

// {"timer", "cache_flush", "flush_granule_bytes", "stream_stores"}.
nlohmann::json to_json(const IsaFeatures& features);

// to_json(read_isa_features(stream_stores)): the value of context.linkperf.isa_features.
nlohmann::json isa_features(std::string_view stream_stores);

} // namespace linkperf
