// The latency probes on CUDA: pointer chase on a GPU, CPU-GPU ping-pong, small-copy latency.
#include "gpu/cuda/cuda_resources.hpp"
#include "gpu/gpu_ops.hpp"
#include "gpu/kernels/launchers.cuh"

#include <atomic>
#include <chrono>
#include <cstdint>

namespace linkperf::gpu {
namespace {

using Clock = std::chrono::steady_clock;

// A kernel waiting this long for the next ping has lost its host.
constexpr std::uint64_t kPingTimeoutNs = 2'000'000'000ULL;
constexpr auto kHostPatience = std::chrono::seconds(5);

// The flag words of the ping-pong block: each on its own 128-byte line (the GPU's L2 line).
constexpr std::size_t kPing = 0;
constexpr std::size_t kPong = 128;

std::uint32_t* word(std::byte* base, std::size_t offset) {
    return reinterpret_cast<std::uint32_t*>(base + offset);
}

} // namespace

ChaseTiming chase_on_gpu(int device, std::uint64_t start, std::uint64_t hops, ChaseLoad load) {
    DeviceScope on(device);
    Stream stream;
    MappedHostBlock out(2 * sizeof(std::uint64_t));
    kernels::launch_chase(stream.get(), start, hops, load == ChaseLoad::uncached,
                          static_cast<std::uint64_t*>(out.device()));
    check_launch("pointer-chase kernel");
    stream.synchronize("pointer-chase kernel");
    const auto* r = static_cast<const volatile std::uint64_t*>(out.host());
    return {static_cast<double>(r[1]) * 1e-9, r[0]};
}

double pingpong_seconds(int device, GpuBuffer& flags, std::uint64_t round_trips) {
    if (flags.spec().bytes < 256 || flags.host_ptr() == nullptr || flags.device_ptr() == nullptr) {
        throw GpuError(GpuErrorKind::measurement,
                       "ping-pong flags need 256 bytes of mapped host memory");
    }
    if (round_trips >= kernels::kPingPongAbort) {
        // Ping values are 32-bit and the top two are reserved.
        throw GpuError(GpuErrorKind::measurement, "too many ping-pong round trips in one batch");
    }
    std::atomic_ref<std::uint32_t> ping(*word(flags.host_ptr(), kPing));
    std::atomic_ref<std::uint32_t> pong(*word(flags.host_ptr(), kPong));
    ping.store(0);
    pong.store(0);
    DeviceScope on(device);
    Stream stream;
    kernels::launch_pingpong(stream.get(), word(flags.device_ptr(), kPing),
                             word(flags.device_ptr(), kPong), round_trips, kPingTimeoutNs);
    check_launch("ping-pong kernel");

    // Waits for the kernel to answer `value`; false when it never does.
    const auto await = [&](std::uint32_t value) {
        const auto deadline = Clock::now() + kHostPatience;
        std::uint32_t spins = 0;
        while (pong.load(std::memory_order_acquire) != value) {
            if (++spins % 4096 == 0 && Clock::now() > deadline) {
                return false;
            }
        }
        return true;
    };
    bool answered = await(kernels::kPingPongReady); // the kernel runs: start the clock
    const auto t0 = Clock::now();
    for (std::uint64_t i = 1; answered && i <= round_trips; ++i) {
        const auto v = static_cast<std::uint32_t>(i);
        ping.store(v, std::memory_order_release);
        answered = await(v);
    }
    const auto t1 = Clock::now();
    if (!answered) {
        ping.store(kernels::kPingPongAbort, std::memory_order_release);
    }
    stream.synchronize("ping-pong kernel");
    if (!answered) {
        throw GpuError(GpuErrorKind::measurement,
                       "the ping-pong kernel stopped answering (mapped host memory not coherent?)");
    }
    return std::chrono::duration<double>(t1 - t0).count();
}

double copy_latency_seconds(const GpuBuffer& source, GpuBuffer& destination, std::size_t bytes,
                            int device, std::uint64_t reps) {
    DeviceScope on(device);
    Stream stream;
    const auto t0 = Clock::now();
    for (std::uint64_t r = 0; r < reps; ++r) {
        check(cudaMemcpyAsync(destination.copy_ptr(), source.copy_ptr(), bytes, cudaMemcpyDefault,
                              stream.get()),
              "cudaMemcpyAsync");
        stream.synchronize("cudaStreamSynchronize");
    }
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

} // namespace linkperf::gpu
