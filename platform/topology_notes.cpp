#include "platform/topology_notes.hpp"

#include "platform/cpu_list.hpp"

#include <algorithm>
#include <optional>

namespace linkperf {

namespace {

std::string node_list(const std::vector<unsigned>& nodes) {
    std::string out;
    for (const unsigned n : nodes) {
        out += (out.empty() ? "" : ",") + std::to_string(n);
    }
    return out;
}

} // namespace

std::vector<std::string> topology_notes(const Topology& topo) {
    std::vector<std::string> notes;
    const std::vector<unsigned> cpu_nodes = topo.nodes_with_cpus();
    if (topo.packages.empty() && !topo.pus.empty()) {
        notes.push_back("topology: the kernel gives no packages: all CPUs are taken as one "
                        "package, so every core pair has role 'package'");
    }
    for (const Package& p : topo.packages) {
        std::vector<unsigned> with_cpus;
        for (const unsigned n : p.numa_nodes) {
            if (std::find(cpu_nodes.begin(), cpu_nodes.end(), n) != cpu_nodes.end()) {
                with_cpus.push_back(n);
            }
        }
        if (with_cpus.size() > 1) {
            notes.push_back("topology: package " + std::to_string(p.logical_index) +
                            " holds the CPUs of NUMA nodes " + node_list(with_cpus) +
                            " (no sockets in the firmware, or sub-NUMA clustering): core pairs "
                            "across them have role 'package'; memory roles follow the NUMA "
                            "distances");
        }
    }
    // Node-contiguous: the cores of each node (by their first PU) come after those of the
    // nodes before it. SMT siblings numbered after all cores (node 0: 0-23,48-71, as most x86
    // servers) are contiguous by this rule; a riscv64 guest whose boot hart was hart 1 (node 0:
    // 1-2, node 1: 0,3) is not. Without cores (a topology from sysfs alone) the node's CPUs count.
    bool contiguous = true;
    std::optional<unsigned> last;
    for (const NumaNode& n : topo.numa_nodes) {
        std::vector<unsigned> firsts;
        for (const Core& c : topo.cores) {
            if (c.numa_node == static_cast<int>(n.os_index) && !c.pus.empty()) {
                firsts.push_back(c.pus.front());
            }
        }
        if (topo.cores.empty()) {
            firsts = n.cpus;
        }
        if (firsts.empty()) {
            continue;
        }
        const auto [lo, hi] = std::minmax_element(firsts.begin(), firsts.end());
        if (last && *lo <= *last) {
            contiguous = false;
        }
        last = *hi;
    }
    if (!contiguous) {
        std::string layout;
        for (const NumaNode& n : topo.numa_nodes) {
            if (!n.cpus.empty()) {
                layout += (layout.empty() ? "" : ", ") + ("node " + std::to_string(n.os_index)) +
                          ": " + format_cpu_list(n.cpus);
            }
        }
        notes.push_back("topology: CPU numbers are not node-contiguous (" + layout +
                        "): CPUs are chosen by NUMA node, never by number");
    }
    std::vector<unsigned> cpuless;
    for (const NumaNode& n : topo.numa_nodes) {
        if (n.cpus.empty()) {
            cpuless.push_back(n.os_index);
        }
    }
    if (!cpuless.empty() && !cpu_nodes.empty()) {
        notes.push_back("topology: NUMA node" + std::string(cpuless.size() > 1 ? "s " : " ") +
                        node_list(cpuless) + " hold" + std::string(cpuless.size() > 1 ? "" : "s") +
                        " memory without CPUs (GPU or CXL memory): measured as memory "
                        "only, from CPUs of other nodes");
    }
    return notes;
}

} // namespace linkperf
