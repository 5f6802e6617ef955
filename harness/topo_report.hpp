#pragma once
// The machine as linkperf sees it, for `linkperf topo`: packages, NUMA nodes with memory and
// CPUs, the distance matrix, and every GPU with its nearest node and local CPUs, joined with
// what CUDA reports for the same PCI bus id.
#include "harness/gpu/gpu_inventory.hpp"
#include "harness/topology.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace linkperf {

nlohmann::json topology_json(const Topology& topo, const gpu::GpuInventory& cuda);
std::string topology_text(const Topology& topo, const gpu::GpuInventory& cuda);

// "0-3,8,10-11"
std::string format_cpu_list(const std::vector<unsigned>& cpus);

} // namespace linkperf
