#pragma once
// Each gpu/kernels/*.cu file lists the instantiations it launches; kernel_registry.cu joins them.
#include "gpu/kernels/launchers.cuh"

#include <vector>

namespace linkperf::kernels {

void add_copy_kernels(std::vector<KernelEntry>& out);
void add_hold_kernels(std::vector<KernelEntry>& out);
void add_pattern_kernels(std::vector<KernelEntry>& out);
void add_chase_kernels(std::vector<KernelEntry>& out);
void add_pingpong_kernels(std::vector<KernelEntry>& out);
void add_touch_kernels(std::vector<KernelEntry>& out);

} // namespace linkperf::kernels
