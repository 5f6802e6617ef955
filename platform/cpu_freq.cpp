#include "platform/cpu_freq.hpp"

#include "platform/sysfs_file.hpp"

#include <algorithm>
#include <string_view>
#include <system_error>

namespace linkperf {

namespace fs = std::filesystem;

CpuFreqReader::CpuFreqReader(const fs::path& sysfs_root) {
    const fs::path base = sysfs_root / "devices" / "system" / "cpu";
    std::error_code ec;
    for (fs::directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const auto cpu = name.starts_with("cpu")
                             ? parse_sysfs_number<unsigned>(std::string_view(name).substr(3))
                             : std::nullopt;
        if (!cpu) {
            continue;
        }
        const fs::path f = it->path() / "cpufreq" / "scaling_cur_freq";
        if (fs::exists(f, ec)) {
            files_.emplace_back(*cpu, f);
        }
        auto reference =
            read_sysfs_number<std::uint64_t>(it->path() / "cpufreq" / "base_frequency");
        if (!reference || *reference == 0) {
            reference =
                read_sysfs_number<std::uint64_t>(it->path() / "cpufreq" / "cpuinfo_max_freq");
        }
        if (reference && *reference > 0) {
            reference_mhz_[*cpu] = static_cast<double>(*reference) / 1000.0;
        }
        const fs::path t = it->path() / "thermal_throttle";
        if (fs::exists(t / "core_throttle_count", ec) ||
            fs::exists(t / "package_throttle_count", ec)) {
            throttle_files_.push_back(
                {*cpu, t / "core_throttle_count", t / "package_throttle_count"});
        }
    }
    std::sort(throttle_files_.begin(), throttle_files_.end(),
              [](const ThrottleFiles& a, const ThrottleFiles& b) { return a.cpu < b.cpu; });
    std::sort(files_.begin(), files_.end());
    if (files_.empty()) {
        reason_ = "no cpufreq/scaling_cur_freq under " + base.string();
    }
}

void CpuFreqReader::sample(std::map<unsigned, std::vector<double>>& out) const {
    for (const auto& [cpu, file] : files_) {
        if (const auto khz = read_sysfs_number<std::uint64_t>(file)) {
            out[cpu].push_back(static_cast<double>(*khz) / 1000.0);
        }
    }
}

void CpuFreqReader::sample_throttle_counts(
    std::map<unsigned, std::vector<std::uint64_t>>& out) const {
    for (const auto& f : throttle_files_) {
        const auto core = read_sysfs_number<std::uint64_t>(f.core);
        const auto package = read_sysfs_number<std::uint64_t>(f.package);
        if (core || package) {
            out[f.cpu].push_back(core.value_or(0) + package.value_or(0));
        }
    }
}

} // namespace linkperf
