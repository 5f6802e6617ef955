#pragma once
// The machine as the plan sees it, read from hwloc: packages, NUMA nodes with their CPUs and
// memory, cores with their PUs, the NUMA distance matrix and the GPUs by PCI bus id, each with
// its nearest NUMA node and local cpuset. Built from the live machine or an hwloc XML export.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace linkperf {

struct NumaNode {
    unsigned os_index = 0;
    std::uint64_t memory_bytes = 0;
    // PU os indexes whose local memory this node is, as the kernel's cpulist says (empty:
    // CPU-less memory: GPU, CXL, HBM beside DRAM). hwloc gives a node the cpuset of the object
    // it hangs from, so a node attached above others sharing its CPUs gets none of them.
    std::vector<unsigned> cpus;
    // Logical indexes of the packages whose CPUs it shares (hwloc-calc --intersect package):
    // one where a package holds the node, several where the node sits above packages.
    std::vector<unsigned> packages;
};

struct Core {
    unsigned logical_index = 0;
    unsigned package = 0;      // logical package index
    int numa_node = -1;        // os index of the NUMA node holding the core
    std::vector<unsigned> pus; // PU os indexes (more than one with SMT)
};

struct Package {
    unsigned logical_index = 0;
    std::string cpu_model;
    std::vector<unsigned> cpus;       // PU os indexes
    std::vector<unsigned> numa_nodes; // os indexes of the nodes sharing its CPUs, as hwloc-calc
                                      // --intersect numa package:N lists them (NUMA above
                                      // packages included), sorted
};

struct GpuLocation {
    std::string pci_bus_id; // "0000:19:00.0"
    std::uint16_t vendor_id = 0;
    std::uint16_t device_id = 0;
    std::string name;                    // PCI device name, or the OS device's model
    std::vector<std::string> os_devices; // "cuda0", "nvml0", ...
    int nearest_numa = -1;               // os index of the nearest NUMA node (-1: none found)
    std::vector<unsigned> local_cpus;    // PU os indexes of the GPU's locality
    float pci_link_gbps = 0;             // hwloc's PCI link speed in GB/s (0: unknown)
};

struct Topology {
    std::string source = "live"; // "live" or the XML file path
    std::vector<Package> packages;
    std::vector<NumaNode> numa_nodes;
    std::vector<Core> cores;
    std::vector<GpuLocation> gpus;
    std::vector<unsigned> pus; // all PU os indexes
    // distances[i][j]: relative latency between numa_nodes[i] and numa_nodes[j] (10 = local).
    std::vector<std::vector<std::uint64_t>> numa_distances;
    bool distances_measured = false; // false: the firmware gave none, 10/20 assumed

    // Loads from hwloc: the live machine when xml is empty. Throws Error(usage) for an
    // unreadable XML file.
    static Topology load(const std::optional<std::filesystem::path>& xml = std::nullopt);

    const NumaNode* find_node(unsigned os_index) const;
    std::size_t node_position(unsigned os_index) const; // index into numa_nodes; throws if absent
    std::uint64_t distance(unsigned from_node, unsigned to_node) const;
    // The NUMA node holding a PU, or -1.
    int node_of_pu(unsigned pu) const;
    std::vector<unsigned> nodes_with_cpus() const;
};

} // namespace linkperf
