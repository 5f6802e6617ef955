// Expectation levels in reports: a single run's scorecard judged against a profile instead of
// "no baseline", the levels drawn on the path's chart and shown in its figures table.
#include "gate/gate_config.hpp"
#include "reports/expectation_report.hpp"
#include "reports/html_report.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace linkperf;
using namespace linkperf::reports;

namespace {

const char* kProfile = R"({"linkperf_profile": 1, "name": "pcie",
  "expectations": [{"name": "h2d x16", "metric": "bandwidth", "unit": "GB/s",
    "warning": 47, "failing": 35, "match": {"path": "ce.h2d", "min_size": "32M"},
    "provenance": {"kind": "theoretical", "detail": "PCIe gen5 x16 x 0.75"}}]})";

CaseResult h2d(std::uint64_t size, double median) {
    CaseResult c;
    c.key.path = "ce.h2d";
    c.key.source_role = "local";
    c.key.source_memory = "pinned";
    c.key.destination_role = "gpu0";
    c.key.destination_memory = "device";
    c.key.size_bytes = size;
    c.key.threads = 1;
    c.metric = "bandwidth";
    c.unit = "GB/s";
    c.stats.median = c.stats.p5 = c.stats.p95 = median;
    c.stats.count = 5;
    return c;
}

ReportSet single_run(double large_gbps) {
    Run r;
    r.info.label = "node.json";
    r.cases = {h2d(4096, 2.0), h2d(64u << 20, large_gbps), h2d(256u << 20, large_gbps)};
    ReportSet set = build_report_set({r}, {}, GateConfig{});
    set.expectations = parse_profile(kProfile, "p.json");
    return set;
}

const ScorecardRow& host_gpu_row(const std::vector<Scorecard>& cards) {
    REQUIRE(cards.size() == 1);
    for (const ScorecardRow& r : cards[0].rows) {
        if (r.link_class == LinkClass::host_gpu) {
            return r;
        }
    }
    FAIL("no host<->GPU row");
    return cards[0].rows.front();
}

} // namespace

TEST_CASE("scorecard: a single run is judged against its expectations", "[reports][health]") {
    const ReportSet healthy = single_run(53);
    const auto cards = build_scorecards(healthy, {0.95});
    const ScorecardRow& ok = host_gpu_row(cards);
    CHECK(ok.health == "ok");
    CHECK_THAT(ok.verdict, Catch::StartsWith("as expected: 2 of 3 case(s) judged"));

    const ReportSet slow = single_run(26);
    const auto slow_cards = build_scorecards(slow, {0.95});
    const ScorecardRow& bad = host_gpu_row(slow_cards);
    CHECK(bad.health == "failing");
    CHECK_THAT(bad.verdict, Catch::Contains("2 failing"));
    CHECK_THAT(bad.verdict, Catch::Contains("26 GB/s vs >= 47"));

    // Without a profile the row says what it always said.
    ReportSet plain = single_run(26);
    plain.expectations.reset();
    const auto plain_cards = build_scorecards(plain, {0.95});
    CHECK(host_gpu_row(plain_cards).health.empty());
}

TEST_CASE("report: levels on the chart and in the figures table", "[reports][health]") {
    const ReportSet set = single_run(26);
    const auto levels = expectation_levels(*set.expectations, set, "ce.h2d");
    REQUIRE(levels.size() == 2);
    CHECK(levels[0].y == 47);
    CHECK_FALSE(levels[0].failing);
    CHECK(levels[1].y == 35);
    CHECK(levels[1].x_from == Approx(64u << 20)); // the 4K case was not judged
    CHECK(levels[1].x_to == Approx(256u << 20));
    CHECK(expectation_levels(*set.expectations, set, "ce.d2h").empty());
    const std::string html = html_report(set);
    CHECK_THAT(html, Catch::Contains("<line class=\"level warning\""));
    CHECK_THAT(html, Catch::Contains("<line class=\"level failing\""));
    CHECK_THAT(html, Catch::Contains("<th>expected (profile)</th>"));
    CHECK_THAT(html, Catch::Contains("failing: &gt;= 47 GB/s (failing &lt; 35; theoretical)"));
    CHECK_THAT(html, Catch::Contains("td class=\"verdict health-failing\""));
}
