#include "core/pci_bus_id.hpp"
#include "gpu/cuda/mig_query.hpp"
#include "gpu/gpu_inventory.hpp"
#include "platform/pci_link.hpp"

#include <cuda_runtime_api.h>
#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <utility>

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

// NCCL's version ("2.27.3"), or empty where no NCCL loads: the library is opened at run time
// (as linkperf-coll does) so that linkperf needs no NCCL to start. $LINKPERF_NCCL_LIBRARY
// first, then the loader's search, then the library found at configure time.
std::string nccl_version() {
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("LINKPERF_NCCL_LIBRARY"); env != nullptr && *env != '\0') {
        candidates.emplace_back(env);
    }
    candidates.emplace_back("libnccl.so.2");
#ifdef LINKPERF_NCCL_LIBRARY_PATH
    candidates.emplace_back(LINKPERF_NCCL_LIBRARY_PATH);
#endif
    for (const std::string& c : candidates) {
        void* handle = dlopen(c.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            continue;
        }
        using GetVersion = int (*)(int*); // ncclResult_t ncclGetVersion(int*); ncclSuccess = 0
        const auto get = reinterpret_cast<GetVersion>(dlsym(handle, "ncclGetVersion"));
        int v = 0;
        std::string text;
        if (get != nullptr && get(&v) == 0 && v > 0) {
            // NCCL_VERSION_CODE: major*10000 + minor*100 + patch since 2.9.
            text = std::to_string(v / 10000) + "." + std::to_string(v % 10000 / 100) + "." +
                   std::to_string(v % 100);
        }
        dlclose(handle);
        return text;
    }
    return {};
}

} // namespace

GpuInventory query_gpus() {
    GpuInventory inv;
    inv.built_with_cuda = true;
    cudaDriverGetVersion(&inv.driver_version);
    cudaRuntimeGetVersion(&inv.runtime_version);
    inv.driver_release = nvml_driver_release();
    inv.nccl_version = nccl_version();
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
            dev.pci_bus_id = canonical_pci_bus_id(bus);
            dev.numa_node = read_pci_numa_node("/sys", dev.pci_bus_id);
            MigState mig = query_mig(bus);
            dev.mig_instance = mig.enabled;
            dev.mig_detail = mig.detail;
            dev.gpu_uuid = std::move(mig.gpu_uuid);
            dev.vbios_version = std::move(mig.vbios_version);
            dev.mig_instance_uuids = std::move(mig.mig_instance_uuids);
        }
        unsigned char uuid[16];
        static_assert(sizeof prop.uuid.bytes == sizeof uuid);
        std::memcpy(uuid, prop.uuid.bytes, sizeof uuid);
        dev.uuid = uuid_text(uuid, dev.mig_instance);
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
