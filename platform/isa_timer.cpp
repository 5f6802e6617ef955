#include "platform/isa_timer.hpp"

#include "core/error.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <thread>

namespace linkperf {
namespace {

using Steady = std::chrono::steady_clock;

// One simultaneous reading of both clocks: the counter is read on either side of steady_clock
// and the tightest of a few brackets is kept, so a preemption between the reads cannot skew
// the rate.
struct ClockPair {
    Steady::time_point steady;
    double counter; // midpoint of the bracket, in ticks
};

ClockPair read_pair() {
    ClockPair best{};
    std::uint64_t best_width = std::numeric_limits<std::uint64_t>::max();
    for (int i = 0; i < 5; ++i) {
        const std::uint64_t before = read_counter();
        const Steady::time_point s = Steady::now();
        const std::uint64_t after = read_counter();
        if (after - before < best_width) {
            best_width = after - before;
            best = {s, static_cast<double>(before) + static_cast<double>(after - before) / 2};
        }
    }
    return best;
}

double measure_rate(std::chrono::nanoseconds window) {
    const ClockPair a = read_pair();
    std::this_thread::sleep_for(window);
    const ClockPair b = read_pair();
    const double seconds = std::chrono::duration<double>(b.steady - a.steady).count();
    return (b.counter - a.counter) / seconds;
}

} // namespace

const char* counter_name() {
#if defined(__x86_64__)
    return "rdtsc";
#elif defined(__aarch64__)
    return "cntvct_el0";
#elif defined(__riscv) && __riscv_xlen == 64
    return "rdtime";
#else
    return "steady_clock";
#endif
}

CounterClock CounterClock::calibrate(std::chrono::nanoseconds window) {
    double first = 0;
    double second = 0;
    for (int attempt = 0; attempt < 3; ++attempt) {
        first = measure_rate(window);
        second = measure_rate(window);
        if (first > 0 && second > 0 && std::fabs(first - second) <= 0.01 * first) {
            return CounterClock((first + second) / 2);
        }
    }
    throw measurement_error(std::string("the ") + counter_name() +
                            " counter does not keep a steady rate against steady_clock (" +
                            std::to_string(first) + " vs " + std::to_string(second) + " ticks/s)");
}

} // namespace linkperf
