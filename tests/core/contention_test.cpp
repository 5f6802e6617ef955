// A case's contention from the counters read before and after it (core/contention.hpp): each
// limit marks it contended with why; a clean case is not; the JSON names every field.
#include "core/contention.hpp"

#include <catch2/catch.hpp>

using namespace linkperf;

namespace {

CpuCounters counters(std::uint64_t total, std::uint64_t steal, std::uint64_t psi_us,
                     unsigned running, double seconds) {
    CpuCounters k;
    k.total_ticks = total;
    k.steal_ticks = steal;
    k.pressure_some_us = psi_us;
    k.procs_running = running;
    k.seconds = seconds;
    return k;
}

} // namespace

TEST_CASE("contention: a quiet case is clean", "[core][contention]") {
    const ContentionSummary c = summarize_contention(
        counters(1000, 10, 0, 1, 10.0), counters(1200, 11, 50000, 2, 11.0), 2, 1, std::nullopt);
    CHECK_FALSE(c.contended);
    CHECK(c.why.empty());
    REQUIRE(c.steal.has_value());
    CHECK(*c.steal == Approx(0.005));
    REQUIRE(c.pressure_some.has_value());
    CHECK(*c.pressure_some == Approx(0.05));
    CHECK(c.runnable_others == 1);
}

TEST_CASE("contention: steal, pressure, runnable tasks, clock and throttling each contend",
          "[core][contention]") {
    const ContentionSummary steal = summarize_contention(
        counters(1000, 0, 0, 1, 0), counters(1100, 20, 0, 1, 1), 2, 1, std::nullopt);
    CHECK(steal.contended);
    CHECK(steal.why == "steal 20%");
    const ContentionSummary psi = summarize_contention(
        counters(1000, 0, 0, 1, 0), counters(1100, 0, 800000, 1, 1), 2, 1, std::nullopt);
    CHECK(psi.why == "cpu pressure 80%");
    const ContentionSummary busy = summarize_contention(
        counters(1000, 0, 0, 4, 0), counters(1100, 0, 0, 1, 1), 2, 1, std::nullopt);
    CHECK(busy.why == "3 other runnable tasks on 2 CPUs");
    TelemetrySummary t;
    t.cpu_mhz = Range{1000, 3000, 2000};
    t.throttled = true;
    const ContentionSummary clock =
        summarize_contention(counters(1000, 0, 0, 1, 0), counters(1100, 0, 0, 1, 1), 2, 1, t);
    CHECK(clock.why == "CPU clock changed; throttled");
    const nlohmann::json j = to_json(clock);
    CHECK(j["contended"] == true);
    CHECK(j["clock_changed"] == true);
    CHECK(j["why"] == "CPU clock changed; throttled");
}

TEST_CASE("contention: counters that are missing or went backwards are unknown, not zero",
          "[core][contention]") {
    CpuCounters before = counters(1000, 5, 0, 1, 0);
    CpuCounters after = counters(900, 5, 0, 1, 1); // a wrapped or re-read /proc/stat
    before.pressure_some_us.reset();
    const ContentionSummary c = summarize_contention(before, after, 2, 1, std::nullopt);
    CHECK_FALSE(c.steal.has_value());
    CHECK_FALSE(c.pressure_some.has_value());
    CHECK_FALSE(c.contended);
    const nlohmann::json j = to_json(c);
    CHECK(j["steal"].is_null());
    CHECK(j["pressure_some"].is_null());
}
