#include "bench/gpu_family/saturation_gpu_plan.hpp"

#include "bench/gpu_family/gpu_plan.hpp"
#include "bench/host/saturation_host_plan.hpp"
#include "gpu/gpu_paths.hpp"
#include "gpu/memory_kind.hpp"

#include <string>

namespace linkperf::bench {

std::vector<Case> plan_gpu_saturation(const Topology& topo, const gpu::GpuInventory& inventory,
                                      const PlanOptions& options) {
    std::vector<Case> cases;
    if (!inventory.available || inventory.devices.empty()) {
        return cases;
    }
    const std::vector<gpu::GpuPlacement> placements = gpu::place_gpus(topo, inventory);
    const gpu::GpuPlacement& first = placements.front();
    int node = first.near_node;
    if (options.numa) {
        topo.node_position(options.numa->source); // throws environment_error when absent
        node = static_cast<int>(options.numa->source);
    }
    const auto count = static_cast<unsigned>(placements.size());
    const std::vector<std::uint64_t> sizes =
        options.sizes ? *options.sizes : std::vector<std::uint64_t>{256ULL << 20};
    const auto add = [&](PathId path, const Endpoint& src, const Endpoint& dst, unsigned threads) {
        for (const std::uint64_t size : sizes) {
            Case c;
            c.path = make_path(path);
            c.source = src;
            c.destination = dst;
            c.size_bytes = size;
            c.threads = threads;
            c.cpus = first.cpus;
            cases.push_back(std::move(c));
        }
    };
    // One GPU is one point, not a curve (and the aggregate paths need two).
    if (options.study.sweeps.gpus && node >= 0 && count >= 2) {
        const Endpoint gpus{EndpointKind::gpu_memory, first.device, "all", "device"};
        const Endpoint host{EndpointKind::host_memory, node, kSweepHostRole,
                            to_string(gpu::MemoryKind::pinned)};
        for (const unsigned k : sweep_levels(count)) {
            add(PathId::ce_all_to_host, gpus, host, k);
            add(PathId::ce_host_to_all, host, gpus, k);
        }
    }
    if (options.study.sweeps.peers && count >= 2) {
        const Endpoint target{EndpointKind::gpu_memory, first.device,
                              "gpu" + std::to_string(first.device), "device"};
        const Endpoint peers{EndpointKind::gpu_memory, placements[1].device, "peers", "device"};
        for (const unsigned k : sweep_levels(count - 1)) {
            add(PathId::ce_all_to_one, peers, target, k);
        }
    }
    return cases;
}

} // namespace linkperf::bench
