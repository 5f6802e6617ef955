// The GPU side of lat.pingpong: a single thread answers every host ping through mapped host
// memory, so a round trip is one CPU store seen by the GPU plus one GPU store seen by the CPU.
#include "kernels/device_clock.cuh"
#include "kernels/launchers.cuh"

namespace linkperf::kernels {
namespace {

__global__ void pingpong_kernel(const volatile std::uint32_t* ping, volatile std::uint32_t* pong,
                                const volatile std::uint32_t* abort, std::uint64_t rounds,
                                std::uint64_t timeout_ns) {
    *pong = kPingPongReady;
    __threadfence_system();
    for (std::uint64_t i = 1; i <= rounds; ++i) {
        const auto want = static_cast<std::uint32_t>(i);
        const std::uint64_t since = global_ns();
        while (*ping != want) {
            if (*abort != 0 || global_ns() - since > timeout_ns) {
                return;
            }
        }
        *pong = want;
        __threadfence_system();
    }
}

} // namespace

void launch_pingpong(cudaStream_t stream, const volatile std::uint32_t* ping,
                     volatile std::uint32_t* pong, const volatile std::uint32_t* abort,
                     std::uint64_t rounds, std::uint64_t timeout_ns) {
    pingpong_kernel<<<1, 1, 0, stream>>>(ping, pong, abort, rounds, timeout_ns);
}

} // namespace linkperf::kernels
