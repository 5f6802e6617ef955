#include "gpu/gpu_paths.hpp"

#include "core/error.hpp"

#include <string>

namespace linkperf::gpu {
namespace {

constexpr std::string_view kOnce = "bytes copied, counted once";
// nvbandwidth's bidirectional convention (gpu/copy_plan.hpp, docs/gpu-paths.md).
constexpr std::string_view kBoth =
    "bytes copied host to GPU, counted once, while GPU to host runs concurrently (nvbandwidth's "
    "bidirectional convention); extra.directions has each direction under load, "
    "extra.bidir_sum_gbps their sum";
constexpr std::string_view kAll = "bytes copied by all concurrent copies, each counted once (sum)";
constexpr std::string_view kLocal =
    "bytes copied, counted once (device memory moves twice this: one read, one write)";

} // namespace

const std::vector<GpuPathInfo>& gpu_paths() {
    static const std::vector<GpuPathInfo> paths{
        {"ce.h2d", PathGroup::copy_engine, Metric::bandwidth, kOnce},
        {"ce.d2h", PathGroup::copy_engine, Metric::bandwidth, kOnce},
        {"ce.bidir", PathGroup::copy_engine, Metric::bandwidth, kBoth},
        {"ce.d2d", PathGroup::copy_engine, Metric::bandwidth, kLocal},
        {"ce.p2p", PathGroup::copy_engine, Metric::bandwidth, kOnce},
        {"ce.p2p_nopeer", PathGroup::copy_engine, Metric::bandwidth, kOnce},
        {"ce.all_to_one", PathGroup::copy_engine, Metric::bandwidth, kAll},
        {"ce.one_to_all", PathGroup::copy_engine, Metric::bandwidth, kAll},
        {"ce.all_to_host", PathGroup::copy_engine, Metric::bandwidth, kAll},
        {"ce.host_to_all", PathGroup::copy_engine, Metric::bandwidth, kAll},
        {"sm.h2d", PathGroup::sm, Metric::bandwidth, kOnce},
        {"sm.d2h", PathGroup::sm, Metric::bandwidth, kOnce},
        // Not nvbandwidth's host_to_device_bidirectional_memcpy_sm (one split-warp kernel, both
        // directions' bytes / 2): two copy kernels, CE bidir's convention (docs/gpu-paths.md).
        {"sm.bidir_loaded", PathGroup::sm, Metric::bandwidth, kBoth},
        {"sm.d2d", PathGroup::sm, Metric::bandwidth, kLocal},
        {"sm.p2p", PathGroup::sm, Metric::bandwidth, kOnce},
        {"um.prefetch", PathGroup::managed, Metric::bandwidth, "bytes migrated, counted once"},
        {"um.demand", PathGroup::managed, Metric::bandwidth,
         "bytes copied out of faulting managed memory, counted once"},
        {"lat.gpu_host", PathGroup::latency, Metric::latency,
         "one dependent load by one GPU thread"},
        {"lat.gpu_peer", PathGroup::latency, Metric::latency,
         "one dependent load by one GPU thread"},
        {"lat.gpu_host_stride", PathGroup::latency, Metric::latency,
         "one dependent load by one GPU thread, nvbandwidth's chain: 2 MiB, 128-byte lines in "
         "address order"},
        {"lat.gpu_peer_stride", PathGroup::latency, Metric::latency,
         "one dependent load by one GPU thread, nvbandwidth's chain: 2 MiB, 128-byte lines in "
         "address order"},
        {"lat.gpu_local", PathGroup::latency, Metric::latency,
         "one dependent load by one GPU thread"},
        {"lat.host_gpu", PathGroup::latency, Metric::latency,
         "one dependent load by one CPU thread"},
        {"lat.pingpong", PathGroup::latency, Metric::latency,
         "one one-way hop: half a CPU-GPU flag round trip"},
        {"lat.copy", PathGroup::latency, Metric::latency,
         "one cudaMemcpyAsync from call to completion seen by the host"},
    };
    return paths;
}

const GpuPathInfo* find_gpu_path(std::string_view id) {
    for (const auto& p : gpu_paths()) {
        if (p.id == id) {
            return &p;
        }
    }
    return nullptr;
}

Path gpu_path(std::string_view id) {
    const GpuPathInfo* info = find_gpu_path(id);
    if (info == nullptr) {
        throw usage_error("unknown GPU path '" + std::string(id) + "'");
    }
    return Path{std::string(info->id), info->metric, std::string(info->bytes_counted)};
}

} // namespace linkperf::gpu
