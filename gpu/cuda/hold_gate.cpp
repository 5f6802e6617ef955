#include "gpu/cuda/hold_gate.hpp"

#include "gpu/kernels/launchers.cuh"

#include <atomic>
#include <exception>

namespace linkperf::gpu {
namespace {

// Queueing a batch takes milliseconds; a hold still waiting after this has lost its release.
constexpr std::uint64_t kHoldTimeoutNs = 2'000'000'000ULL;
constexpr std::size_t kTimedOutOffset = 64; // its own cache line

int* at(void* base, std::size_t offset) {
    return reinterpret_cast<int*>(static_cast<char*>(base) + offset);
}

} // namespace

HoldGate::HoldGate() : block_(128) {
    arm();
}

void HoldGate::arm() {
    std::atomic_ref<int>(*at(block_.host(), 0)).store(0, std::memory_order_seq_cst);
    std::atomic_ref<int>(*at(block_.host(), kTimedOutOffset)).store(0, std::memory_order_seq_cst);
}

void HoldGate::hold(const Stream& stream) {
    kernels::launch_hold(stream.get(), at(block_.device(), 0), at(block_.device(), kTimedOutOffset),
                         kHoldTimeoutNs);
    check_launch("hold kernel");
}

void HoldGate::release() {
    std::atomic_ref<int>(*at(block_.host(), 0)).store(1, std::memory_order_seq_cst);
}

bool HoldGate::timed_out() const {
    return std::atomic_ref<int>(*at(block_.host(), kTimedOutOffset))
               .load(std::memory_order_seq_cst) != 0;
}

HeldStream::HeldStream(HoldGate& gate, const Stream& stream)
    : gate_(gate), stream_(stream), exceptions_(std::uncaught_exceptions()) {
    gate_.hold(stream_);
}

HeldStream::~HeldStream() {
    gate_.release();
    if (std::uncaught_exceptions() > exceptions_) {
        cudaStreamSynchronize(stream_.get()); // unwinding: its error is not the one to report
        cudaGetLastError();
    }
}

} // namespace linkperf::gpu
