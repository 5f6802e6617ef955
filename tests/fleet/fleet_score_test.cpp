// The fleet view's robust score and judgement (fleet/fleet_score, fleet_analysis,
// fleet_verdicts): median/MAD, MAD = 0, tiny groups, the worse side only, link facts read from a
// results file, verdicts and the verdict file's reader.
#include "fleet/fleet_analysis.hpp"
#include "fleet/fleet_verdicts.hpp"
#include "results_model/report_error.hpp"
#include "tests/support/report_fixtures.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace linkperf::reports;
using linkperf::reports::test::parse;
using linkperf::reports::test::read_json;
using linkperf::reports::test::scaled;

TEST_CASE("fleet distribution: median, MAD, percentiles, min and max", "[reports][fleet]") {
    const FleetDistribution d = fleet_distribution({10, 11, 9, 10, 30, 10, 12});
    CHECK(d.count == 7);
    CHECK(d.median == Approx(10));
    CHECK(d.mad == Approx(1)); // |dev| = 0 1 1 0 20 0 2 -> median 1
    CHECK(d.min == 9);
    CHECK(d.max == 30);
    CHECK(d.p95 > d.median);
    CHECK(fleet_distribution({}).count == 0);
}

TEST_CASE("robust score: one bad node does not move the centre or the scale", "[reports][fleet]") {
    std::vector<double> v(99, 100.0);
    for (std::size_t i = 0; i < v.size(); ++i) {
        v[i] += static_cast<double>(i % 5) - 2; // 98 .. 102
    }
    v.push_back(50); // the bad node
    const FleetDistribution d = fleet_distribution(v);
    CHECK(d.median == Approx(100));
    CHECK(d.mad == Approx(1));
    const Deviation bad = deviation(50, d, true);
    CHECK(bad.worse);
    CHECK(bad.change == Approx(-0.5));
    CHECK(bad.score == Approx(-50 / 1.4826).epsilon(1e-3));
    CHECK(bad.slowdown == Approx(2));
    CHECK(is_outlier(bad, d.count, OutlierLimits{}));
    const Deviation fine = deviation(102, d, true);
    CHECK_FALSE(fine.worse);
    CHECK_FALSE(is_outlier(deviation(98, d, true), d.count, OutlierLimits{}));
}

TEST_CASE("robust score: latency is worse upwards; faster nodes are never outliers",
          "[reports][fleet]") {
    const FleetDistribution d = fleet_distribution({100, 101, 99, 100, 102, 98, 100});
    const Deviation slow = deviation(150, d, false);
    CHECK(slow.worse);
    CHECK(slow.slowdown == Approx(1.5));
    CHECK(is_outlier(slow, d.count, OutlierLimits{}));
    const Deviation fast = deviation(50, d, false);
    CHECK_FALSE(fast.worse);
    CHECK_FALSE(is_outlier(fast, d.count, OutlierLimits{}));
    CHECK_FALSE(is_outlier(deviation(200, d, true), d.count, OutlierLimits{}));
}

TEST_CASE("robust score: MAD = 0 falls back to 0.5% of the median, the relative limit decides",
          "[reports][fleet]") {
    const FleetDistribution d = fleet_distribution({10, 10, 10, 10, 10, 10, 9.5});
    REQUIRE(d.mad == 0);
    const Deviation small = deviation(9.5, d, true); // 5% below: score -10 but under 10%
    CHECK(std::isfinite(small.score));
    CHECK(small.score == Approx(-10));
    CHECK_FALSE(is_outlier(small, d.count, OutlierLimits{}));
    const Deviation big = deviation(8, d, true); // 20% below
    CHECK(is_outlier(big, d.count, OutlierLimits{}));
    // Every node the same: nobody deviates.
    const FleetDistribution same = fleet_distribution({5, 5, 5, 5, 5});
    CHECK(deviation(5, same, true).score == 0);
}

TEST_CASE("robust score: groups smaller than min_group judge no node", "[reports][fleet]") {
    const FleetDistribution d = fleet_distribution({100, 100, 40});
    const Deviation bad = deviation(40, d, true);
    CHECK(bad.worse);
    CHECK_FALSE(is_outlier(bad, d.count, OutlierLimits{})); // 3 < 5
    OutlierLimits three;
    three.min_group = 3;
    CHECK(is_outlier(bad, d.count, three));
}

TEST_CASE("robust score: the limits are both needed", "[reports][fleet]") {
    // Wide spread (MAD 15): 20% below the median is a score of -0.9, not an outlier.
    const FleetDistribution wide = fleet_distribution({70, 85, 100, 115, 130, 90, 110});
    CHECK_FALSE(is_outlier(deviation(80, wide, true), wide.count, OutlierLimits{}));
    OutlierLimits loose;
    loose.score = 0.5;
    CHECK(is_outlier(deviation(80, wide, true), wide.count, loose));
}

TEST_CASE("link note: the node's link against the group's usual one", "[reports][fleet]") {
    LinkFacts x16{"pcie", 5, 16, 5, 16};
    LinkFacts x8{"pcie", 5, 8, 5, 16};
    LinkFacts gen4{"pcie", 4, 16, 5, 16};
    CHECK(link_note(x8, x16) == "link x8 instead of x16");
    CHECK(link_note(gen4, x16) == "link gen4 instead of gen5");
    CHECK(link_note(LinkFacts{"pcie", 4, 8, 5, 16}, x16) == "link gen4 x8 instead of gen5 x16");
    CHECK(link_note(x8, x8) == "link gen5 x8 (can do gen5 x16)");
    CHECK(link_note(x16, x16).empty());
    CHECK(link_note(std::nullopt, x16).empty());
}

namespace {

// `n` nodes from a real results file, each with its own hostname and a small spread.
FleetNodes fleet_of(const nlohmann::json& base, int n) {
    FleetNodes nodes;
    for (int i = 0; i < n; ++i) {
        nlohmann::json doc = scaled(base, 1.0 + 0.004 * (i % 5));
        doc["context"]["linkperf"]["hostname"] = "node" + std::to_string(i);
        nodes.add(parse(doc, "node" + std::to_string(i) + ".json"), NodeNaming::hostname);
    }
    return nodes;
}

} // namespace

TEST_CASE("fleet analysis: the slow node is an outlier on the right path, others ok",
          "[reports][fleet]") {
    const nlohmann::json base = read_json("host-small-x86_64.json");
    FleetNodes nodes = fleet_of(base, 12);
    nlohmann::json slow = scaled(base, 0.6, "host.copy");
    slow["context"]["linkperf"]["hostname"] = "slow";
    nodes.add(parse(slow, "slow.json"), NodeNaming::hostname);
    nlohmann::json failed = base;
    failed["context"]["linkperf"]["hostname"] = "broken";
    failed["benchmarks"][0]["linkperf"]["status"] = "failed";
    failed["benchmarks"][0]["linkperf"]["error"] = "data verification failed";
    nodes.add(parse(failed, "broken.json"), NodeNaming::hostname);
    nodes.add_unreadable("truncated.json", "truncated.json: not valid JSON");

    const FleetAnalysis a = analyze_fleet(std::move(nodes), nullptr, OutlierLimits{});
    REQUIRE(a.nodes.size() == 15);
    CHECK(a.groups.size() == 1);
    CHECK(a.count(NodeVerdict::outlier) == 1);
    CHECK(a.count(NodeVerdict::failed) == 1);
    CHECK(a.count(NodeVerdict::incomplete) == 1);
    CHECK(a.count(NodeVerdict::ok) == 12);
    const std::vector<std::size_t> order = a.by_severity();
    CHECK(a.nodes[order[0]].name == "slow");
    const NodeAssessment& s = a.assessed[order[0]];
    REQUIRE_FALSE(s.outliers.empty());
    for (const CaseFinding& f : s.outliers) {
        CHECK(a.cases[f.case_index].key.path == "host.copy");
        CHECK(f.dev.change == Approx(-0.4).margin(0.02));
    }
    CHECK(node_line(a, order[0]).find("-40% vs group median") != std::string::npos);
    CHECK(a.nodes[order[1]].name == "broken");
    CHECK(a.assessed[order[1]].reason.find("data verification failed") != std::string::npos);
    CHECK(a.nodes[order[2]].name == "truncated");
}

TEST_CASE("fleet analysis: a node lacking a case its group measured is incomplete",
          "[reports][fleet]") {
    const nlohmann::json base = read_json("host-small-x86_64.json");
    FleetNodes nodes = fleet_of(base, 12);
    nlohmann::json lacking = base;
    lacking["context"]["linkperf"]["hostname"] = "lacking";
    REQUIRE(lacking["benchmarks"].size() > 2);
    lacking["benchmarks"].erase(1);
    nodes.add(parse(lacking, "lacking.json"), NodeNaming::hostname);
    const FleetAnalysis a = analyze_fleet(std::move(nodes), nullptr, OutlierLimits{});
    CHECK(a.count(NodeVerdict::incomplete) == 1);
    CHECK(a.count(NodeVerdict::ok) == 12);
    const std::size_t n = a.by_severity().front();
    CHECK(a.nodes[n].name == "lacking");
    CHECK(a.assessed[n].verdict == NodeVerdict::incomplete);
    CHECK(a.assessed[n].reason.find("1 case of its group missing") != std::string::npos);
    CHECK(a.assessed[n].reason.find("measured on 12 of 13 nodes") != std::string::npos);
    CHECK(node_line(a, n).find("missing") != std::string::npos);
}

TEST_CASE("fleet: a second run of one host keeps the newer", "[reports][fleet]") {
    const nlohmann::json base = read_json("host-small-x86_64.json");
    FleetNodes nodes;
    nlohmann::json old = base;
    old["context"]["linkperf"]["started_at"] = "2026-11-01T00:00:00Z";
    nlohmann::json late = scaled(base, 2.0);
    late["context"]["linkperf"]["started_at"] = "2026-11-02T00:00:00Z";
    std::string dropped;
    nodes.add(parse(late, "late.json"), NodeNaming::hostname, &dropped);
    nodes.add(parse(old, "old.json"), NodeNaming::hostname, &dropped);
    CHECK(dropped == "old.json");
    REQUIRE(nodes.nodes().size() == 1);
    CHECK(nodes.nodes()[0].file == "late.json");
    FleetNodes by_file;
    by_file.add(parse(old, "dir/a.json"), NodeNaming::file);
    by_file.add(parse(late, "dir/b.json"), NodeNaming::file);
    CHECK(by_file.nodes().size() == 2);
    CHECK(by_file.nodes()[0].name == "a");
}

TEST_CASE("fleet: host types group by ISA, CPU, GPUs and link kind", "[reports][fleet]") {
    const nlohmann::json base = read_json("host-small-x86_64.json");
    nlohmann::json gpu = base;
    gpu["context"]["linkperf"]["cuda"]["devices"] = {
        {{"name", "NVIDIA GH200"}, {"pageable_uses_host_page_tables", true}}};
    const Run r = parse(gpu, "gpu.json");
    CHECK(r.info.gpu_link_kind == "nvlink-c2c");
    const HostType h = host_type_of(r.info);
    CHECK(h.gpu_model == "1x NVIDIA GH200");
    CHECK(h.link_kind == "nvlink-c2c");
    CHECK(host_type_label(h).find("over nvlink-c2c") != std::string::npos);
    CHECK_FALSE(h == host_type_of(parse(base, "cpu.json").info));
}

TEST_CASE("fleet: link facts and throttling are read from the results file", "[reports][fleet]") {
    nlohmann::json doc = read_json("host-small-x86_64.json");
    auto& lp = doc["benchmarks"][0]["linkperf"];
    lp["extra"]["link"] = {{"type", "pcie"},
                           {"current", {{"generation", 5}, {"width", 8}}},
                           {"max", {{"generation", 5}, {"width", 16}}}};
    lp["telemetry"] = {{"throttled", true}};
    const Run r = parse(doc, "links.json");
    const CaseResult* c = nullptr;
    for (const CaseResult& x : r.cases) {
        c = x.link ? &x : c;
    }
    REQUIRE(c != nullptr);
    CHECK(c->link->width == 8);
    CHECK(c->link->max_width == 16);
    CHECK(c->throttled);
    lp["extra"]["link"]["current"]["width"] = "eight";
    CHECK_THROWS_AS(parse(doc, "bad.json"), ReportError);
}

TEST_CASE("fleet verdict file: written and read back; bad files refused", "[reports][fleet]") {
    const nlohmann::json base = read_json("host-small-x86_64.json");
    FleetNodes nodes = fleet_of(base, 8);
    nlohmann::json slow = scaled(base, 1.8, "host.latency");
    slow["context"]["linkperf"]["hostname"] = "laggy";
    nodes.add(parse(slow, "laggy.json"), NodeNaming::hostname);
    const FleetAnalysis a = analyze_fleet(std::move(nodes), nullptr, OutlierLimits{});
    const nlohmann::json doc =
        nlohmann::json::parse(fleet_verdicts_json(a, "2026-12-01T00:00:00Z"));
    REQUIRE(is_fleet_verdicts(doc));
    const FleetVerdicts v = parse_fleet_verdicts(doc, "v.json");
    REQUIRE(v.nodes.size() == 9);
    CHECK(v.nodes[0].node == "laggy"); // worst first
    CHECK(v.nodes[0].verdict == NodeVerdict::outlier);
    REQUIRE(v.find("node3") != nullptr);
    CHECK(v.find("node3")->verdict == NodeVerdict::ok);
    CHECK(doc["nodes"][0]["outlier_cases"][0]["path"] == "host.latency");
    CHECK(doc["groups"][0]["cases"].size() == a.groups[0].cases.size());

    const std::string csv = fleet_verdicts_csv(a);
    CHECK(csv.rfind("node,verdict,", 0) == 0);
    CHECK(csv.find("\nlaggy,outlier,") != std::string::npos);

    nlohmann::json bad = doc;
    bad["nodes"][0]["verdict"] = "quarantined";
    CHECK_THROWS_AS(parse_fleet_verdicts(bad, "v.json"), ReportError);
    bad = doc;
    bad["linkperf_fleet_verdicts"] = 99;
    CHECK_THROWS_AS(parse_fleet_verdicts(bad, "v.json"), ReportError);
    bad = doc;
    bad["nodes"] = "none";
    CHECK_THROWS_AS(parse_fleet_verdicts(bad, "v.json"), ReportError);
    CHECK_FALSE(is_fleet_verdicts(base));

    // From a file's text, as the CLI reads it: the kinds told apart without a parse of its own.
    CHECK(is_fleet_verdicts_text(doc.dump()));
    CHECK(parse_fleet_verdicts_text(doc.dump(), "v.json").nodes.size() == 9);
    CHECK_FALSE(is_fleet_verdicts_text(base.dump()));
    CHECK_FALSE(is_fleet_verdicts_text("{\"linkperf_fleet_verdicts\": 1"));
    CHECK_FALSE(is_fleet_verdicts_text(std::string(100, '[') + std::string(100, ']')));
    CHECK_THROWS_AS(parse_fleet_verdicts_text("not json", "v.json"), ReportError);
}

TEST_CASE("fleet analysis: an outlier measured under contention says so", "[reports][fleet]") {
    const nlohmann::json base = read_json("host-small-x86_64.json");
    FleetNodes nodes = fleet_of(base, 12);
    nlohmann::json slow = scaled(base, 0.6, "host.copy");
    slow["context"]["linkperf"]["hostname"] = "busy";
    for (auto& b : slow["benchmarks"]) {
        b["linkperf"]["contention"] = {{"contended", true}, {"why", "cpu pressure 62%"}};
    }
    nodes.add(parse(slow, "busy.json"), NodeNaming::hostname);
    const FleetAnalysis a = analyze_fleet(std::move(nodes), nullptr, OutlierLimits{});
    const std::vector<std::size_t> order = a.by_severity();
    REQUIRE(a.nodes[order[0]].name == "busy");
    REQUIRE_FALSE(a.assessed[order[0]].outliers.empty());
    CHECK(a.assessed[order[0]].outliers.front().note ==
          "measured under contention (cpu pressure 62%)");
    CHECK(node_line(a, order[0]).find("measured under contention") != std::string::npos);
}

TEST_CASE("fleet analysis: a --repeat node's contended passes are counted in the finding",
          "[reports][fleet]") {
    const nlohmann::json base = read_json("host-small-x86_64.json");
    FleetNodes nodes = fleet_of(base, 12);
    nlohmann::json slow = test::repeated(scaled(base, 0.6, "host.copy"), {1.0, 1.0, 1.0});
    slow["context"]["linkperf"]["hostname"] = "busy";
    for (auto& b : slow["benchmarks"]) {
        if (b["linkperf"]["pass"] == 1) {
            b["linkperf"]["contention"] = {{"contended", true}, {"why", "steal 12%"}};
        }
    }
    nodes.add(parse(slow, "busy.json"), NodeNaming::hostname);
    const FleetAnalysis a = analyze_fleet(std::move(nodes), nullptr, OutlierLimits{});
    const std::vector<std::size_t> order = a.by_severity();
    REQUIRE(a.nodes[order[0]].name == "busy");
    REQUIRE_FALSE(a.assessed[order[0]].outliers.empty());
    const CaseFinding& f = a.assessed[order[0]].outliers.front();
    CHECK(f.note == "measured under contention (1 of 3 measured passes: steal 12%)");
    CHECK(f.dev.change == Approx(-0.4).margin(0.02)); // the median of the pass medians
}
