// Copy kernels that saturate a link: 16-byte vector loads and stores (uint4), several
// independent loads in flight per thread (unrolled), a grid-stride loop over as many blocks as
// the SMs hold, and load/store flavours that keep host data from being served out of L2.
#include "kernels/launchers.cuh"

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
                std::size_t tail) {
    const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
    std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
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
}

template <LoadPolicy L, StorePolicy S>
void launch(cudaStream_t stream, void* dst, const void* src, std::size_t bytes, CopyGeometry g) {
    const std::size_t vectors = bytes / sizeof(uint4);
    const std::size_t body = vectors * sizeof(uint4);
    copy_kernel<L, S><<<g.grid, g.block, 0, stream>>>(
        static_cast<uint4*>(dst), static_cast<const uint4*>(src), vectors,
        static_cast<unsigned char*>(dst) + body, static_cast<const unsigned char*>(src) + body,
        bytes - body);
}

} // namespace

CopyGeometry copy_geometry(std::size_t bytes, int share) {
    int device = 0;
    int sms = 1;
    int per_sm = 1;
    cudaGetDevice(&device);
    cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device);
    cudaOccupancyMaxActiveBlocksPerMultiprocessor(
        &per_sm, copy_kernel<LoadPolicy::normal, StorePolicy::normal>, kBlock, 0);
    const std::size_t per_block = static_cast<std::size_t>(kBlock) * kUnroll * sizeof(uint4);
    const std::size_t needed = std::max<std::size_t>(1, (bytes + per_block - 1) / per_block);
    const std::size_t full = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::max(1, sms) * std::max(1, per_sm) / std::max(1, share)));
    return {static_cast<int>(std::min(needed, full)), kBlock};
}

void launch_copy(cudaStream_t stream, void* dst, const void* src, std::size_t bytes,
                 LoadPolicy load_policy, StorePolicy store_policy, CopyGeometry geometry) {
    // The tail is copied by the first block's threads: it is shorter than one vector.
    if (load_policy == LoadPolicy::uncached) {
        if (store_policy == StorePolicy::write_through) {
            launch<LoadPolicy::uncached, StorePolicy::write_through>(stream, dst, src, bytes,
                                                                     geometry);
        } else {
            launch<LoadPolicy::uncached, StorePolicy::normal>(stream, dst, src, bytes, geometry);
        }
    } else if (store_policy == StorePolicy::write_through) {
        launch<LoadPolicy::normal, StorePolicy::write_through>(stream, dst, src, bytes, geometry);
    } else {
        launch<LoadPolicy::normal, StorePolicy::normal>(stream, dst, src, bytes, geometry);
    }
}

} // namespace linkperf::kernels
