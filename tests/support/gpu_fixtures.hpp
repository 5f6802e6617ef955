#pragma once
// Synthetic CUDA inventories for the GPU tests: devices with the attributes a given kind of GPU
// reports, placed at the PCI addresses of a topology export's GPUs.
#include "gpu/gpu_inventory.hpp"
#include "platform/topology.hpp"

#include <string>
#include <vector>

namespace linkperf::gpu::testing {

// A discrete PCIe/NVLink GPU without coherent host access (V100, A100, H100 PCIe).
inline GpuDevice discrete_gpu() {
    GpuDevice d;
    d.name = "discrete";
    d.sm_count = 80;
    d.total_memory = d.free_memory = 32ULL << 30;
    d.can_map_host_memory = true;
    d.unified_addressing = true;
    d.managed_memory = true;
    d.concurrent_managed_access = true;
    d.memory_clock_khz = 877000;
    d.memory_bus_width_bits = 4096;
    return d;
}

// A GPU on a coherent link (GH200 over NVLink-C2C): kernels load pageable memory in place and
// the CPU loads GPU memory.
inline GpuDevice coherent_gpu() {
    GpuDevice d = discrete_gpu();
    d.name = "coherent";
    d.pageable_memory_access = true;
    d.pageable_uses_host_page_tables = true;
    d.direct_managed_access_from_host = true;
    d.host_native_atomics = true;
    return d;
}

// One device per topology GPU, CUDA ordinals in reverse PCI order (CUDA enumerates fastest
// first, so ordinals and bus order differ), every pair peer-capable when `peers`.
inline GpuInventory inventory_for(const Topology& topo, const GpuDevice& model, bool peers) {
    GpuInventory inv;
    inv.available = true;
    const int n = static_cast<int>(topo.gpus.size());
    for (int i = 0; i < n; ++i) {
        GpuDevice d = model;
        d.index = i;
        d.pci_bus_id = topo.gpus[static_cast<std::size_t>(n - 1 - i)].pci_bus_id;
        for (int j = 0; j < n; ++j) {
            if (j != i) {
                d.peers.push_back({j, peers, peers, peers ? 0 : -1});
            }
        }
        inv.devices.push_back(d);
    }
    return inv;
}

} // namespace linkperf::gpu::testing
