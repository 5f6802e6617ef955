#pragma once
// What the kernel says about each CPU's clock: the current frequency (cpufreq), the reference
// it is judged against and the thermal-throttle counters, read from sysfs for the telemetry
// sampler (the throttle rule on these readings is core/telemetry's).
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace linkperf {

// CPU frequencies from <sysfs_root>/devices/system/cpu/cpu<N>/cpufreq/scaling_cur_freq (kHz),
// each CPU's reference clock (cpufreq/base_frequency, else cpufreq/cpuinfo_max_freq, kHz) and
// its thermal_throttle/{core,package}_throttle_count.
class CpuFreqReader {
public:
    explicit CpuFreqReader(const std::filesystem::path& sysfs_root = "/sys");
    bool available() const { return !files_.empty(); }
    const std::string& unavailable_reason() const { return reason_; }
    // Appends one reading per CPU (MHz) to `out`.
    void sample(std::map<unsigned, std::vector<double>>& out) const;
    // CPU -> reference clock (MHz), for the CPUs that report one.
    const std::map<unsigned, double>& reference_mhz() const { return reference_mhz_; }
    // Appends, per CPU with thermal_throttle counters, the sum of both counters to `out`.
    void sample_throttle_counts(std::map<unsigned, std::vector<std::uint64_t>>& out) const;

private:
    struct ThrottleFiles {
        unsigned cpu = 0;
        std::filesystem::path core;
        std::filesystem::path package;
    };
    std::vector<std::pair<unsigned, std::filesystem::path>> files_;
    std::map<unsigned, double> reference_mhz_;
    std::vector<ThrottleFiles> throttle_files_;
    std::string reason_;
};

} // namespace linkperf
