// The GPU side of lat.pingpong: a single thread answers every host ping through mapped host
// memory, so a round trip is one CPU store seen by the GPU plus one GPU store seen by the CPU.
#include "gpu/kernels/device_clock.cuh"
#include "gpu/kernels/registry_parts.cuh"

namespace linkperf::kernels {
namespace {

// Polls between two looks at the clock: the timeout only guards against a lost host, and a
// clock read on every poll would add to each hop.
constexpr std::uint32_t kPollsPerClockRead = 256;

__global__ void pingpong_kernel(const volatile std::uint32_t* ping, volatile std::uint32_t* pong,
                                std::uint64_t rounds, std::uint64_t timeout_ns) {
    *pong = kPingPongReady;
    __threadfence_system();
    for (std::uint64_t i = 1; i <= rounds; ++i) {
        const auto want = static_cast<std::uint32_t>(i);
        std::uint64_t since = 0; // set at the first clock read of this wait
        for (std::uint32_t polls = 1;; ++polls) {
            const std::uint32_t seen = *ping; // the only read across the link per poll
            if (seen == want) {
                break;
            }
            if (seen == kPingPongAbort) {
                return;
            }
            if (polls % kPollsPerClockRead == 0) {
                const std::uint64_t now = global_ns();
                if (since == 0) {
                    since = now;
                } else if (now - since > timeout_ns) {
                    return;
                }
            }
        }
        *pong = want;
        __threadfence_system();
    }
}

} // namespace

void launch_pingpong(cudaStream_t stream, const volatile std::uint32_t* ping,
                     volatile std::uint32_t* pong, std::uint64_t rounds, std::uint64_t timeout_ns) {
    pingpong_kernel<<<1, 1, 0, stream>>>(ping, pong, rounds, timeout_ns);
}

void add_pingpong_kernels(std::vector<KernelEntry>& out) {
    out.push_back({"pingpong_kernel", reinterpret_cast<const void*>(&pingpong_kernel)});
}

} // namespace linkperf::kernels
