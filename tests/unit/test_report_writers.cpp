// The report writers: escaping, SVG charts, HTML (one chart per path, hostile input escaped,
// self-contained), CSV, Markdown and JUnit, on real results files.
#include "reports/csv_report.hpp"
#include "reports/html_report.hpp"
#include "reports/junit_writer.hpp"
#include "reports/markdown_report.hpp"
#include "reports/report_set.hpp"
#include "reports/svg_chart.hpp"
#include "reports/text_escape.hpp"
#include "test_report_fixtures.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace linkperf::reports;
using namespace linkperf::reports::test;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) {
        ++n;
    }
    return n;
}

} // namespace

TEST_CASE("escaping for HTML, CSV and Markdown", "[reports][escape]") {
    CHECK(html_escape("<script>alert('x')</script>&\"") ==
          "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
    CHECK(html_escape(std::string("a\x01z")) == "a\xEF\xBF\xBDz");
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("=cmd()") == "'=cmd()");
    CHECK(csv_field("-1.5") == "-1.5");
    CHECK(markdown_cell("a|b\nc<d>") == "a\\|b c&lt;d&gt;");
    CHECK(format_number(12.3456) == "12.35");
    CHECK(format_number(0.000123456) == "0.0001235");
    CHECK(format_number(1234567.0) == "1234567");
}

TEST_CASE("svg line chart: log2 size axis labelled 4K..1G, one polyline per series",
          "[reports][svg]") {
    LineChart chart;
    chart.title = "t <b>";
    chart.y_label = "GB/s";
    ChartSeries a;
    a.label = "run a";
    for (double s = 4096; s <= 1073741824.0; s *= 4) {
        a.points.push_back({s, 10, 9, 11});
    }
    ChartSeries b = a;
    b.label = "baseline";
    b.dashed = true;
    b.band = true;
    chart.series = {a, b};
    const std::string svg = render_line_chart(chart);
    CHECK(count(svg, "<polyline") == 2);
    CHECK(count(svg, "class=\"series dashed\"") == 1);
    CHECK(count(svg, "<polygon class=\"band\"") == 1);
    CHECK(svg.find(">4K</text>") != std::string::npos);
    CHECK(svg.find(">1G</text>") != std::string::npos);
    CHECK(svg.find("t &lt;b&gt;") != std::string::npos);
    CHECK(svg.find("<b>") == std::string::npos);
    // Log y keeps non-positive values off the chart instead of producing NaN coordinates.
    chart.log_y = true;
    chart.series[0].points.push_back({2147483648.0, 0, 0, 0});
    const std::string logsvg = render_line_chart(chart);
    CHECK(logsvg.find("nan") == std::string::npos);
    CHECK(logsvg.find("inf") == std::string::npos);
}

TEST_CASE("svg heatmap: one cell per core pair", "[reports][svg]") {
    Heatmap map;
    map.title = "c2c";
    map.unit = "ns";
    map.ids = {0, 1, 2};
    map.values[{0, 1}] = 50;
    map.values[{0, 2}] = 120;
    const std::string svg = render_heatmap(map);
    CHECK(count(svg, "<rect class=\"cell\"") == 2);
    CHECK(count(svg, "<rect class=\"cell empty\"") == 7);
    CHECK(svg.find("core 0 &#8594; core 2: 120.0 ns") != std::string::npos);
}

TEST_CASE("html report: one chart per path, headers side by side, hostile input escaped",
          "[reports][html]") {
    nlohmann::json hostile = read_json("host-small-x86_64.json");
    hostile["context"]["linkperf"]["hostname"] = "<script>alert(1)</script>";
    hostile["context"]["linkperf"]["isa"] = "riscv64";
    hostile["context"]["linkperf"]["emulated"] = true;
    hostile["context"]["linkperf"]["emulator"] = "qemu-riscv64 <img src=x>";
    std::vector<Run> runs;
    runs.push_back(parse(hostile, "hostile.json"));
    runs.push_back(load_results(results_path("coll-small-x86_64.json")));
    std::vector<Run> baselines;
    baselines.push_back(load_results(results_path("host-small-x86_64.json")));
    const ReportSet set = build_report_set(std::move(runs), std::move(baselines), GateConfig{});
    const std::string html = html_report(set);
    std::set<std::string> paths;
    for (const Run* r : set.all()) {
        for (const CaseResult& c : r->cases) {
            paths.insert(c.key.path);
        }
    }
    CHECK(count(html, "<figure class=\"chart\"") == paths.size());
    CHECK(count(html, "<svg class=\"heatmap\"") == 2); // host.c2c of the two host runs
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("class=\"emulated\"") != std::string::npos);
    CHECK(html.find("riscv64") != std::string::npos);
    // Self-contained: no external resources.
    CHECK(html.find(" src=\"") == std::string::npos);
    CHECK(html.find("href=") == std::string::npos);
    CHECK(html.find("@import") == std::string::npos);
    CHECK(count(html, "http") == count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
    // The summary counts what the comparisons found.
    REQUIRE(set.comparisons.size() == 2);
    CHECK(html.find("data-count=\"" +
                    std::to_string(set.comparisons[1].result.count(Verdict::missing)) + "\">" +
                    std::to_string(set.comparisons[1].result.count(Verdict::missing)) +
                    " missing") != std::string::npos);
}

TEST_CASE("html report: efficiency chart where a link rate is known", "[reports][html]") {
    Run run;
    run.info.file = "gpu.json";
    for (std::uint64_t size : {1u << 20, 1u << 24}) {
        CaseResult c;
        c.key.path = "ce.h2d";
        c.key.source_role = "local";
        c.key.destination_role = "gpu0";
        c.key.size_bytes = size;
        c.metric = "bandwidth";
        c.unit = "GB/s";
        c.stats.median = 20;
        c.stats.p5 = 19;
        c.stats.p95 = 21;
        c.link_rate_gbps = 31.5;
        c.efficiency = 20 / 31.5;
        run.cases.push_back(c);
    }
    std::vector<Run> runs;
    runs.push_back(std::move(run));
    const ReportSet set = build_report_set(std::move(runs), {}, GateConfig{});
    const std::string html = html_report(set);
    CHECK(count(html, "<figure class=\"chart\"") == 1);
    CHECK(count(html, "<figure class=\"efficiency-chart\"") == 1);
    CHECK(html.find("% of link rate") != std::string::npos);
}

TEST_CASE("csv report: one row per run, case and statistic with units", "[reports][csv]") {
    std::vector<Run> runs;
    runs.push_back(load_results(results_path("host-small-x86_64.json")));
    const std::size_t cases = runs[0].cases.size();
    const ReportSet set = build_report_set(std::move(runs), {}, GateConfig{});
    const std::string csv = csv_report(set);
    CHECK(count(csv, "\n") == 1 + cases * 9);
    CHECK(count(csv, ",median,") == cases);
    CHECK(count(csv, ",stdrel,") == cases);
    CHECK(csv.find(",median,") != std::string::npos);
    CHECK(csv.find(",GB/s\n") != std::string::npos);
    CHECK(csv.find(",ns\n") != std::string::npos);
}

TEST_CASE("junit and markdown name the regressed case", "[reports][junit]") {
    const nlohmann::json doc = read_json("host-small-x86_64.json");
    Run base = parse(doc, "base.json");
    Run cand = parse(scaled(doc, 0.5, "host.copy"), "cand.json");
    base.info.label = "base.json";
    cand.info.label = "cand.json";
    const GateResult r = compare_runs(base, cand, GateConfig{});
    REQUIRE(r.regression());
    const std::string xml = junit_xml(r, base.info, cand.info);
    CHECK(count(xml, "<testcase ") == r.rows.size());
    CHECK(count(xml, "<failure ") == r.count(Verdict::regressed));
    CHECK(xml.find("failures=\"" + std::to_string(r.count(Verdict::regressed)) + "\"") !=
          std::string::npos);
    const std::string md = markdown_comparison(r, base.info, cand.info);
    CHECK(md.find("**regression**") != std::string::npos);
    for (const Comparison& c : r.rows) {
        if (c.verdict == Verdict::regressed) {
            CHECK(xml.find("classname=\"host.copy\" name=\"" + html_escape(case_label(c.key)) +
                           "\"") != std::string::npos);
            CHECK(md.find("| regressed | " + markdown_cell(case_label(c.key))) !=
                  std::string::npos);
        }
    }
}
