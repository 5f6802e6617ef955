#pragma once
// The GPUs, NUMA nodes and IOMMU groups of a machine as Linux describes them under a sysfs
// root ("/sys" live; tests pass recorded trees in tests/data/sysfs):
//   bus/pci/devices/<bdf>/{vendor,class,device,numa_node,local_cpulist,iommu_group,*_link_*}
//   devices/system/node/node<N>/{cpulist,meminfo,distance}
//   kernel/iommu_groups/<G>/devices/<bdf>
// Everything missing is reported as unknown, never guessed.
#include "platform/pci_link.hpp"
#include "platform/topology.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linkperf {

struct SysfsGpu {
    std::string bdf; // "0000:19:00.0"
    std::uint16_t vendor_id = 0;
    std::uint16_t device_id = 0;
    std::uint32_t class_code = 0; // 0x030200
    int numa_node = -1;           // the function's numa_node (-1: not reported)
    std::vector<unsigned> local_cpus;
    std::optional<gpu::PcieLinkReport> link;      // nullopt: no PCIe link files (C2C, VF, ...)
    std::string host_bridge;                      // "pci0000:15": the root complex above it
    std::vector<std::string> bridges;             // PCI bridges from the root port down to the GPU
    int iommu_group = -1;                         // -1: no IOMMU group (IOMMU off or absent)
    std::vector<std::string> iommu_group_devices; // every function in the group, itself included
};

struct SysfsNumaNode {
    unsigned id = 0;
    std::vector<unsigned> cpus;
    std::uint64_t memory_bytes = 0; // meminfo MemTotal
    std::uint64_t free_bytes = 0;   // meminfo MemFree (what libnuma's numa_node_size64 reports)
    std::vector<std::uint64_t> distances; // to every node in id order (empty: not reported)
};

struct SysfsMachine {
    std::filesystem::path root;
    std::vector<SysfsGpu> gpus;            // NVIDIA display/3D controllers, by bus id
    std::vector<SysfsNumaNode> numa_nodes; // by id; empty when devices/system/node is absent
    bool iommu_enabled = false;            // kernel/iommu_groups has at least one group
    std::vector<std::string> nvswitches;   // NVIDIA bridges of class 0x0680 (NVSwitch)

    const SysfsNumaNode* find_node(int id) const;
};

// Reads the machine under `root`. Throws Error(usage) when `root` is not a directory.
SysfsMachine read_sysfs_machine(const std::filesystem::path& root);

// The NUMA nodes under `root`/devices/system/node alone (the memory check reads them for every
// case; the PCI walk is not needed there). Empty when the directory is absent.
std::vector<SysfsNumaNode> read_sysfs_numa_nodes(const std::filesystem::path& root);

// A Topology (NUMA nodes, distances, GPUs with nearest node and local CPUs) from sysfs alone,
// for `linkperf topo --sysfs DIR` without an hwloc export. Packages and cores stay empty.
Topology topology_from_sysfs(const SysfsMachine& machine);

// hwloc gives a CPU-less NUMA node (GPU or CXL memory) the cpuset of its locality (the CPUs of
// the node nearest to it), so it looks like it has CPUs. Clears the CPUs of every node the
// kernel lists with an empty cpulist; other nodes keep what hwloc said.
void clear_cpus_of_cpuless_nodes(Topology& topology, const SysfsMachine& machine);

// GPU-to-GPU connection in the spirit of `nvidia-smi topo -m` from the PCIe paths: "PIX" (at
// most one switch between them), "PXB" (several bridges, one root port), "PHB" (through the
// host bridge), "NODE" (different host bridges, one NUMA node), "SYS" (across NUMA nodes).
std::string pcie_connection(const SysfsGpu& a, const SysfsGpu& b);

} // namespace linkperf
