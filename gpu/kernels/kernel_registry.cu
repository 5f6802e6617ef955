// The one list of kernel instantiations (gpu/kernels/launchers.cuh: kernel_registry).
#include "gpu/kernels/registry_parts.cuh"

namespace linkperf::kernels {

std::vector<KernelEntry> kernel_registry() {
    std::vector<KernelEntry> all;
    add_copy_kernels(all);
    add_hold_kernels(all);
    add_pattern_kernels(all);
    add_chase_kernels(all);
    add_pingpong_kernels(all);
    add_touch_kernels(all);
    return all;
}

} // namespace linkperf::kernels
