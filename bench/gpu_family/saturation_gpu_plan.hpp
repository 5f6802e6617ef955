#pragma once
// The GPU half of `linkperf run --suite saturation` (docs/saturation.md), planned from the
// topology and what CUDA reported, so it is tested without a device:
// - gpus (two GPUs or more): 1..G GPUs copying at once to (ce.all_to_host, the checkpoint pattern)
// and from
//   (ce.host_to_all) pinned memory of one NUMA node, the node nearest GPU 0 (role near-gpu0);
// - peers: 1..G-1 peers copying into one GPU (ce.all_to_one).
// The concurrency is the case's `threads` (the number of GPUs or peers copying); the GPU
// runner's copy paths use that many lanes.
#include "core/plan.hpp"
#include "gpu/gpu_inventory.hpp"
#include "platform/topology.hpp"

#include <vector>

namespace linkperf::bench {

// The role of the one host node every GPU of a sweep copies to or from.
inline constexpr const char* kSweepHostRole = "near-gpu0";

// Empty without an available device (the GPU runner says why). Throws Error
// (environment) when --numa names a node the topology lacks.
std::vector<Case> plan_gpu_saturation(const Topology& topo, const gpu::GpuInventory& inventory,
                                      const PlanOptions& options);

} // namespace linkperf::bench
