#include "platform/topology_notes.hpp"

#include "platform/cpu_list.hpp"

#include <algorithm>

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
    // Node-contiguous: each node's CPUs are one ascending run and the runs ascend by node.
    bool contiguous = true;
    unsigned next = 0;
    bool first = true;
    for (const NumaNode& n : topo.numa_nodes) {
        for (std::size_t i = 0; i < n.cpus.size() && contiguous; ++i) {
            if (i > 0 && n.cpus[i] != n.cpus[i - 1] + 1) {
                contiguous = false;
            }
            if (i == 0 && !first && n.cpus[0] < next) {
                contiguous = false;
            }
        }
        if (!n.cpus.empty()) {
            next = n.cpus.back() + 1;
            first = false;
        }
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
