// preload_kernels (gpu/gpu_ops.hpp): cudaFuncGetAttributes loads a kernel's module on
// the current device, which lazy loading would otherwise do at its first launch.
#include "gpu/cuda/cuda_resources.hpp"
#include "gpu/gpu_ops.hpp"
#include "gpu/kernels/launchers.cuh"

#include <string>

namespace linkperf::gpu {

std::size_t preload_kernels(const GpuInventory& inventory) {
    const std::vector<kernels::KernelEntry> all = kernels::kernel_registry();
    for (const GpuDevice& d : inventory.devices) {
        DeviceScope on(d.index);
        for (const kernels::KernelEntry& k : all) {
            cudaFuncAttributes attributes{};
            check(cudaFuncGetAttributes(&attributes, k.function),
                  ("cudaFuncGetAttributes(" + std::string(k.name) + ") on gpu" +
                   std::to_string(d.index))
                      .c_str());
        }
    }
    return all.size();
}

} // namespace linkperf::gpu
