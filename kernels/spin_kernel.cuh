#pragma once
// Holds a stream until the host writes 1 to a mapped flag, so that every copy queued behind it
// starts back to back and the CUDA events time the copies, not the enqueueing
// (nvbandwidth's technique). A timeout keeps a lost flag from hanging the GPU forever.
#include <cuda_runtime.h>

#include <cstdint>

namespace linkperf::kernels {

void launch_spin_until_released(volatile int* flag, std::uint64_t timeout_ns, cudaStream_t stream);

// Fills n 32-bit words with seed + i and counts mismatches of the same pattern.
void launch_fill_pattern(std::uint32_t* data, std::size_t n, std::uint32_t seed,
                         cudaStream_t stream);
void launch_count_mismatches(const std::uint32_t* data, std::size_t n, std::uint32_t seed,
                             unsigned long long* mismatches, cudaStream_t stream);

} // namespace linkperf::kernels
