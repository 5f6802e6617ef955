// The reports' saturation curves, scorecard and interference figures, from committed real runs
// of this VM (tests/data/results/saturation-*.json, contention-x86_64.json) and derived ones;
// expectations come from the files' own medians.
#include "tests/support/report_fixtures.hpp"

#include "reports/csv_report.hpp"
#include "reports/html_report.hpp"
#include "reports/markdown_report.hpp"
#include "reports/report_set.hpp"
#include "reports/saturation_curves.hpp"
#include "reports/scorecard.hpp"
#include "reports/scorecard_text.hpp"
#include "reports/svg_chart.hpp"
#include "results_model/report_error.hpp"
#include "results_model/text_escape.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>

#include <cmath>
#include <map>
#include <string>

using namespace linkperf;
using namespace linkperf::reports;
using namespace linkperf::reports::test;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

// path -> threads -> median, of the swept cases of a results file.
std::map<std::string, std::map<int, double>> medians(const nlohmann::json& doc) {
    std::map<std::string, std::map<int, double>> out;
    for (const auto& e : doc["benchmarks"]) {
        const auto& lp = e["linkperf"];
        if (lp["status"] == "ok" && lp["extra"].contains("sweep")) {
            out[lp["path"]][lp["threads"].get<int>()] = lp["stats"]["median"].get<double>();
        }
    }
    return out;
}

} // namespace

TEST_CASE("the loader reads sweep points and contention figures", "[reports][saturation]") {
    const Run sat = load_results(results_path("saturation-x86_64.json"));
    for (const CaseResult& c : sat.cases) {
        CHECK(c.sweep == "threads");
        CHECK(c.data_verified == std::optional<bool>(true));
        CHECK(c.placement_ok.has_value());
    }
    const nlohmann::json doc = read_json("contention-x86_64.json");
    const Run cont = parse(doc, "contention-x86_64.json");
    REQUIRE(cont.cases.size() == 2);
    for (const CaseResult& c : cont.cases) {
        REQUIRE(c.contention);
        CHECK(c.contention->ratio == Approx(c.stats.median / c.contention->alone_median));
        CHECK(c.contention->aggressor == "host.copy");
        CHECK(c.contention->aggressor_gbps > 0);
    }
    // A hostile contention field is a clear load error, not a crash.
    nlohmann::json bad = doc;
    bad["benchmarks"][0]["linkperf"]["extra"]["interference_ratio"] = "high";
    CHECK_THROWS_AS(parse(bad, "bad.json"), ReportError);
    bad = doc;
    bad["benchmarks"][0]["linkperf"]["extra"]["alone"] = 3;
    CHECK_THROWS_AS(parse(bad, "bad.json"), ReportError);
}

TEST_CASE("saturation curves of a real run: one per path, knee from its medians",
          "[reports][saturation]") {
    const nlohmann::json doc = read_json("saturation-x86_64.json");
    const Run run = parse(doc, "saturation-x86_64.json");
    const auto curves = saturation_curves(run, {0.95});
    const auto want = medians(doc);
    REQUIRE(curves.size() == want.size());
    for (const SaturationCurve& c : curves) {
        const auto& m = want.at(c.link.path);
        double plateau = 0;
        for (const auto& [t, v] : m) {
            plateau = std::max(plateau, v);
        }
        int knee = 0;
        for (const auto& [t, v] : m) {
            if (knee == 0 && v >= 0.95 * plateau) {
                knee = t;
            }
        }
        INFO(c.label());
        CHECK(c.link.threads == 0);
        CHECK(c.points.size() == m.size());
        CHECK(c.analysis.plateau == plateau);
        CHECK(c.analysis.knee == knee);
        CHECK(c.concurrency_name() == "threads");
        CHECK(c.label().find(" threads:") == std::string::npos);
    }
}

TEST_CASE("collectives' --scaling figures form curves over ranks", "[reports][saturation]") {
    nlohmann::json doc = read_json("coll-small-x86_64.json");
    // Mark the all_reduce cases as scaling steps at 1, 2, 4 ranks of one size.
    int ranks = 1;
    nlohmann::json kept = nlohmann::json::array();
    for (auto e : doc["benchmarks"]) {
        auto& lp = e["linkperf"];
        if (lp["status"] != "ok" || lp["metric"] != "bandwidth" || ranks > 4) {
            continue;
        }
        lp["extra"]["ranks"] = ranks;
        lp["extra"]["scaling_base_ranks"] = 1;
        lp["size_bytes"] = 1 << 20;
        lp["extra"]["op"] = "all_reduce";
        lp["extra"]["in_place"] = false;
        lp["path"] = "coll.all_reduce";
        for (const char* k : {"median", "p5", "p95", "min", "max", "mean"}) {
            lp["stats"][k] = 10.0 * std::min(ranks, 2);
        }
        lp["samples"] = {10.0 * std::min(ranks, 2)};
        kept.push_back(e);
        ranks *= 2;
    }
    REQUIRE(kept.size() == 3);
    doc["benchmarks"] = kept;
    const Run run = parse(doc, "scaling.json");
    const auto curves = saturation_curves(run, {0.95});
    REQUIRE(curves.size() == 1);
    CHECK(curves[0].sweep == "ranks");
    CHECK(curves[0].concurrency_name() == "ranks");
    CHECK(curves[0].analysis.knee == 2);
    CHECK(curves[0].analysis.plateau_reached);
}

TEST_CASE("scorecard: classes, geomean of the medians, worst case, knees", "[reports][scorecard]") {
    CHECK(link_class_of("host.read") == LinkClass::host_bandwidth);
    CHECK(link_class_of("host.latency") == LinkClass::host_latency);
    CHECK(link_class_of("host.c2c") == LinkClass::core_to_core);
    CHECK(link_class_of("ce.h2d") == LinkClass::host_gpu);
    CHECK(link_class_of("ce.all_to_host") == LinkClass::host_gpu);
    CHECK(link_class_of("lat.pingpong") == LinkClass::host_gpu);
    CHECK(link_class_of("sm.p2p") == LinkClass::gpu_gpu);
    CHECK(link_class_of("ce.all_to_one") == LinkClass::gpu_gpu);
    CHECK(link_class_of("ce.d2d") == LinkClass::gpu_memory);
    CHECK(link_class_of("coll.all_reduce") == LinkClass::collectives);
    CHECK(link_class_of("contention.host.read+ce.d2h") == LinkClass::contention);
    CHECK_FALSE(link_class_of("frob").has_value());

    const nlohmann::json base = read_json("saturation-x86_64.json");
    // The candidate: host.read 20% faster, host.write 50% slower, host.copy unchanged.
    nlohmann::json cand = scaled(scaled(base, 1.2, "host.read"), 0.5, "host.write");
    std::vector<Run> runs;
    runs.push_back(parse(cand, "cand.json"));
    std::vector<Run> baselines;
    baselines.push_back(parse(base, "base.json"));
    const ReportSet set = build_report_set(std::move(runs), std::move(baselines), GateConfig{});
    const auto cards = build_scorecards(set, {0.95});
    REQUIRE(cards.size() == 1);
    REQUIRE(cards[0].rows.size() == 1);
    const ScorecardRow& row = cards[0].rows[0];
    CHECK(row.link_class == LinkClass::host_bandwidth);
    const std::size_t n = base["benchmarks"].size();
    CHECK(row.joined == n);
    std::size_t reads = 0;
    std::size_t writes = 0;
    for (const auto& e : base["benchmarks"]) {
        reads += e["linkperf"]["path"] == "host.read" ? 1 : 0;
        writes += e["linkperf"]["path"] == "host.write" ? 1 : 0;
    }
    const double want = std::exp(
        (static_cast<double>(reads) * std::log(1.2) + static_cast<double>(writes) * std::log(0.5)) /
        static_cast<double>(n));
    REQUIRE(row.geomean_ratio);
    CHECK(*row.geomean_ratio == Approx(want));
    CHECK(row.worst_case.find("host.write") == 0);
    CHECK(row.worst_ratio == Approx(0.5));
    REQUIRE(row.curves.size() == 3);
    for (const CurveFigures& f : row.curves) {
        REQUIRE(f.baseline);
        const double factor = f.label.find("host.read") == 0    ? 1.2
                              : f.label.find("host.write") == 0 ? 0.5
                                                                : 1.0;
        CHECK(f.candidate->plateau == Approx(f.baseline->plateau * factor));
        CHECK(f.candidate->knee == f.baseline->knee); // scaling keeps the shape
    }
    // host.write at 0.5x: the class is worse whatever its mean.
    CHECK(row.judgement == "worse");
    CHECK(row.verdict.find("worse") == 0);

    // One run: what was measured, no ratio.
    std::vector<Run> one;
    one.push_back(parse(base, "base.json"));
    const ReportSet single = build_report_set(std::move(one), {}, GateConfig{});
    const auto card = build_scorecards(single, {0.95});
    REQUIRE(card.size() == 1);
    CHECK(card[0].baseline == nullptr);
    REQUIRE(card[0].rows.size() == 1);
    CHECK_FALSE(card[0].rows[0].geomean_ratio);
    CHECK(card[0].rows[0].verdict.find("no baseline") != std::string::npos);
}

TEST_CASE("scorecard: a class is never better than its worst case", "[reports][scorecard]") {
    const nlohmann::json base = read_json("saturation-x86_64.json");
    // Most cases 60% faster, host.write 15% slower: the mean is better, one path regressed.
    const nlohmann::json cand =
        scaled(scaled(scaled(base, 1.6, "host.read"), 1.6, "host.copy"), 0.85, "host.write");
    std::vector<Run> runs;
    runs.push_back(parse(cand, "cand.json"));
    std::vector<Run> baselines;
    baselines.push_back(parse(base, "base.json"));
    const ReportSet set = build_report_set(std::move(runs), std::move(baselines), GateConfig{});
    const auto cards = build_scorecards(set, {0.95});
    REQUIRE(cards.size() == 1);
    REQUIRE(cards[0].rows.size() == 1);
    const ScorecardRow& row = cards[0].rows[0];
    REQUIRE(row.geomean_ratio);
    REQUIRE(*row.geomean_ratio > 1.05);
    CHECK(row.worst_ratio == Approx(0.85));
    CHECK(row.judgement == "worse");
    CHECK(row.verdict.find("worse: ") == 0);
    CHECK(row.verdict.find("outweighs the mean") != std::string::npos);
    const std::string html = html_report(set);
    CHECK(html.find("class=\"verdict better\"") == std::string::npos);
    CHECK(html.find("class=\"verdict worse\"") != std::string::npos);
    // All faster: better.
    std::vector<Run> faster;
    faster.push_back(
        parse(scaled(scaled(scaled(base, 1.6, "host.read"), 1.6, "host.copy"), 1.6, "host.write"),
              "fast.json"));
    std::vector<Run> again;
    again.push_back(parse(base, "base.json"));
    const ReportSet up = build_report_set(std::move(faster), std::move(again), GateConfig{});
    CHECK(build_scorecards(up, {0.95})[0].rows[0].judgement == "better");
}

TEST_CASE("report: two runs with no case in common are each shown, not compared",
          "[reports][scorecard]") {
    std::vector<Run> runs;
    runs.push_back(load_results(results_path("saturation-x86_64.json")));
    runs.push_back(load_results(results_path("contention-x86_64.json")));
    const ReportSet set = build_report_set(std::move(runs), {}, GateConfig{});
    CHECK(set.comparisons.empty());
    REQUIRE(set.alone.size() == 2);
    const auto cards = build_scorecards(set, {0.95});
    REQUIRE(cards.size() == 2);
    CHECK(cards[0].candidate == set.alone[0]);
    CHECK(cards[1].candidate == set.alone[1]);
    for (const Scorecard& c : cards) {
        CHECK(c.baseline == nullptr);
        REQUIRE_FALSE(c.rows.empty());
        CHECK(c.rows[0].measured > 0);
    }
    CHECK(cards[1].rows[0].link_class == LinkClass::contention);
    const std::string md = markdown_report(set);
    CHECK(md.find("2 runs with no case in common and no baseline") != std::string::npos);
    CHECK(md.find("contention-x86_64.json") != std::string::npos);
    // A run sharing cases with the first is still compared with it.
    std::vector<Run> pair;
    pair.push_back(load_results(results_path("saturation-x86_64.json")));
    pair.push_back(load_results(results_path("saturation-x86_64-rerun.json")));
    const ReportSet compared = build_report_set(std::move(pair), {}, GateConfig{});
    CHECK(compared.comparisons.size() == 1);
    CHECK(compared.alone.empty());
}

TEST_CASE("html, markdown and csv carry the knees, plateaus and ratios", "[reports][saturation]") {
    std::vector<Run> runs;
    runs.push_back(load_results(results_path("saturation-x86_64.json")));
    runs.push_back(load_results(results_path("contention-x86_64.json")));
    std::vector<Run> baselines;
    baselines.push_back(load_results(results_path("saturation-x86_64-rerun.json")));
    ReportSet set = build_report_set(std::move(runs), std::move(baselines), GateConfig{});
    const std::string html = html_report(set);
    CHECK(html.find("<section id=\"scorecard\">") < html.find("<section id=\"summary\">"));
    CHECK(count(html, "<figure class=\"saturation-chart\"") == 3);
    CHECK(count(html, "<details class=\"figures\"") >=
          count(html, "<figure class=\"chart\"") +
              count(html, "<figure class=\"saturation-chart\""));
    CHECK(count(html, "<table class=\"interference\">") == 1);
    for (const CaseResult& c : set.runs[1].cases) {
        CHECK(html.find(fmt::format("data-ratio=\"{:.4f}\"", c.contention->ratio)) !=
              std::string::npos);
    }
    const std::string md = markdown_report(set);
    CHECK(md.find("### Scorecard") < md.find("**linkperf compare**"));
    CHECK(md.find("### Saturation") != std::string::npos);
    CHECK(md.find("### Interference") != std::string::npos);
    for (const SaturationCurve& c : saturation_curves(set.runs[0], {0.95})) {
        CHECK(md.find(format_number(c.analysis.plateau)) != std::string::npos);
    }
    const std::string csv = csv_report(set);
    CHECK(count(csv, ",knee,") == 12); // 6 swept cases in each of two runs
    CHECK(count(csv, ",interference_ratio,") == 2);
    // A stricter knee moves the knee of a curve whose second point is within 95% but not 99.9%.
    set.knee_fraction = 0.999;
    const std::string strict = csv_report(set);
    CHECK(count(strict, ",knee_fraction,0.999,") == 12);
}

TEST_CASE("svg: a linear concurrency axis with knee markers", "[reports][svg]") {
    LineChart chart;
    chart.title = "host.read vs threads";
    chart.y_label = "GB/s";
    chart.linear_x = true;
    chart.x_label = "threads";
    ChartSeries s;
    s.label = "run";
    for (int t = 1; t <= 16; ++t) {
        s.points.push_back({static_cast<double>(t), 10.0 * std::min(t, 6), 0, 0});
    }
    chart.series.push_back(s);
    chart.markers.push_back({6, "knee 6", 0, false});
    chart.markers.push_back({99, "off the axis", 1, true});
    chart.markers.push_back({std::nan(""), "nan", 1, true});
    const std::string svg = render_line_chart(chart);
    CHECK(count(svg, "<line class=\"marker\"") == 1);
    CHECK(svg.find("knee 6") != std::string::npos);
    CHECK(svg.find(">threads</text>") != std::string::npos);
    CHECK(svg.find("message size") == std::string::npos);
    CHECK(count(svg, "<circle") == 16);
    CHECK(svg.find("nan") == std::string::npos);
}
