// host.c2c: two threads pinned to two PUs hand one cache line back and forth. The ping thread
// stores an odd value and waits for the pong thread to answer with the next even one; a round
// trip moves the line twice, so one way is half a round trip.
#include "bench/host/host_kernels.hpp"
#include "bench/host/host_measure.hpp"
#include "platform/cpu_binding.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <thread>

namespace linkperf::bench {
namespace {

// The line the two threads hand over, alone on its line (and the adjacent-line prefetcher's
// pair) so nothing else moves with it.
struct alignas(128) Flag {
    std::atomic<std::uint64_t> value{0};
};

// Stops and joins the pong thread on every way out, exceptions included.
struct JoinOnExit {
    std::atomic<bool>& stop;
    std::thread& thread;
    ~JoinOnExit() {
        stop.store(true, std::memory_order_release);
        if (thread.joinable()) {
            thread.join();
        }
    }
};

} // namespace

Measurement measure_host_c2c(const Case& c, const SamplerConfig& sampler) {
    Measurement m;
    m.test_case = c;
    const unsigned pu_a = c.cpus.at(0);
    const unsigned pu_b = c.cpus.at(1);
    const ThreadBinding bind({pu_a});
    auto flag = std::make_unique<Flag>();
    std::atomic<bool> stop{false};
    std::atomic<bool> ready{false};
    std::atomic<int> pong_pu{-1};
    std::atomic<std::uint64_t> answered{0};
    std::exception_ptr error;
    std::thread pong([&] {
        try {
            const ThreadBinding b({pu_b});
            ready.store(true, std::memory_order_release);
            std::uint64_t expect = 1;
            std::uint64_t count = 0;
            while (!stop.load(std::memory_order_acquire)) {
                if (flag->value.load(std::memory_order_acquire) == expect) {
                    flag->value.store(expect + 1, std::memory_order_release);
                    expect += 2;
                    ++count;
                } else {
                    cpu_relax();
                }
            }
            answered.store(count);
            pong_pu.store(current_pu());
        } catch (...) {
            error = std::current_exception();
            ready.store(true, std::memory_order_release);
        }
    });
    while (!ready.load(std::memory_order_acquire)) {
        std::this_thread::yield();
    }
    if (error) {
        pong.join();
        std::rethrow_exception(error);
    }
    std::uint64_t next = 1;
    std::uint64_t sent = 0;
    const BatchFn batch = [&](std::uint64_t round_trips) {
        const auto t0 = std::chrono::steady_clock::now();
        for (std::uint64_t r = 0; r < round_trips; ++r) {
            flag->value.store(next, std::memory_order_release);
            while (flag->value.load(std::memory_order_acquire) != next + 1) {
                cpu_relax();
            }
            next += 2;
        }
        sent += round_trips;
        const auto t1 = std::chrono::steady_clock::now();
        return std::chrono::duration<double>(t1 - t0).count() / 2.0; // seconds per one way
    };
    // Ping-pong converges fast and ties up two cores: a short cap is enough.
    SamplerConfig config = sampler;
    config.max_seconds = std::min(config.max_seconds, 0.5);
    SampleSet set;
    {
        const JoinOnExit guard{stop, pong};
        set = run_samples(batch, config);
    }
    finish_samples(m, set, static_cast<double>(m.bytes_per_op));
    // Every round trip was answered exactly once: the pong thread saw each value.
    m.data_verified = answered.load() == sent;
    const int ping_pu = current_pu();
    record_placement(m, {}, {ping_pu, pong_pu.load()}, c.cpus);
    m.extra["round_trips"] = sent;
    m.extra["one_way"] = "round trip / 2";
    m.extra["line_bytes"] = sizeof(Flag);
    if (!m.data_verified) {
        m.status = CaseStatus::failed;
        m.error = "data verification failed: " + c.name() + " ping-pong lost a message";
    }
    return m;
}

} // namespace linkperf::bench
