#pragma once
// Cache sizes of the measuring PUs, for choosing temporal or non-temporal stores and for the
// record: read from sysfs (every Linux ISA has /sys/devices/system/cpu/cpuN/cache), else
// sysconf, else an assumed size that the results file names as such.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace linkperf::bench {

struct CacheLevel {
    unsigned level = 0;
    std::uint64_t bytes = 0;
    std::string shared_cpus; // sysfs shared_cpu_list: which PUs share this instance
};

// The data and unified caches of one PU (instruction caches left out), lowest level first;
// empty when `root` has no cache information for it.
std::vector<CacheLevel> pu_caches(unsigned pu, const std::filesystem::path& root);

struct CacheSizes {
    std::uint64_t l1d = 0; // of the first PU
    std::uint64_t l2 = 0;
    std::uint64_t llc = 0;     // one last-level instance
    unsigned llc_level = 0;    // 0 when not known
    std::uint64_t llc_all = 0; // the distinct last-level instances serving all the PUs, summed
    std::string source;        // "sysfs", "sysconf" or "assumed"
};

// The caches serving `pus` (sysfs under `root`, then sysconf for this host's defaults, then
// 32 MiB assumed for the last level).
CacheSizes caches_for(const std::vector<unsigned>& pus,
                      const std::filesystem::path& root = "/sys/devices/system/cpu");

// One line for the run's notes when the sizes were assumed (the kernel and the C library gave
// none, as a riscv64 kernel without cache nodes in its device tree), else empty.
std::string cache_note(const CacheSizes& sizes);

} // namespace linkperf::bench
