#include "platform/isa_features.hpp"

#include "core/error.hpp"
#include "platform/isa_timer.hpp"

namespace linkperf {
namespace {

struct Calibration {
    double hz = 0;
    std::string error;
};

const Calibration& counter_calibration() {
    static const Calibration c = [] {
        Calibration r;
        try {
            r.hz = CounterClock::calibrate().ticks_per_second();
        } catch (const HarnessError& e) {
            r.error = e.what();
        }
        return r;
    }();
    return c;
}

} // namespace

IsaFeatures read_isa_features(std::string_view stream_stores) {
    IsaFeatures f;
    f.counter = counter_name();
    const Calibration& c = counter_calibration();
    f.counter_hz = c.hz;
    f.counter_error = c.error;
    f.cache_flush = native_flush_method();
    f.flush_granule_bytes = flush_granule_bytes();
    f.stream_stores = std::string(stream_stores);
    return f;
}

nlohmann::json to_json(const IsaFeatures& features) {
    nlohmann::json j = {{"timer", features.timer},
                        {"counter", features.counter},
                        {"counter_hz", features.counter_hz},
                        {"cache_flush", to_string(features.cache_flush)},
                        {"flush_granule_bytes", features.flush_granule_bytes},
                        {"stream_stores", features.stream_stores}};
    if (!features.counter_error.empty()) {
        j["counter_error"] = features.counter_error;
    }
    return j;
}

nlohmann::json isa_features(std::string_view stream_stores) {
    return to_json(read_isa_features(stream_stores));
}

} // namespace linkperf
