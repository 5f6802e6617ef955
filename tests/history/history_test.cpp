// linkperf history's series (history/history.hpp): grouping per node and host type, ordering by
// run date, what is left out, change points with the context that changed, the stable baseline
// compare --history gates against, and its outputs.
#include "gate/gate.hpp"
#include "history/history.hpp"
#include "history/history_report.hpp"
#include "history/history_value.hpp"
#include "results_model/report_error.hpp"
#include "tests/support/sample_series.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace linkperf::reports;
using linkperf::testing::Noise;

namespace {

CaseResult bw_case(double value, std::uint64_t size = 4096) {
    CaseResult c;
    c.key.path = "host.copy";
    c.key.source_role = "local";
    c.key.destination_role = "local";
    c.key.size_bytes = size;
    c.key.threads = 1;
    c.metric = "bandwidth";
    c.unit = "GB/s";
    c.higher_is_better = true;
    c.stats.count = 10;
    c.stats.median = value;
    return c;
}

CaseResult lat_case(double value) {
    CaseResult c = bw_case(value);
    c.key.path = "host.latency";
    c.metric = "latency";
    c.unit = "ns";
    c.higher_is_better = false;
    return c;
}

Run night(const std::string& host, int day, double bw, double lat,
          const std::string& kernel = "6.1.0-26-amd64") {
    Run r;
    r.info.hostname = host;
    r.info.isa = "x86_64";
    r.info.cpu_model = "AMD EPYC 9654";
    r.info.kernel = kernel;
    r.info.linkperf_version = "0.1.0";
    r.info.file = fmt::format("{}-{:03}.json", host, day);
    // Day numbers as dates: 2026-01-01 + day (up to 27 per month, enough for ordering).
    r.info.date = fmt::format("2026-{:02}-{:02}T02:30:00Z", 1 + day / 27, 1 + day % 27);
    r.info.complete = true;
    r.cases = {bw_case(bw), lat_case(lat)};
    std::sort(r.cases.begin(), r.cases.end(),
              [](const CaseResult& a, const CaseResult& b) { return a.key < b.key; });
    return r;
}

double noisy(Noise& n, double level) {
    return level * (1 + 0.01 * n.next());
}

} // namespace

TEST_CASE("history: the run-level value is the case's median", "[reports][history]") {
    CaseResult c = bw_case(12.5);
    c.stats.mean = 11;
    CHECK(run_level_value(c) == 12.5);
}

TEST_CASE("history: a --repeat run's value is the median of its pass medians",
          "[reports][history]") {
    CaseResult c = bw_case(99); // the pooled samples' median must not be used
    c.run_medians = {10, 14, 12};
    CHECK(run_level_value(c) == 12);
}

TEST_CASE("history: runs ordered by date, grouped per node and host type", "[reports][history]") {
    HistoryStore store;
    // Added newest first: the series must come out oldest first.
    for (int day = 9; day >= 0; --day) {
        store.add(night("b", day, 10 + day, 100));
        store.add(night("a", day, 20 + day, 100));
    }
    Run other_host = night("a", 3, 5, 100);
    other_host.info.cpu_model = "Ampere Altra"; // same name, other host type: its own node
    store.add(other_host);
    store.finish();
    REQUIRE(store.nodes().size() == 3);
    CHECK(store.runs() == 21);
    const HistoryNode& a = store.nodes()[0];
    CHECK(a.name == "a");
    CHECK(a.host.cpu_model == "AMD EPYC 9654");
    CHECK(store.nodes()[1].name == "a");
    CHECK(store.nodes()[1].runs.size() == 1);
    CHECK(store.nodes()[2].name == "b");
    REQUIRE(a.runs.size() == 10);
    CHECK(std::is_sorted(a.runs.begin(), a.runs.end(),
                         [](const HistoryRun& x, const HistoryRun& y) { return x.date < y.date; }));
    REQUIRE(a.series.size() == 2);
    const HistorySeries& bw = a.series[0]; // host.copy sorts first
    CHECK(store.cases()[bw.case_index].key.path == "host.copy");
    REQUIRE(bw.points.size() == 10);
    for (std::size_t i = 0; i < 10; ++i) {
        CHECK(bw.points[i].value == Approx(20.0 + static_cast<double>(i)));
        CHECK(bw.points[i].run == i);
    }
}

TEST_CASE("history: failed, throttled and non-positive cases are left out; a run needs a date",
          "[reports][history]") {
    HistoryStore store;
    Run r = night("a", 0, 10, 100);
    r.cases[0].status = linkperf::CaseStatus::failed;
    r.cases[1].throttled = true;
    store.add(r);
    Run z = night("a", 1, 0, 100);
    store.add(z);
    store.finish();
    REQUIRE(store.nodes().size() == 1);
    const auto& series = store.nodes()[0].series;
    REQUIRE(series.size() == 1); // only day 1's latency
    CHECK(series[0].points.size() == 1);
    CHECK(store.points_left_out() == 2); // the throttled one and the zero
    HistoryStore dateless;
    Run d = night("a", 0, 10, 100);
    d.info.date.clear();
    CHECK_THROWS_AS(dateless.add(d), ReportError);
}

TEST_CASE("history: a 10% step on a kernel update is found with its date and context",
          "[reports][history]") {
    HistoryStore store;
    Noise n(42);
    for (int day = 0; day < 60; ++day) {
        const bool updated = day >= 35;
        store.add(night("a", day, noisy(n, updated ? 90 : 100), noisy(n, 100),
                        updated ? "6.1.0-28-amd64" : "6.1.0-26-amd64"));
    }
    store.finish();
    const HistoryAnalysis a = analyse_history(store, ChangePointOptions{});
    REQUIRE(a.changes.size() == 1);
    const HistoryChange& c = a.changes[0];
    CHECK(c.date == store.nodes()[0].runs[35].date);
    CHECK(c.point.magnitude == Approx(-0.10).margin(0.01));
    CHECK(c.worse == Approx(0.10).margin(0.01));
    REQUIRE(c.context.size() == 1);
    CHECK(c.context[0].fact == "kernel");
    CHECK(c.context[0].before == "6.1.0-26-amd64");
    CHECK(c.context[0].after == "6.1.0-28-amd64");
    CHECK(c.context[0].date == c.date);
    CHECK(context_text(c.context).find("kernel 6.1.0-26-amd64 -> 6.1.0-28-amd64") !=
          std::string::npos);
    // The latency series did not change; the bandwidth series has two segments.
    REQUIRE(a.series.size() == 2);
    CHECK(a.series[0].segments.size() == 2);
    CHECK(a.series[0].segments[1].median == Approx(90).margin(1));
    CHECK(a.series[1].changes.empty());

    const nlohmann::json j = nlohmann::json::parse(history_json(a));
    REQUIRE(j["changes"].size() == 1);
    CHECK(j["changes"][0]["date"] == c.date);
    CHECK(j["changes"][0]["context"][0]["fact"] == "kernel");
    CHECK(j["series"].size() == 2);
    CHECK(j["series"][0]["points"].size() == 60);
    const std::string csv = history_csv(a);
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 2);
    const std::string html = history_html(a);
    CHECK(html.find("<table class=\"changes\">") < html.find("<figure"));
    CHECK(html.find("class=\"marker") != std::string::npos);
    CHECK(html.find("<details class=\"figures\">") != std::string::npos);
}

TEST_CASE("history: changes worst first; deviation in the metric's bad direction",
          "[reports][history]") {
    HistoryStore store;
    Noise n(7);
    for (int day = 0; day < 50; ++day) {
        // Bandwidth gets 20% better at day 25; latency 10% worse at day 30; the newest night
        // is 5% slower again on bandwidth.
        const double bw = day == 49 ? 120 * 0.95 : day >= 25 ? noisy(n, 120) : noisy(n, 100);
        store.add(night("a", day, bw, noisy(n, day >= 30 ? 110 : 100)));
    }
    store.finish();
    const HistoryAnalysis a = analyse_history(store, ChangePointOptions{});
    REQUIRE(a.changes.size() == 2);
    CHECK(a.store
              ->cases()
                  [store.nodes()[0].series[a.series[a.changes[0].series_history].series].case_index]
              .key.path == "host.latency");
    CHECK(a.changes[0].worse > 0);
    CHECK(a.changes[1].worse < 0); // the improvement last
    CHECK(a.series[0].deviation == Approx(0.05).margin(0.015));
}

TEST_CASE("history: the stable baseline is the newest long segment", "[reports][history]") {
    HistoryStore store;
    Noise n(3);
    for (int day = 0; day < 40; ++day) {
        store.add(night("a", day, noisy(n, day >= 20 ? 80 : 100), noisy(n, 100)));
    }
    store.finish();
    const Run base = stable_baseline(store, store.nodes()[0], ChangePointOptions{});
    REQUIRE(base.cases.size() == 2);
    CHECK(base.cases[0].key.path == "host.copy");
    CHECK(base.cases[0].samples.size() == 20); // days 20..39
    CHECK(base.cases[0].stats.median == Approx(80).margin(1));
    CHECK(base.cases[1].samples.size() == 40);
    CHECK(base.info.hostname == "a");
    // Each night is a run: the gate judges the candidate at run level against them.
    CHECK(base.cases[0].run_medians.size() == 20);
    CHECK(base.info.passes == 40);
    Run cand = night("a", 41, 60, 100);
    cand.info.date = "2026-03-01T02:30:00Z";
    const GateResult g = compare_runs(base, cand, GateConfig{});
    REQUIRE(g.rows.size() == 2);
    CHECK(g.rows[0].run_level);
    CHECK(g.rows[0].verdict == Verdict::regressed); // 60 against nights around 80
}
