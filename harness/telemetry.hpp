#pragma once
// Telemetry recorded while a case is measured: CPU frequency from sysfs and, where NVML is
// present, GPU clocks, temperature, power, PCIe throughput, NVLink counters and the driver's
// clock-event (throttle) reasons; summarized per case into benchmarks[].linkperf.telemetry.
//
// Throttle rule (docs/results-schema.md):
//  - GPU: throttled when any sample carries a slowdown reason: SW power cap (0x4), HW slowdown
//    (0x8), SW thermal (0x20), HW thermal (0x40) or HW power brake (0x80). Idle (0x1),
//    applications-clocks setting (0x2), sync boost (0x10) and display clock (0x100) are not
//    slowdowns of the measurement.
//  - CPU: throttled when a measuring CPU's frequency fell more than 10% below the highest it
//    reached during the case (a clock that moves under a measurement makes it suspect). The
//    reading taken as the case starts is left out when there are three or more (a CPU ramping
//    up from idle is not throttling).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace linkperf {

struct GpuSample {
    unsigned device = 0; // NVML index
    double sm_mhz = 0;
    double memory_mhz = 0;
    double temperature_c = 0;
    double power_w = 0;
    double pcie_tx_mbps = 0; // NVML PCIe throughput, MB/s (sampled over ~20 ms by the driver)
    double pcie_rx_mbps = 0;
    std::optional<std::uint64_t> nvlink_tx_kib; // cumulative NVLink data counters, KiB
    std::optional<std::uint64_t> nvlink_rx_kib;
    std::uint64_t event_reasons = 0; // nvmlClocksEventReasons bits
};

struct TelemetryRecord {
    std::map<unsigned, std::vector<double>> cpu_mhz; // CPU -> readings
    std::string cpu_unavailable;                     // why there are none (empty: available)
    std::vector<GpuSample> gpu;
    std::string gpu_unavailable;
    double seconds = 0; // how long the sampler ran
    unsigned ticks = 0;
};

struct Range {
    double min = 0;
    double max = 0;
    double mean = 0;
};

struct GpuTelemetry {
    unsigned device = 0;
    Range sm_mhz;
    Range memory_mhz;
    Range temperature_c;
    Range power_w;
    Range pcie_tx_mbps;
    Range pcie_rx_mbps;
    std::optional<std::uint64_t> nvlink_tx_kib; // counter change over the case
    std::optional<std::uint64_t> nvlink_rx_kib;
    std::vector<std::string> throttle_reasons; // slowdown reasons seen
    bool throttled = false;
};

struct TelemetrySummary {
    std::optional<Range> cpu_mhz; // over the measuring CPUs' readings
    std::string cpu_unavailable;
    std::vector<GpuTelemetry> gpus;
    std::string gpu_unavailable;
    bool cpu_throttled = false;
    bool throttled = false; // CPU or any GPU
    unsigned samples = 0;
};

// The slowdown reasons in `reasons` ("sw_power_cap", "hw_slowdown", "sw_thermal",
// "hw_thermal", "hw_power_brake").
std::vector<std::string> gpu_slowdown_reasons(std::uint64_t reasons);

// `cpus`: the CPUs the case ran on (empty: every CPU sampled).
TelemetrySummary summarize_telemetry(const TelemetryRecord& record,
                                     const std::vector<unsigned>& cpus);

// {cpu_mhz: {min,max,mean} | "unavailable: ...", gpu: [{...}] | "unavailable: ...",
//  throttled, cpu_throttled, samples}
nlohmann::json to_json(const TelemetrySummary& summary);

// CPU frequencies from <sysfs_root>/devices/system/cpu/cpu<N>/cpufreq/scaling_cur_freq (kHz).
class CpuFreqReader {
public:
    explicit CpuFreqReader(const std::filesystem::path& sysfs_root = "/sys");
    bool available() const { return !files_.empty(); }
    const std::string& unavailable_reason() const { return reason_; }
    // Appends one reading per CPU (MHz) to `out`.
    void sample(std::map<unsigned, std::vector<double>>& out) const;

private:
    std::vector<std::pair<unsigned, std::filesystem::path>> files_;
    std::string reason_;
};

} // namespace linkperf
