#pragma once
// The machine as linkperf sees it, for `linkperf topo`: packages, NUMA nodes with memory and
// CPUs, the distance matrix, and every GPU with its nearest node and local CPUs, joined with
// what CUDA reports for the same PCI bus id.
#include "gpu/gpu_inventory.hpp"
#include "platform/nvml_loader.hpp"
#include "platform/sysfs_pci.hpp"
#include "platform/topology.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace linkperf {

nlohmann::json topology_json(const Topology& topo, const gpu::GpuInventory& cuda);
std::string topology_text(const Topology& topo, const gpu::GpuInventory& cuda);

// Everything `linkperf topo` shows: the hwloc (or sysfs-built) topology, what sysfs says about
// each GPU's PCIe path, IOMMU group and NUMA node, and what CUDA says (peer access, C2C).
struct TopoView {
    Topology topology;
    std::optional<SysfsMachine> sysfs; // nullopt: no sysfs root (an export of another machine)
    gpu::GpuInventory cuda;
    std::vector<NvlinkFacts> nvlinks; // from NVML on the live machine
    std::string nvlink_reason;        // why there are none ("libnvidia-ml.so.1 not found ...")
};

// topology_json plus, per GPU, "pcie" (current/max speed and width, the path to the root port,
// the bottleneck), "link_kind", "iommu_group"; and "gpu_matrix" (connection kinds, peer access),
// "nvswitches", "iommu_enabled".
nlohmann::json topo_matrix_json(const TopoView& view);
// topology_text plus the GPU matrix in the spirit of `nvidia-smi topo -m` and a legend.
std::string topo_matrix_text(const TopoView& view);

// The GPU's link as a label: "c2c" when CUDA reports host page tables (NVLink-C2C/ATS),
// "pcie5x16" from the most the GPU and its port can do, "unknown" otherwise.
std::string gpu_link_kind(const SysfsGpu* sysfs, const gpu::GpuDevice* cuda);

} // namespace linkperf
