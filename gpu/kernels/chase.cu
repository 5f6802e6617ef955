// The pointer-chase kernel: one thread, one dependent load after another, timed on the GPU by
// %globaltimer so that neither the launch nor the host sees the clock.
#include "gpu/kernels/device_clock.cuh"
#include "gpu/kernels/registry_parts.cuh"

namespace linkperf::kernels {
namespace {

template <bool Uncached>
__global__ void chase_kernel(std::uint64_t start, std::uint64_t hops, std::uint64_t* out) {
    auto p = reinterpret_cast<const unsigned long long*>(start);
    const std::uint64_t t0 = global_ns();
    for (std::uint64_t h = 0; h < hops; ++h) {
        // .cv refetches host lines on every load; .cg keeps device lines in L2 but out of L1.
        p = reinterpret_cast<const unsigned long long*>(Uncached ? __ldcv(p) : __ldcg(p));
    }
    // A branch on the last pointer loaded: the clock below cannot be read before that load
    // has returned, so the last hop is timed too. A chain never holds a null pointer.
    if (p == nullptr) {
        out[0] = 0;
        out[1] = 0;
        return;
    }
    const std::uint64_t t1 = global_ns();
    out[0] = reinterpret_cast<std::uint64_t>(p); // the dependency chain ends in a store
    out[1] = t1 - t0;
}

} // namespace

void launch_chase(cudaStream_t stream, std::uint64_t start, std::uint64_t hops, bool uncached,
                  std::uint64_t* out) {
    const auto kernel = uncached ? &chase_kernel<true> : &chase_kernel<false>;
    kernel<<<1, 1, 0, stream>>>(start, hops, out);
}

void add_chase_kernels(std::vector<KernelEntry>& out) {
    out.push_back({"chase_kernel<uncached>", reinterpret_cast<const void*>(&chase_kernel<true>)});
    out.push_back({"chase_kernel<l2>", reinterpret_cast<const void*>(&chase_kernel<false>)});
}

} // namespace linkperf::kernels
