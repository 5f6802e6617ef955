#include "platform/isa_features.hpp"

namespace linkperf {

IsaFeatures read_isa_features(std::string_view stream_stores) {
    IsaFeatures f;
    f.cache_flush = native_flush_method();
    f.flush_granule_bytes = flush_granule_bytes();
    f.stream_stores = std::string(stream_stores);
    return f;
}

nlohmann::json to_json(const IsaFeatures& features) {
    return {{"timer", features.timer},
            {"cache_flush", to_string(features.cache_flush)},
            {"flush_granule_bytes", features.flush_granule_bytes},
            {"stream_stores", features.stream_stores}};
}

nlohmann::json isa_features(std::string_view stream_stores) {
    return to_json(read_isa_features(stream_stores));
}

} // namespace linkperf
