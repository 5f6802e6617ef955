#pragma once
// Telemetry recorded while a case is measured: CPU frequency (platform/cpu_freq) and, where NVML is
// present, GPU clocks, temperature, power, PCIe throughput, NVLink counters and the driver's
// clock-event (throttle) reasons; summarized per case into benchmarks[].linkperf.telemetry.
//
// Throttle rule (docs/results-schema.md):
//  - GPU: throttled when any sample carries a slowdown reason: SW power cap (0x4), HW slowdown
//    (0x8), SW thermal (0x20), HW thermal (0x40) or HW power brake (0x80). Idle (0x1),
//    applications-clocks setting (0x2), sync boost (0x10) and display clock (0x100) are not
//    slowdowns of the measurement. Only the GPUs the case uses count when the caller names
//    them (by PCI bus id) and the sampler knows each NVML device's bus id; a case that uses no
//    GPU is never GPU-throttled. Every GPU is still listed.
//  - CPU, from the kernel's thermal_throttle counters when the measuring CPUs have them
//    (cpu<N>/thermal_throttle/{core,package}_throttle_count, x86): throttled when one of them
//    increased during the case. Otherwise from the clock: throttled when a measuring CPU's mean
//    frequency while busy (the reading taken as the case starts left out when there are three
//    or more) is below 70% of its reference, `cpufreq/base_frequency` (intel_pstate: the
//    guaranteed non-turbo clock) or else `cpuinfo_max_freq`. Turbo and HWP move the clock by
//    more than 10% routinely, so a drop from the highest reading is not throttling. With
//    neither counters nor a reference the CPU is not judged (not throttled).
#include <nlohmann/json.hpp>

#include <cstdint>
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
    std::map<unsigned, double> cpu_reference_mhz;    // CPU -> base_frequency or cpuinfo_max_freq
    // CPU -> core_throttle_count + package_throttle_count, read as the case starts and ends
    std::map<unsigned, std::vector<std::uint64_t>> cpu_throttle_count;
    std::string cpu_unavailable; // why there are none (empty: available)
    std::vector<GpuSample> gpu;
    std::vector<std::string> gpu_bus_ids; // NVML index -> "0000:1b:00.0" (empty: unknown)
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

// `cpus`: the CPUs the case ran on (empty: every CPU sampled). `gpus`: the PCI bus ids of the
// GPUs the case uses (empty: none, a host case); nullopt, or a record without bus ids: every
// GPU counts towards `throttled`.
TelemetrySummary summarize_telemetry(const TelemetryRecord& record,
                                     const std::vector<unsigned>& cpus,
                                     const std::optional<std::vector<std::string>>& gpus = {});

// {cpu_mhz: {min,max,mean} | "unavailable: ...", gpu: [{...}] | "unavailable: ...",
//  throttled, cpu_throttled, samples}
nlohmann::json to_json(const TelemetrySummary& summary);

} // namespace linkperf
