#pragma once
// The one memory figure that both the plan (how large the default DRAM point may be) and the
// run (whether a case's buffers fit now) use for memory placed on a NUMA node. The kernel
// reports two: the node's own meminfo in sysfs and the system's /proc/meminfo. They disagree
// on some VMs (ballooned or hot-plugged memory the node's meminfo does not count), so one
// function decides which one holds, and says why when they disagree.
#include "platform/sysfs_pci.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace linkperf {

// /proc/meminfo: MemTotal and MemAvailable (the kernel's estimate of what can be allocated
// without swapping, reclaimable page cache included).
struct SystemMemory {
    std::uint64_t total_bytes = 0;
    std::uint64_t available_bytes = 0;
};

// Reads a meminfo file; zeros for a figure it does not hold.
SystemMemory read_system_memory(const std::filesystem::path& meminfo = "/proc/meminfo");

struct MemoryBudget {
    std::uint64_t bytes = 0; // what memory on the node can hold now
    std::string source;      // which figure that is, in words
    // Non-empty when the node's and the system's figures disagree: which one was used and why
    // (recorded once in the run's notes).
    std::string disagreement;

    // What a run may take of it: a tenth is left to the system rather than pushing the machine
    // into swap or the OOM killer.
    std::uint64_t usable() const { return bytes - bytes / 10; }
};

// Decides for memory bound to NUMA `node` (-1: no placement) from the nodes' sysfs figures
// and the system's:
//  - the machine's only node, no node figures, or no placement: the system's MemAvailable
//    (binding to the only node confines nothing, so the system figure is the right one);
//  - one node of several: the smaller of the node's MemFree and the system's MemAvailable
//    (pages bound to the node cannot come from elsewhere).
// A disagreement is when the nodes' MemTotal sum differs from the system's by more than a
// tenth.
MemoryBudget memory_budget(int node, const std::vector<SysfsNumaNode>& nodes,
                           const SystemMemory& system);

// The same decision on this machine (/sys and /proc/meminfo).
MemoryBudget memory_budget(int node);

} // namespace linkperf
