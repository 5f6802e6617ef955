// history --prom and fleet --prom families (node/trend_metrics.hpp), read back with the strict
// exposition-format reader; promtool runs on real outputs in tests/fleet/monitoring.sh.
#include "node/trend_metrics.hpp"
#include "tests/node/prometheus_reader.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>

using namespace linkperf;
using namespace linkperf::reports;

namespace {

Run night(int day, double bw) {
    Run r;
    r.info.hostname = "node\"7";
    r.info.isa = "x86_64";
    r.info.file = fmt::format("n-{}.json", day);
    r.info.date = fmt::format("2026-03-{:02}T02:30:00Z", day + 1);
    CaseResult c;
    c.key.path = "ce.h2d";
    c.key.source_role = "local";
    c.key.source_memory = "pinned";
    c.key.destination_role = "gpu0";
    c.key.destination_memory = "device";
    c.key.size_bytes = 1 << 20;
    c.key.threads = 1;
    c.metric = "bandwidth";
    c.unit = "GB/s";
    c.stats.count = 5;
    c.stats.median = bw;
    r.cases = {c};
    return r;
}

const promtest::Family& find(const std::vector<promtest::Family>& fs, const std::string& name) {
    for (const auto& f : fs) {
        if (f.name == name) {
            return f;
        }
    }
    FAIL("no family " << name);
    throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("ISO 8601 UTC times to Unix seconds", "[fleet][history]") {
    CHECK(unix_seconds_of("1970-01-01T00:00:00Z") == 0.0);
    CHECK(unix_seconds_of("2026-11-28T18:00:00Z") == 1795888800.0);
    CHECK(unix_seconds_of("2026-11-28T18:00:00.5+00:00") == 1795888800.5);
    CHECK_FALSE(unix_seconds_of("2026-11-28T18:00:00+02:00"));
    CHECK_FALSE(unix_seconds_of("yesterday"));
    CHECK_FALSE(unix_seconds_of(""));
}

TEST_CASE("history metrics: deviation, newest change, runs since", "[fleet][history]") {
    HistoryStore store;
    for (int day = 0; day < 28; ++day) {
        // 10% slower from day 14 on, within 0.2% noise; the newest night 20% below that.
        const double level = day >= 14 ? 90 : 100;
        store.add(night(day, day == 27 ? 72 : level * (1 + 0.002 * ((day * 7) % 5 - 2))));
    }
    store.finish();
    const HistoryAnalysis a = analyse_history(store, ChangePointOptions{});
    const auto fams = promtest::read(render_prometheus(history_metrics(a)));
    const auto& dev = find(fams, "linkperf_history_deviation_ratio");
    REQUIRE(dev.samples.size() == 1);
    CHECK(dev.samples[0].labels.at("node") == "node\"7");
    CHECK(dev.samples[0].labels.at("src") == "local:pinned");
    CHECK(dev.samples[0].labels.at("dst") == "gpu0:device");
    CHECK(dev.samples[0].labels.at("size") == "1048576");
    CHECK(dev.samples[0].value == Approx(0.2).margin(0.01));
    CHECK(find(fams, "linkperf_history_change_worse_ratio").samples[0].value ==
          Approx(0.1).margin(0.02));
    CHECK(find(fams, "linkperf_history_runs_since_change").samples[0].value == 14);
    CHECK(find(fams, "linkperf_history_change_points").samples[0].value == 1);
    CHECK(find(fams, "linkperf_history_last_run_timestamp_seconds").samples[0].value ==
          unix_seconds_of("2026-03-28T02:30:00Z"));
}
