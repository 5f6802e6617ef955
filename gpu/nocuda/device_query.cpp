#include "gpu/gpu_inventory.hpp"

namespace linkperf::gpu {

GpuInventory query_gpus() {
    GpuInventory inv;
    inv.available = false;
    inv.built_with_cuda = false;
    inv.reason = "built without CUDA (LINKPERF_CUDA=OFF or no nvcc at configure time)";
    return inv;
}

} // namespace linkperf::gpu
