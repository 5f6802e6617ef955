#pragma once
// Which GPU paths and memory kinds a device can do, decided from the attributes CUDA reports
// (GpuDevice), before anything is allocated. Each answer is empty when the thing can run, or
// one line saying why not, recorded as the skipped case's reason.
#include "core/case.hpp"
#include "gpu/gpu_inventory.hpp"
#include "gpu/memory_kind.hpp"

#include <string>

namespace linkperf::gpu {

enum class HostAccess {
    copy_engine, // cudaMemcpyAsync to or from it
    kernel,      // kernels load and store it in place
};

std::string host_access_unavailable(const GpuDevice& device, MemoryKind kind, HostAccess access);
// Prefetching and demand paging of managed memory.
std::string managed_unavailable(const GpuDevice& device);
// A CPU thread loading GPU-resident memory in place (coherent platforms).
std::string host_load_unavailable(const GpuDevice& device);
// Kernels of `from` loading and storing memory of `to` (peer access).
std::string peer_unavailable(const GpuInventory& inventory, int from, int to);

// Everything a planned GPU case needs, checked against this host's devices.
std::string case_unavailable(const Case& c, const GpuInventory& inventory);

} // namespace linkperf::gpu
