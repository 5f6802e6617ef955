#include "platform/memory_budget.hpp"

#include "platform/sysfs_file.hpp"

#include <algorithm>

namespace linkperf {
namespace {

std::string mib(std::uint64_t bytes) {
    return std::to_string(bytes >> 20) + " MiB";
}

// |a - b| > max(a, b) / 10.
bool differ(std::uint64_t a, std::uint64_t b) {
    const std::uint64_t hi = std::max(a, b);
    const std::uint64_t lo = std::min(a, b);
    return hi - lo > hi / 10;
}

} // namespace

SystemMemory read_system_memory(const std::filesystem::path& meminfo) {
    SystemMemory m;
    const std::string text = read_sysfs_text(meminfo).value_or("");
    m.total_bytes = meminfo_field(text, "MemTotal:").value_or(0);
    m.available_bytes = meminfo_field(text, "MemAvailable:").value_or(0);
    return m;
}

MemoryBudget memory_budget(int node, const std::vector<SysfsNumaNode>& nodes,
                           const SystemMemory& system) {
    MemoryBudget b;
    b.bytes = system.available_bytes;
    b.source = "system MemAvailable (/proc/meminfo)";
    const auto it = std::find_if(nodes.begin(), nodes.end(), [node](const SysfsNumaNode& n) {
        return static_cast<int>(n.id) == node;
    });
    if (node < 0 || it == nodes.end() || it->memory_bytes == 0) {
        return b;
    }
    std::uint64_t nodes_total = 0;
    for (const auto& n : nodes) {
        nodes_total += n.memory_bytes;
    }
    const bool disagree = system.total_bytes > 0 && differ(nodes_total, system.total_bytes);
    const std::string node_name = "NUMA node " + std::to_string(node);
    const std::string figures = (nodes.size() == 1 ? node_name + "'s sysfs meminfo reports "
                                                   : "the NUMA nodes' sysfs meminfo reports ") +
                                mib(nodes_total) + " in all (" + node_name + ": " +
                                mib(it->free_bytes) + " free) but /proc/meminfo reports " +
                                mib(system.total_bytes) + " (" + mib(system.available_bytes) +
                                " available)";
    if (nodes.size() == 1) {
        if (disagree) {
            b.disagreement = figures + "; " + node_name +
                             " is the only node, so memory is checked against the system's "
                             "MemAvailable";
        }
        return b;
    }
    if (it->free_bytes < system.available_bytes) {
        b.bytes = it->free_bytes;
        b.source = node_name + " MemFree (sysfs)";
    }
    if (disagree) {
        b.disagreement = figures + "; memory bound to one node of several cannot come from "
                                   "another, so it is checked against the node's own free memory";
    }
    return b;
}

MemoryBudget memory_budget(int node) {
    return memory_budget(node, read_sysfs_numa_nodes("/sys"), read_system_memory());
}

} // namespace linkperf
