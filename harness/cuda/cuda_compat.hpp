#pragma once
// Managed-memory calls whose signatures changed across CUDA releases: CUDA 13 takes a
// cudaMemLocation (12.2-12.x spelled these *_v2); older toolkits took a device ordinal.
#include <cuda_runtime_api.h>

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
