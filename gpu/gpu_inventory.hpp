#pragma once
// What CUDA says about the GPUs of this host. Plain C++: the CUDA implementation is in
// gpu/cuda, the "built without CUDA" one in gpu/nocuda.
#include "platform/link_rate.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace linkperf::gpu {

// What the driver says about reaching another GPU (cudaDeviceGetP2PAttribute).
struct PeerLink {
    int peer = 0;                  // CUDA ordinal of the other GPU
    bool access_supported = false; // cudaDevP2PAttrAccessSupported (cudaDeviceCanAccessPeer)
    bool native_atomics = false;   // cudaDevP2PAttrNativeAtomicSupported
    int performance_rank = -1;     // cudaDevP2PAttrPerformanceRank: 0 is the best link
};

struct GpuDevice {
    int index = 0;          // CUDA device ordinal
    std::string name;       // "NVIDIA H200"
    std::string pci_bus_id; // "0000:19:00.0", lower case, as hwloc and sysfs spell it
    int numa_node = -1;     // the PCI function's numa_node in sysfs (-1: not reported)
    int compute_major = 0;
    int compute_minor = 0;
    int sm_count = 0;
    std::uint64_t total_memory = 0; // bytes
    std::uint64_t free_memory = 0;  // bytes, at query time
    std::uint64_t l2_cache_bytes = 0;
    int async_engine_count = 0; // copy engines
    bool can_map_host_memory = false;
    bool unified_addressing = false;
    bool managed_memory = false;
    bool concurrent_managed_access = false;
    bool pageable_memory_access = false;          // HMM/ATS/C2C: kernels may touch malloc'd memory
    bool pageable_uses_host_page_tables = false;  // ATS (NVLink-C2C, Grace)
    bool direct_managed_access_from_host = false; // the CPU loads GPU-resident managed memory
    bool host_native_atomics = false;
    int memory_clock_khz = 0;
    int memory_bus_width_bits = 0;
    std::vector<PeerLink> peers; // every other device, in ordinal order
    // A MIG instance (NVML reports MIG mode enabled on the GPU at this PCI address: CUDA then
    // sees only instances). Its SM count, memory peak and PCIe link are the whole GPU's.
    bool mig_instance = false;
    std::string mig_detail; // how it was found, or why NVML could not tell
    // Identity: CUDA's UUID of this device ("GPU-..." or, on a MIG instance, "MIG-..."), and
    // from NVML (empty without it) the physical GPU's UUID, its VBIOS version and the UUIDs of
    // all MIG instances on it.
    std::string uuid;
    std::string gpu_uuid;
    std::string vbios_version;
    std::vector<std::string> mig_instance_uuids;

    const PeerLink* peer(int other) const;
    // The link host traffic takes: NVLink-C2C where the GPU walks the CPU's page tables
    // (cudaDevAttrPageableMemoryAccessUsesHostPageTables: Grace Hopper; its PCIe function, if
    // sysfs shows one, carries no host traffic), else PCIe (HMM on x86 included).
    HostLinkKind host_link_kind() const;
};

struct GpuInventory {
    bool available = false; // at least one device could be used
    bool built_with_cuda = true;
    std::string reason;         // why not, when !available ("no CUDA device", ...)
    int driver_version = 0;     // cudaDriverGetVersion, e.g. 13000
    std::string driver_release; // the driver's own version, "580.65.06" (NVML), or empty
    int runtime_version = 0;    // cudaRuntimeGetVersion
    std::string nccl_version;   // "2.27.3" when NCCL loads (dlopen), else empty
    std::vector<GpuDevice> devices;

    const GpuDevice* device(int index) const;
};

// A UUID's 16 bytes as NVIDIA prints them: "GPU-" (or "MIG-" for a MIG instance) and the
// canonical 8-4-4-4-12 lower-case hex groups.
std::string uuid_text(const unsigned char (&bytes)[16], bool mig_instance);

// Never throws: a host without a driver or device gets available=false with the reason.
GpuInventory query_gpus();

} // namespace linkperf::gpu
