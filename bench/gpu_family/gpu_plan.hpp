#pragma once
// Expands the GPU paths over the GPUs of a host: which GPUs, which host NUMA nodes (near: the
// GPU's nearest, far: the farthest node with CPUs), which memory kinds, which GPU pairs and
// which sizes, by suite (docs/gpu-paths.md, "Plan"). Device-independent: it needs only the
// topology and what CUDA reported, so exports of other machines test it.
#include "core/case.hpp"
#include "core/plan.hpp"
#include "gpu/gpu_inventory.hpp"
#include "platform/topology.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace linkperf::gpu {

// Where the host side of a GPU's cases lives.
struct GpuPlacement {
    int device = 0;
    std::string pci_bus_id;
    int near_node = -1;         // nearest NUMA node (-1: unknown)
    int far_node = -1;          // farthest other node with CPUs (-1: none)
    std::vector<unsigned> cpus; // PUs of the threads driving this GPU
};

struct GpuPlan {
    std::vector<Case> cases;
    std::vector<GpuPlacement> placements; // one per CUDA device, in ordinal order

    const GpuPlacement* placement(int device) const;
};

// Throws Error(environment) when --numa names a node the topology lacks.
GpuPlan plan_gpu_cases(const Topology& topo, const GpuInventory& inventory,
                       const PlanOptions& options);

// Matches CUDA devices to topology GPUs by PCI bus id: nearest node and local CPUs.
std::vector<GpuPlacement> place_gpus(const Topology& topo, const GpuInventory& inventory);

// Sizes by kind of path: bandwidth transfers, pointer-chase footprints, small-copy latency.
std::vector<std::uint64_t> bandwidth_sizes(const PlanOptions& options);
std::vector<std::uint64_t> chase_sizes(const PlanOptions& options);
std::vector<std::uint64_t> copy_latency_sizes(const PlanOptions& options);

inline constexpr std::size_t kGpuChaseStride = 128; // GPU L2 line
// The footprint of nvbandwidth's latency testcases (host_device_latency_sm,
// device_to_device_latency_sm: a fixed 2 MiB whatever the buffer size), measured by
// lat.gpu_host_stride and lat.gpu_peer_stride beside linkperf's random chains.
inline constexpr std::uint64_t kNvbandwidthLatencyBytes = 2ULL << 20;
inline constexpr std::size_t kCpuChaseStride = 64; // CPU cache line
inline constexpr std::uint64_t kMaxCopyLatencySize = 64 * 1024;

} // namespace linkperf::gpu
