// Fills and checks the verification pattern (gpu/pattern.hpp) on the GPU, so device
// buffers are verified where they live.
#include "gpu/kernels/registry_parts.cuh"
#include "gpu/pattern.hpp"

#include <algorithm>

namespace linkperf::kernels {
namespace {

constexpr int kBlock = 256;

__global__ void fill_kernel(unsigned long long* words, std::size_t n_words, unsigned char* bytes,
                            std::size_t n_bytes, std::uint64_t seed) {
    const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
    for (std::size_t w = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
         w < n_words; w += stride) {
        words[w] = gpu::pattern_word(w, seed);
    }
    if (blockIdx.x == 0 && threadIdx.x == 0) {
        for (std::size_t b = n_words * 8; b < n_bytes; ++b) {
            bytes[b] = gpu::pattern_byte(b, seed);
        }
    }
}

__global__ void count_kernel(const unsigned long long* words, std::size_t n_words,
                             const unsigned char* bytes, std::size_t n_bytes, std::uint64_t seed,
                             unsigned long long* mismatches) {
    const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
    unsigned long long bad = 0;
    for (std::size_t w = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
         w < n_words; w += stride) {
        const unsigned long long diff = words[w] ^ gpu::pattern_word(w, seed);
        for (int b = 0; b < 8; ++b) {
            bad += ((diff >> (8 * b)) & 0xffULL) != 0 ? 1 : 0;
        }
    }
    if (blockIdx.x == 0 && threadIdx.x == 0) {
        for (std::size_t b = n_words * 8; b < n_bytes; ++b) {
            bad += bytes[b] != gpu::pattern_byte(b, seed) ? 1 : 0;
        }
    }
    if (bad != 0) {
        atomicAdd(mismatches, bad);
    }
}

unsigned grid_for(std::size_t words) {
    const std::size_t blocks = (words + kBlock - 1) / kBlock;
    return static_cast<unsigned>(std::clamp<std::size_t>(blocks, 1, 8192));
}

} // namespace

void launch_fill_pattern(cudaStream_t stream, void* data, std::size_t bytes, std::uint64_t seed) {
    const std::size_t words = bytes / 8;
    fill_kernel<<<grid_for(words), kBlock, 0, stream>>>(static_cast<unsigned long long*>(data),
                                                        words, static_cast<unsigned char*>(data),
                                                        bytes, seed);
}

void launch_count_mismatches(cudaStream_t stream, const void* data, std::size_t bytes,
                             std::uint64_t seed, unsigned long long* mismatches) {
    const std::size_t words = bytes / 8;
    count_kernel<<<grid_for(words), kBlock, 0, stream>>>(
        static_cast<const unsigned long long*>(data), words,
        static_cast<const unsigned char*>(data), bytes, seed, mismatches);
}

void add_pattern_kernels(std::vector<KernelEntry>& out) {
    out.push_back({"fill_kernel", reinterpret_cast<const void*>(&fill_kernel)});
    out.push_back({"count_kernel", reinterpret_cast<const void*>(&count_kernel)});
}

} // namespace linkperf::kernels
