// Maps every page of host memory for a GPU before timing (system memory under HMM): a GPU
// touching a page for the first time faults, and a timed copy or pointer chase would then
// measure fault servicing instead of the link.
#include "gpu/kernels/registry_parts.cuh"

#include <algorithm>

namespace linkperf::kernels {
namespace {

constexpr int kBlock = 256;

__global__ void touch_kernel(unsigned char* data, std::size_t pages, std::size_t page_bytes) {
    const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
    for (std::size_t p = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x; p < pages;
         p += stride) {
        // A write maps the page writable (a read alone may map it read-only); the value written
        // is the one read, so the buffer's contents do not change.
        volatile unsigned char* b = data + p * page_bytes;
        *b = *b;
    }
}

} // namespace

void launch_touch_pages(cudaStream_t stream, void* data, std::size_t bytes,
                        std::size_t page_bytes) {
    const std::size_t step = std::max<std::size_t>(1, page_bytes);
    const std::size_t pages = (bytes + step - 1) / step;
    const auto grid =
        static_cast<unsigned>(std::clamp<std::size_t>((pages + kBlock - 1) / kBlock, 1, 4096));
    touch_kernel<<<grid, kBlock, 0, stream>>>(static_cast<unsigned char*>(data), pages, step);
}

void add_touch_kernels(std::vector<KernelEntry>& out) {
    out.push_back({"touch_kernel", reinterpret_cast<const void*>(&touch_kernel)});
}

} // namespace linkperf::kernels
