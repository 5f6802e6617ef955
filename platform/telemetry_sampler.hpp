#pragma once
// A background thread that samples CPU frequency (sysfs) and GPU telemetry (NVML, when
// libnvidia-ml.so.1 loads) while one case is measured: start() before the case, stop() after.
// With nothing to sample (no cpufreq, no NVML) no thread is started.
#include "core/telemetry.hpp"
#include "platform/cpu_freq.hpp"
#include "platform/nvml_loader.hpp"

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace linkperf {

class TelemetrySampler {
public:
    explicit TelemetrySampler(const std::filesystem::path& sysfs_root = "/sys",
                              std::chrono::milliseconds interval = std::chrono::milliseconds(100),
                              bool use_nvml = true);
    ~TelemetrySampler();
    TelemetrySampler(const TelemetrySampler&) = delete;
    TelemetrySampler& operator=(const TelemetrySampler&) = delete;

    // One sample now (and the thermal_throttle counters), then one per interval.
    void start();
    // One last sample and the counters again; the record of this case.
    TelemetryRecord stop();

private:
    void sample_once();
    void loop();

    CpuFreqReader cpu_;
    std::unique_ptr<Nvml> nvml_;
    std::string nvml_reason_;
    std::vector<std::string> gpu_bus_ids_; // NVML index -> bus id (empty: unknown)
    std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
    TelemetryRecord record_;
    std::chrono::steady_clock::time_point started_;
};

} // namespace linkperf
