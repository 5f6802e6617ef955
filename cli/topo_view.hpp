#pragma once
// The machine that `linkperf topo` and `linkperf nfd` describe, chosen by their shared flags
// --topology and --sysfs.
#include "node/topo_report.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace linkperf::cli {

// The topology from --topology (hwloc XML), else from --sysfs DIR, else the live machine;
// sysfs from --sysfs, else /sys for the live machine (none for an export of another machine);
// CUDA facts only for the live machine. Throws Error(usage) for a --sysfs directory that
// is not a sysfs root.
TopoView load_topo_view(const std::string& topology, const std::string& sysfs);

// Adds --topology FILE and --sysfs DIR to `cmd`, stored in `topology` and `sysfs`.
void add_machine_options(CLI::App* cmd, std::string& topology, std::string& sysfs);

} // namespace linkperf::cli
