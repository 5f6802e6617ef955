#pragma once
// Device helpers shared by the kernels.
#include <cstdint>

namespace linkperf::kernels {

// %globaltimer: the GPU's nanosecond clock, the same on every SM (on some GPUs it advances in
// steps of about a microsecond). The memory clobber keeps the compiler from moving loads and
// stores across the read.
__device__ __forceinline__ std::uint64_t global_ns() {
    std::uint64_t t = 0;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t) : : "memory");
    return t;
}

} // namespace linkperf::kernels
