#pragma once
// The CUDA layer's error check, C++17 so the kernels (nvcc, C++17) use it too. A failed call
// becomes a GpuError naming the call; its kind says whether the case is skipped, fails, or the
// run stops (sticky errors leave the context unusable).
#include "gpu/gpu_error.hpp"

#include <cuda_runtime_api.h>

namespace linkperf::gpu {

// What `err` means for the case (cuda_resources.hpp: error_classes is the table).
GpuErrorKind classify(cudaError_t err);
// Throws GpuError(classify(err)) as "CUDA: <what>: <message>" unless err is cudaSuccess.
void check(cudaError_t err, const char* what);
// Checks the error state a kernel launch left.
void check_launch(const char* kernel);

} // namespace linkperf::gpu
