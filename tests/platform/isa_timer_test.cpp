// The per-ISA counter (platform/isa_timer.hpp) against steady_clock, the portable base.
#include "platform/isa_timer.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <string>
#include <thread>

using namespace linkperf;

TEST_CASE("the counter is this ISA's own", "[isa][timer]") {
    const std::string name = counter_name();
#if defined(__x86_64__)
    CHECK(name == "rdtsc");
#elif defined(__aarch64__)
    CHECK(name == "cntvct_el0");
#elif defined(__riscv) && __riscv_xlen == 64
    CHECK(name == "rdtime");
#else
    CHECK(name == "steady_clock");
#endif
}

TEST_CASE("the counter never runs backwards and advances over a sleep", "[isa][timer]") {
    std::uint64_t last = read_counter();
    int backwards = 0;
    for (int i = 0; i < 100000; ++i) {
        const std::uint64_t now = read_counter();
        backwards += now < last;
        last = now;
    }
    CHECK(backwards == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    CHECK(read_counter() > last);
}

TEST_CASE("the calibrated counter times an interval as steady_clock does", "[isa][timer]") {
    const CounterClock clock = CounterClock::calibrate();
    // Every real counter ticks at 1 MHz or more (the slowest RISC-V timebases are 1 MHz).
    CHECK(clock.ticks_per_second() > 0.5e6);
    for (const auto wait : {std::chrono::milliseconds(5), std::chrono::milliseconds(40)}) {
        const auto s0 = std::chrono::steady_clock::now();
        const std::uint64_t c0 = read_counter();
        std::this_thread::sleep_for(wait);
        const std::uint64_t c1 = read_counter();
        const auto s1 = std::chrono::steady_clock::now();
        const double steady = std::chrono::duration<double>(s1 - s0).count();
        const double counted = clock.seconds(c0, c1);
        INFO("steady_clock " << steady << " s, " << counter_name() << " " << counted << " s");
        CHECK(counted <= steady);
        CHECK(counted >= steady * 0.97 - 100e-6);
    }
}
