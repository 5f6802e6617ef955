// Copy kernels that saturate a link: 16-byte vector loads and stores (uint4), several
// independent loads in flight per thread (unrolled), a grid-stride loop over as many blocks as
// the SMs hold, and load/store flavours that keep host data from being served out of L2.
#include "gpu/cuda/cuda_check.hpp"
#include "gpu/kernels/registry_parts.cuh"

#include <algorithm>

namespace linkperf::kernels {
namespace {

constexpr int kBlock = 256;
constexpr int kUnroll = 4;

template <LoadPolicy L> __device__ __forceinline__ uint4 load(const uint4* p) {
    if constexpr (L == LoadPolicy::uncached) {
        return __ldcv(p);
    } else {
        return *p;
    }
}

template <StorePolicy S> __device__ __forceinline__ void store(uint4* p, uint4 v) {
    if constexpr (S == StorePolicy::write_through) {
        __stwt(p, v);
    } else {
        *p = v;
    }
}

template <LoadPolicy L, StorePolicy S>
__global__ void __launch_bounds__(kBlock)
    copy_kernel(uint4* __restrict__ dst, const uint4* __restrict__ src, std::size_t vectors,
                unsigned char* __restrict__ dst_tail, const unsigned char* __restrict__ src_tail,
                std::size_t tail, std::uint64_t repeats, unsigned long long* __restrict__ marks) {
    const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
    const std::size_t first = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    for (std::uint64_t r = 0; r < repeats; ++r) {
        std::size_t i = first;
        // kUnroll loads issued before the first store: each thread keeps 64 bytes in flight.
        for (; i + (kUnroll - 1) * stride < vectors; i += kUnroll * stride) {
            uint4 v[kUnroll];
#pragma unroll
            for (int u = 0; u < kUnroll; ++u) {
                v[u] = load<L>(src + i + u * stride);
            }
#pragma unroll
            for (int u = 0; u < kUnroll; ++u) {
                store<S>(dst + i + u * stride, v[u]);
            }
        }
        for (; i < vectors; i += stride) {
            store<S>(dst + i, load<L>(src + i));
        }
        if (blockIdx.x == 0 && threadIdx.x < tail) {
            dst_tail[threadIdx.x] = src_tail[threadIdx.x];
        }
        // Every repeat loads and stores again: the compiler may not keep the loaded values
        // across repeats (the source does not change, so it could otherwise).
        asm volatile("" ::: "memory");
        // The repetition's mark: one per block and repetition, so the count after the batch
        // proves how many copies ran (a fire-and-forget reduction, off the copy's path).
        if (marks != nullptr && threadIdx.x == 0) {
            atomicAdd(marks, 1ULL);
        }
    }
}

using CopyKernel = void (*)(uint4*, const uint4*, std::size_t, unsigned char*, const unsigned char*,
                            std::size_t, std::uint64_t, unsigned long long*);

// The kernels launch_copy launches, one per load and store policy; the registry lists these.
struct CopyVariant {
    LoadPolicy load;
    StorePolicy store;
    const char* name;
    CopyKernel kernel;
};
constexpr CopyVariant kCopyVariants[] = {
    {LoadPolicy::normal, StorePolicy::normal, "copy_kernel<normal, normal>",
     &copy_kernel<LoadPolicy::normal, StorePolicy::normal>},
    {LoadPolicy::normal, StorePolicy::write_through, "copy_kernel<normal, write_through>",
     &copy_kernel<LoadPolicy::normal, StorePolicy::write_through>},
    {LoadPolicy::uncached, StorePolicy::normal, "copy_kernel<uncached, normal>",
     &copy_kernel<LoadPolicy::uncached, StorePolicy::normal>},
    {LoadPolicy::uncached, StorePolicy::write_through, "copy_kernel<uncached, write_through>",
     &copy_kernel<LoadPolicy::uncached, StorePolicy::write_through>},
};

CopyKernel copy_kernel_for(LoadPolicy load, StorePolicy store) {
    for (const CopyVariant& v : kCopyVariants) {
        if (v.load == load && v.store == store) {
            return v.kernel;
        }
    }
    return kCopyVariants[0].kernel; // unreachable: the table covers every pair
}

} // namespace

CopyGeometry copy_geometry(std::size_t bytes, int share) {
    int device = 0;
    int sms = 1;
    int per_sm = 1;
    gpu::check(cudaGetDevice(&device), "cudaGetDevice");
    gpu::check(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device),
               "cudaDeviceGetAttribute(multiprocessor count)");
    gpu::check(cudaOccupancyMaxActiveBlocksPerMultiprocessor(
                   &per_sm, copy_kernel<LoadPolicy::normal, StorePolicy::normal>, kBlock, 0),
               "cudaOccupancyMaxActiveBlocksPerMultiprocessor(copy kernel)");
    const std::size_t per_block = static_cast<std::size_t>(kBlock) * kUnroll * sizeof(uint4);
    const std::size_t needed = std::max<std::size_t>(1, (bytes + per_block - 1) / per_block);
    const std::size_t full = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::max(1, sms) * std::max(1, per_sm) / std::max(1, share)));
    return {static_cast<int>(std::min(needed, full)), kBlock};
}

void launch_copy(cudaStream_t stream, void* dst, const void* src, std::size_t bytes,
                 LoadPolicy load_policy, StorePolicy store_policy, CopyGeometry geometry,
                 std::uint64_t repeats, unsigned long long* marks) {
    const std::size_t vectors = bytes / sizeof(uint4);
    const std::size_t body = vectors * sizeof(uint4);
    // The tail is copied by the first block's threads: it is shorter than one vector.
    const CopyKernel kernel = copy_kernel_for(load_policy, store_policy);
    kernel<<<geometry.grid, geometry.block, 0, stream>>>(
        static_cast<uint4*>(dst), static_cast<const uint4*>(src), vectors,
        static_cast<unsigned char*>(dst) + body, static_cast<const unsigned char*>(src) + body,
        bytes - body, repeats, marks);
}

void add_copy_kernels(std::vector<KernelEntry>& out) {
    for (const CopyVariant& v : kCopyVariants) {
        out.push_back({v.name, reinterpret_cast<const void*>(v.kernel)});
    }
}

} // namespace linkperf::kernels
