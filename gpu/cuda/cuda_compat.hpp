#pragma once
// Managed-memory calls whose signatures changed across CUDA releases. linkperf needs CUDA 12.2
// or newer (cmake/LinkperfCuda.cmake refuses older toolkits at configure time): 12.2 added
// cudaMemLocation with host and host-NUMA locations, taken by cudaMemPrefetchAsync_v2 and
// cudaMemAdvise_v2 in 12.x and by the unsuffixed calls from 13.0. tests/cmake/cuda_compat.cmake
// compiles the host sources against the 12.2 and 12.9 runtime headers.
#include <cuda_runtime_api.h>

#if CUDART_VERSION < 12020
#error "linkperf needs CUDA 12.2 or newer (cudaMemLocation host locations)"
#endif

#include <cstddef>

namespace linkperf::gpu {

inline cudaMemLocation device_location(int device) {
    cudaMemLocation loc{};
    loc.type = cudaMemLocationTypeDevice;
    loc.id = device;
    return loc;
}

// A host NUMA node, or the host as a whole for node < 0.
inline cudaMemLocation host_location(int node) {
    cudaMemLocation loc{};
    loc.type = node >= 0 ? cudaMemLocationTypeHostNuma : cudaMemLocationTypeHost;
    loc.id = node >= 0 ? node : 0;
    return loc;
}

inline cudaError_t prefetch_async(const void* p, std::size_t bytes, cudaMemLocation loc,
                                  cudaStream_t stream) {
#if CUDART_VERSION >= 13000
    return cudaMemPrefetchAsync(p, bytes, loc, 0, stream);
#else
    return cudaMemPrefetchAsync_v2(p, bytes, loc, 0, stream);
#endif
}

inline cudaError_t mem_advise(const void* p, std::size_t bytes, cudaMemoryAdvise advice,
                              cudaMemLocation loc) {
#if CUDART_VERSION >= 13000
    return cudaMemAdvise(p, bytes, advice, loc);
#else
    return cudaMemAdvise_v2(p, bytes, advice, loc);
#endif
}

} // namespace linkperf::gpu
