#pragma once
// A per-ISA time counter for timing short intervals cheaply, calibrated against
// std::chrono::steady_clock, the portable base of every other timing in linkperf: x86_64
// rdtsc, aarch64 cntvct_el0, riscv64 rdtime; elsewhere steady_clock itself.
#include <chrono>
#include <cstdint>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace linkperf {

// The counter read_counter() reads in this build: "rdtsc", "cntvct_el0", "rdtime" or
// "steady_clock" (the fallback).
const char* counter_name();

// A raw counter value in ticks of the counter's own rate (nanoseconds in the fallback). Not a
// serialising read: time intervals of microseconds and longer with it, not single instructions.
inline std::uint64_t read_counter() {
#if defined(__x86_64__)
    return __rdtsc();
#elif defined(__aarch64__)
    std::uint64_t v;
    // The isb keeps the read from being hoisted above the code it times.
    asm volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v)::"memory");
    return v;
#elif defined(__riscv) && __riscv_xlen == 64
    std::uint64_t v;
    asm volatile("rdtime %0" : "=r"(v)::"memory");
    return v;
#else
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                          std::chrono::steady_clock::now().time_since_epoch())
                                          .count());
#endif
}

// The counter's rate, measured against steady_clock.
class CounterClock {
public:
    // Measures the rate twice over `window` of steady_clock time each. Throws HarnessError
    // (measurement) when a rate is not positive or the two differ by more than 1% three times
    // running: such a counter is no clock (a TSC that is not invariant, say).
    static CounterClock calibrate(std::chrono::nanoseconds window = std::chrono::milliseconds(20));

    double ticks_per_second() const { return hz_; }
    // Seconds between two read_counter() values, the later one second.
    double seconds(std::uint64_t from, std::uint64_t to) const {
        return static_cast<double>(to - from) / hz_;
    }

private:
    explicit CounterClock(double hz) : hz_(hz) {}
    double hz_;
};

} // namespace linkperf
