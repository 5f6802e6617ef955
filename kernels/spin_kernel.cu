#include "kernels/spin_kernel.cuh"

namespace linkperf::kernels {
namespace {

__global__ void spin_until_released(volatile int* flag, std::uint64_t timeout_ns) {
    std::uint64_t start = 0;
    asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(start));
    while (*flag == 0) {
        std::uint64_t now = 0;
        asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(now));
        if (now - start > timeout_ns) {
            break;
        }
    }
}

__global__ void fill_pattern(std::uint32_t* data, std::size_t n, std::uint32_t seed) {
    for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < n;
         i += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
        data[i] = seed + static_cast<std::uint32_t>(i);
    }
}

__global__ void count_mismatches(const std::uint32_t* data, std::size_t n, std::uint32_t seed,
                                 unsigned long long* mismatches) {
    unsigned long long local = 0;
    for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < n;
         i += static_cast<std::size_t>(gridDim.x) * blockDim.x) {
        local += data[i] != seed + static_cast<std::uint32_t>(i) ? 1 : 0;
    }
    if (local != 0) {
        atomicAdd(mismatches, local);
    }
}

unsigned grid_for(std::size_t n) {
    const std::size_t blocks = (n + 255) / 256;
    return static_cast<unsigned>(blocks < 4096 ? (blocks == 0 ? 1 : blocks) : 4096);
}

} // namespace

void launch_spin_until_released(volatile int* flag, std::uint64_t timeout_ns, cudaStream_t stream) {
    spin_until_released<<<1, 1, 0, stream>>>(flag, timeout_ns);
}

void launch_fill_pattern(std::uint32_t* data, std::size_t n, std::uint32_t seed,
                         cudaStream_t stream) {
    fill_pattern<<<grid_for(n), 256, 0, stream>>>(data, n, seed);
}

void launch_count_mismatches(const std::uint32_t* data, std::size_t n, std::uint32_t seed,
                             unsigned long long* mismatches, cudaStream_t stream) {
    count_mismatches<<<grid_for(n), 256, 0, stream>>>(data, n, seed, mismatches);
}

} // namespace linkperf::kernels
