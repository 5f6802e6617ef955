#include "harness/gpu/gpu_inventory.hpp"
#include "harness/pci_bus_id.hpp"
#include "harness/pci_link.hpp"

#include <cuda_runtime_api.h>
#ifdef LINKPERF_HAVE_NCCL
#include <nccl.h>

#include <dlfcn.h>
#endif

#include <string>

namespace linkperf::gpu {
namespace {

int attribute(cudaDeviceAttr attr, int device) {
    int value = 0;
    if (cudaDeviceGetAttribute(&value, attr, device) != cudaSuccess) {
        cudaGetLastError();
        return 0;
    }
    return value;
}

int p2p_attribute(cudaDeviceP2PAttr attr, int from, int to, int fallback) {
    int value = fallback;
    if (cudaDeviceGetP2PAttribute(&value, attr, from, to) != cudaSuccess) {
        cudaGetLastError();
        return fallback;
    }
    return value;
}

std::vector<PeerLink> peers_of(int device, int count) {
    std::vector<PeerLink> peers;
    for (int other = 0; other < count; ++other) {
        if (other == device) {
            continue;
        }
        PeerLink p;
        p.peer = other;
        p.access_supported = p2p_attribute(cudaDevP2PAttrAccessSupported, device, other, 0) != 0;
        p.native_atomics =
            p2p_attribute(cudaDevP2PAttrNativeAtomicSupported, device, other, 0) != 0;
        p.performance_rank = p2p_attribute(cudaDevP2PAttrPerformanceRank, device, other, -1);
        peers.push_back(p);
    }
    return peers;
}

#ifdef LINKPERF_HAVE_NCCL
// NCCL's version when libnccl.so.2 loads, else empty. Loaded with dlopen rather than linked, so
// linkperf starts on hosts without NCCL (a VM, a CPU-only node), as linkperf-coll does.
std::string nccl_version() {
    void* lib = ::dlopen("libnccl.so.2", RTLD_LAZY | RTLD_LOCAL);
#ifdef LINKPERF_NCCL_LIBRARY_PATH
    lib = lib != nullptr ? lib : ::dlopen(LINKPERF_NCCL_LIBRARY_PATH, RTLD_LAZY | RTLD_LOCAL);
#endif
    if (lib == nullptr) {
        return "";
    }
    std::string text;
    int v = 0;
    const auto get = reinterpret_cast<decltype(&ncclGetVersion)>(::dlsym(lib, "ncclGetVersion"));
    if (get != nullptr && get(&v) == ncclSuccess) {
        // NCCL_VERSION_CODE: major*10000 + minor*100 + patch since 2.9.
        text = std::to_string(v / 10000) + "." + std::to_string(v % 10000 / 100) + "." +
               std::to_string(v % 100);
    }
    ::dlclose(lib);
    return text;
}
#endif

} // namespace

GpuInventory query_gpus() {
    GpuInventory inv;
    inv.built_with_cuda = true;
    cudaDriverGetVersion(&inv.driver_version);
    cudaRuntimeGetVersion(&inv.runtime_version);
#ifdef LINKPERF_HAVE_NCCL
    inv.nccl_version = nccl_version();
#endif
    int count = 0;
    const cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess || count == 0) {
        inv.available = false;
        inv.reason = err == cudaSuccess
                         ? std::string("no CUDA device")
                         : std::string("no CUDA device (") + cudaGetErrorString(err) + ")";
        cudaGetLastError(); // clear the error so later calls start clean
        return inv;
    }
    int previous = 0;
    cudaGetDevice(&previous);
    for (int d = 0; d < count; ++d) {
        GpuDevice dev;
        dev.index = d;
        cudaDeviceProp prop{};
        if (cudaGetDeviceProperties(&prop, d) != cudaSuccess) {
            cudaGetLastError();
            continue;
        }
        dev.name = prop.name;
        char bus[32] = {};
        if (cudaDeviceGetPCIBusId(bus, sizeof bus, d) == cudaSuccess) {
            dev.pci_bus_id = normalize_pci_bus_id(bus).value_or(bus);
            dev.numa_node = read_pci_numa_node("/sys", dev.pci_bus_id);
        }
        dev.compute_major = prop.major;
        dev.compute_minor = prop.minor;
        dev.sm_count = prop.multiProcessorCount;
        dev.total_memory = prop.totalGlobalMem;
        dev.l2_cache_bytes = static_cast<std::uint64_t>(prop.l2CacheSize);
        dev.async_engine_count = attribute(cudaDevAttrAsyncEngineCount, d);
        dev.can_map_host_memory = attribute(cudaDevAttrCanMapHostMemory, d) != 0;
        dev.unified_addressing = attribute(cudaDevAttrUnifiedAddressing, d) != 0;
        dev.managed_memory = attribute(cudaDevAttrManagedMemory, d) != 0;
        dev.concurrent_managed_access = attribute(cudaDevAttrConcurrentManagedAccess, d) != 0;
        dev.pageable_memory_access = attribute(cudaDevAttrPageableMemoryAccess, d) != 0;
        dev.pageable_uses_host_page_tables =
            attribute(cudaDevAttrPageableMemoryAccessUsesHostPageTables, d) != 0;
        dev.direct_managed_access_from_host =
            attribute(cudaDevAttrDirectManagedMemAccessFromHost, d) != 0;
        dev.host_native_atomics = attribute(cudaDevAttrHostNativeAtomicSupported, d) != 0;
        dev.memory_clock_khz = attribute(cudaDevAttrMemoryClockRate, d);
        dev.memory_bus_width_bits = attribute(cudaDevAttrGlobalMemoryBusWidth, d);
        dev.peers = peers_of(d, count);
        std::size_t free_b = 0;
        std::size_t total_b = 0;
        if (cudaSetDevice(d) == cudaSuccess && cudaMemGetInfo(&free_b, &total_b) == cudaSuccess) {
            dev.free_memory = free_b;
        } else {
            cudaGetLastError();
        }
        inv.devices.push_back(dev);
    }
    cudaSetDevice(previous);
    inv.available = !inv.devices.empty();
    if (!inv.available) {
        inv.reason = "no usable CUDA device";
    }
    return inv;
}

} // namespace linkperf::gpu
