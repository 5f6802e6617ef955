#include "harness/gpu/gpu_inventory.hpp"

#include <cuda_runtime_api.h>
#ifdef LINKPERF_HAVE_NCCL
#include <nccl.h>
#endif

#include <algorithm>
#include <cctype>
#include <string>

namespace linkperf::gpu {
namespace {

int attribute(cudaDeviceAttr attr, int device) {
    int value = 0;
    if (cudaDeviceGetAttribute(&value, attr, device) != cudaSuccess) {
        return 0;
    }
    return value;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

} // namespace

GpuInventory query_gpus() {
    GpuInventory inv;
    cudaDriverGetVersion(&inv.driver_version);
    cudaRuntimeGetVersion(&inv.runtime_version);
#ifdef LINKPERF_HAVE_NCCL
    int nccl = 0;
    if (ncclGetVersion(&nccl) == ncclSuccess) {
        // NCCL_VERSION_CODE: major*10000 + minor*100 + patch since 2.9.
        inv.nccl_version = std::to_string(nccl / 10000) + "." + std::to_string(nccl % 10000 / 100) +
                           "." + std::to_string(nccl % 100);
    }
#endif
    int count = 0;
    const cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess || count == 0) {
        inv.available = false;
        inv.reason = err == cudaSuccess
                         ? std::string("no CUDA device")
                         : std::string("no CUDA device (") + cudaGetErrorString(err) + ")";
        cudaGetLastError(); // clear the sticky-free error so later calls start clean
        return inv;
    }
    for (int d = 0; d < count; ++d) {
        GpuDevice dev;
        dev.index = d;
        cudaDeviceProp prop{};
        if (cudaGetDeviceProperties(&prop, d) != cudaSuccess) {
            continue;
        }
        dev.name = prop.name;
        char bus[32] = {};
        if (cudaDeviceGetPCIBusId(bus, sizeof bus, d) == cudaSuccess) {
            dev.pci_bus_id = lower(bus);
        }
        dev.compute_major = prop.major;
        dev.compute_minor = prop.minor;
        dev.sm_count = prop.multiProcessorCount;
        dev.total_memory = prop.totalGlobalMem;
        dev.async_engine_count = attribute(cudaDevAttrAsyncEngineCount, d);
        dev.can_map_host_memory = attribute(cudaDevAttrCanMapHostMemory, d) != 0;
        dev.unified_addressing = attribute(cudaDevAttrUnifiedAddressing, d) != 0;
        dev.managed_memory = attribute(cudaDevAttrManagedMemory, d) != 0;
        dev.concurrent_managed_access = attribute(cudaDevAttrConcurrentManagedAccess, d) != 0;
        dev.pageable_memory_access = attribute(cudaDevAttrPageableMemoryAccess, d) != 0;
        dev.pageable_uses_host_page_tables =
            attribute(cudaDevAttrPageableMemoryAccessUsesHostPageTables, d) != 0;
        dev.host_native_atomics = attribute(cudaDevAttrHostNativeAtomicSupported, d) != 0;
        dev.memory_clock_khz = attribute(cudaDevAttrMemoryClockRate, d);
        dev.memory_bus_width_bits = attribute(cudaDevAttrGlobalMemoryBusWidth, d);
        std::size_t free_b = 0;
        std::size_t total_b = 0;
        if (cudaSetDevice(d) == cudaSuccess && cudaMemGetInfo(&free_b, &total_b) == cudaSuccess) {
            dev.free_memory = free_b;
        }
        inv.devices.push_back(dev);
    }
    inv.available = !inv.devices.empty();
    if (!inv.available) {
        inv.reason = "no usable CUDA device";
    }
    return inv;
}

} // namespace linkperf::gpu
