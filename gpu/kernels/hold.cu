// The hold kernel of nvbandwidth's method: one thread spins on a host flag so that the copies
// queued behind it start together once the host has queued them all.
#include "gpu/kernels/device_clock.cuh"
#include "gpu/kernels/registry_parts.cuh"

namespace linkperf::kernels {
namespace {

__global__ void hold_kernel(const volatile int* flag, volatile int* timed_out,
                            std::uint64_t timeout_ns) {
    const std::uint64_t start = global_ns();
    while (*flag == 0) {
        if (global_ns() - start > timeout_ns) {
            *timed_out = 1;
            __threadfence_system();
            return;
        }
        // Each poll is a read across the link; a pause keeps it from loading the link while
        // the host is still queueing (the release is seen within a microsecond).
        __nanosleep(500);
    }
}

} // namespace

void launch_hold(cudaStream_t stream, const volatile int* flag, volatile int* timed_out,
                 std::uint64_t timeout_ns) {
    hold_kernel<<<1, 1, 0, stream>>>(flag, timed_out, timeout_ns);
}

void add_hold_kernels(std::vector<KernelEntry>& out) {
    out.push_back({"hold_kernel", reinterpret_cast<const void*>(&hold_kernel)});
}

} // namespace linkperf::kernels
