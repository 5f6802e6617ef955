#pragma once
// Reads the kernel's CPU contention counters (core/contention.hpp): /proc/stat's "cpu" line
// (steal is its 8th value) and procs_running, /proc/pressure/cpu's "some" total (kernels >= 4.20
// with PSI; absent: nullopt). `proc` is the procfs root (tests give a directory of files).
#include "core/contention.hpp"

#include <filesystem>

namespace linkperf {

CpuCounters read_cpu_counters(const std::filesystem::path& proc = "/proc");

} // namespace linkperf
