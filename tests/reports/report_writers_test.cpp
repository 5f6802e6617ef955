// The report writers: escaping, SVG charts, HTML (one chart per path, hostile input escaped,
// self-contained), CSV, Markdown and JUnit, on real results files.
#include "reports/csv_report.hpp"
#include "reports/html_report.hpp"
#include "reports/junit_writer.hpp"
#include "reports/markdown_report.hpp"
#include "reports/report_set.hpp"
#include "reports/report_writer.hpp"
#include "reports/svg_chart.hpp"
#include "results_model/report_error.hpp"
#include "results_model/text_escape.hpp"
#include "tests/support/command_output.hpp"
#include "tests/support/report_fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <set>

#include <unistd.h>

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
    CHECK(markdown_cell("a|b\nc<d>") == "a\\|b c\\<d>");
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
    hostile["context"]["linkperf"]["cuda"] = {
        {"driver_version", 13000},
        {"driver_release", "580.65.06"},
        {"devices",
         {{{"index", 0},
           {"pci_bus_id", "0000:19:00.0"},
           {"uuid", "GPU-6e2a3b4c-5d6e-7f80-91a2-b3c4d5e6f708"},
           {"vbios_version", "96.00 <b>"}}}}};
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
    // Each GPU's identity and the driver's release, in the runs table.
    CHECK(html.find("GPU identity") != std::string::npos);
    CHECK(html.find("gpu0 0000:19:00.0 GPU-6e2a3b4c-5d6e-7f80-91a2-b3c4d5e6f708, VBIOS 96.00 "
                    "&lt;b&gt;") != std::string::npos);
    CHECK(html.find("13000 (driver 580.65.06)") != std::string::npos);
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

TEST_CASE("markdown: hostile names are inert, ordinary punctuation stays readable",
          "[reports][escape]") {
    CHECK(markdown_cell("![img](http://e/x.png) @team") == "!\\[img\\](http\\://e/x.png) \\@team");
    CHECK(markdown_cell("`code` *em* _u_ <b>&amp; a|b ~~s~~ $x$ #12 www.e.com") ==
          "\\`code\\` \\*em\\* \\_u\\_ \\<b>\\&amp; a\\|b \\~\\~s\\~\\~ \\$x\\$ \\#12 "
          "www\\.e.com");
    CHECK(markdown_cell(std::string("a\tb\x01"
                                    "c")) == "a b\xEF\xBF\xBD"
                                             "c");
    // A case label reads as written (it was host\.copy local\(numa\)\-\>...).
    CHECK(markdown_cell("coll.all_reduce rank0(numa)->rank1(numa) threads:1@4M/float32") ==
          "coll.all_reduce rank0(numa)->rank1(numa) threads:1\\@4M/float32");
    CHECK(markdown_cell("a\\b") == "a\\\\b");

    const nlohmann::json doc = read_json("host-small-x86_64.json");
    Run base = parse(doc, "base.json");
    Run cand = parse(scaled(doc, 0.5, "host.copy"), "cand.json");
    base.info.label = "base`.json";
    cand.info.label = "cand.json";
    cand.info.hostname = "![img](http://e/x.png) @team";
    const std::string md =
        markdown_comparison(compare_runs(base, cand, GateConfig{}), base.info, cand.info);
    CHECK(md.find("![") == std::string::npos);
    CHECK(md.find("](") == md.find("\\](") + 1); // only escaped
    CHECK(md.find(" @team") == std::string::npos);
    CHECK(md.find("\\@team") != std::string::npos);
    CHECK(md.find("`base") == std::string::npos); // no code span around labels
}

TEST_CASE("xml_escape: XML 1.0-invalid characters replaced, whitespace kept in attributes",
          "[reports][escape][junit]") {
    CHECK(xml_escape("<a & 'b' \"c\">") == "&lt;a &amp; &apos;b&apos; &quot;c&quot;&gt;");
    CHECK(xml_escape("a\nb\tc\rd") == "a&#10;b&#9;c&#13;d");
    CHECK(xml_escape(std::string("x\x01\x1fy")) == "x\xEF\xBF\xBD\xEF\xBF\xBDy");
    CHECK(xml_escape("\xEF\xBF\xBE|\xEF\xBF\xBF") == "\xEF\xBF\xBD|\xEF\xBF\xBD");
    // An encoded surrogate: three bytes that are not UTF-8, each replaced (as csv_field does).
    CHECK(xml_escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    // Bytes that are not UTF-8 at all (a Latin-1 file name, 0xFF): never copied into the file.
    CHECK(xml_escape("r\xFF\xE9.json") == "r\xEF\xBF\xBD\xEF\xBF\xBD.json");
    CHECK(xml_escape("caf\xC3\xA9 \xEF\xBF\xBD") == "caf\xC3\xA9 \xEF\xBF\xBD"); // valid UTF-8 kept
}

TEST_CASE("junit: a hostile hostname still gives well-formed XML", "[reports][junit]") {
    const nlohmann::json doc = read_json("host-small-x86_64.json");
    Run base = parse(doc, "base.json");
    Run cand = parse(scaled(doc, 0.5, "host.copy"), "cand.json");
    cand.info.hostname = std::string("h\x01\x0b<x>&\"'\n\t\r\xEF\xBF\xBE\xEF\xBF\xBF");
    cand.info.file = "cand]]>.json";
    const std::string xml = junit_xml(compare_runs(base, cand, GateConfig{}), base.info, cand.info);
    CHECK(xml.find("\xEF\xBF\xBE") == std::string::npos);
    CHECK(xml.find("\xEF\xBF\xBF") == std::string::npos);
    CHECK(xml.find('\x01') == std::string::npos);
    CHECK(xml.find('\x0b') == std::string::npos);
    CHECK(xml.find("value=\"h\xEF\xBF\xBD\xEF\xBF\xBD&lt;x&gt;&amp;&quot;&apos;&#10;&#9;&#13;"
                   "\xEF\xBF\xBD\xEF\xBF\xBD\"") != std::string::npos);
    // Parsed by a real XML parser (expat via minidom): the property keeps \n and \t.
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("linkperf-junit-" + std::to_string(::getpid()) + ".xml"))
                                 .string();
    {
        std::ofstream out(path, std::ios::binary);
        out << xml;
    }
    const std::string cmd =
        "python3 -c \"import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); "
        "v = [p.getAttribute('value') for p in d.getElementsByTagName('property') "
        "if p.getAttribute('name') == 'candidate.host'][0]; "
        "sys.exit(0 if '\\\\n' in v and '\\\\t' in v and '<x>' in v else 1)\" " +
        path;
    CHECK(std::system(cmd.c_str()) == 0);
    std::filesystem::remove(path);
}

TEST_CASE("csv: a leading tab or CR is guarded like a formula", "[reports][csv][escape]") {
    CHECK(csv_field("\t=cmd()") == "'\t=cmd()");
    CHECK(csv_field("\r=cmd()") == "\"'\r=cmd()\"");
    CHECK(csv_field("a\tb") == "a\tb");
}

TEST_CASE("csv: collective key columns", "[reports][csv]") {
    ReportSet set =
        build_report_set({load_results(results_path("coll-small-x86_64.json"))}, {}, GateConfig{});
    const std::string csv = csv_report(set);
    CHECK(csv.find(",type,reduce_op,nodes,root,window,status,") != std::string::npos);
    CHECK(csv.find(",sum,1,-1,0,ok,median,") != std::string::npos);
}

TEST_CASE("svg heatmap: too many cores draws a note; the colour scale is clamped",
          "[reports][svg]") {
    Heatmap big;
    big.title = "c2c";
    big.unit = "ns";
    for (int i = 0; i < static_cast<int>(kMaxHeatmapIds) + 1; ++i) {
        big.ids.push_back(i);
    }
    big.values[{0, 1}] = 50;
    const std::string note = render_heatmap(big);
    CHECK(note.find("<rect") == std::string::npos);
    CHECK(note.find("not drawn") != std::string::npos);
    CHECK(note.size() < 2000);

    Heatmap odd;
    odd.title = "c2c";
    odd.unit = "ns";
    odd.ids = {0, 1, 2};
    odd.values[{0, 1}] = 50;
    odd.values[{0, 2}] = std::numeric_limits<double>::quiet_NaN();
    odd.values[{1, 2}] = std::numeric_limits<double>::infinity();
    odd.values[{2, 0}] = 120;
    const std::string svg = render_heatmap(odd);
    CHECK(svg.find("nan") == std::string::npos);
    CHECK(svg.find("rgb(-") == std::string::npos);
    CHECK(svg.find("2147483648") == std::string::npos);
    // Every fill lies on the light-yellow..dark-red scale: rgb(175..255, 37..237, 30..160).
    std::size_t fills = 0;
    for (auto pos = svg.find("fill=\"rgb("); pos != std::string::npos;
         pos = svg.find("fill=\"rgb(", pos + 1)) {
        int r = -1;
        int g = -1;
        int b = -1;
        REQUIRE(std::sscanf(svg.c_str() + pos, "fill=\"rgb(%d,%d,%d)", &r, &g, &b) == 3);
        CHECK((r >= 175 && r <= 255 && g >= 37 && g <= 237 && b >= 30 && b <= 160));
        ++fills;
    }
    CHECK(fills == 4);
    CHECK(count(svg, "<rect class=\"cell\"") == 4);
}

TEST_CASE("control characters from a results file never reach the terminal, CSV or Markdown raw",
          "[reports][escape]") {
    using namespace std::string_literals;
    const std::string hostile = "h\x1b[31mo\x07s\0t\x7f"s + "\xC2\x9B" + "2J\xFF";
    const std::string term = terminal_text(hostile);
    CHECK(term == "h\\x1b[31mo\\x07s\\x00t\\x7f\\u009b2J\\xff");
    CHECK(terminal_text("line\nbreak") == "line\\x0abreak"); // one line stays one line
    CHECK(terminal_text("caf\xC3\xA9 \xE2\x9C\x93") == "caf\xC3\xA9 \xE2\x9C\x93");
    for (const std::string& out : {csv_field(hostile), markdown_cell(hostile)}) {
        INFO(out);
        for (const char c : out) {
            const auto b = static_cast<unsigned char>(c);
            CHECK((b >= 0x20 && b != 0x7f));
        }
        CHECK(out.find("\xC2\x9B") == std::string::npos); // C1 CSI
        CHECK(out.find('\xFF') == std::string::npos);     // not UTF-8
        CHECK(out.find("\xEF\xBF\xBD") != std::string::npos);
    }
    CHECK(csv_field("a\nb") == "\"a\nb\""); // RFC 4180 quoting keeps these
    CHECK(csv_field("caf\xC3\xA9") == "caf\xC3\xA9");
}

TEST_CASE("html report: the runs table counts and names the contended measurements",
          "[reports][html]") {
    nlohmann::json busy = read_json("host-small-x86_64.json");
    REQUIRE(busy["benchmarks"].size() >= 2);
    busy["benchmarks"][0]["linkperf"]["contention"] = {{"contended", true},
                                                       {"why", "steal 31% <b>"}};
    std::vector<Run> runs;
    runs.push_back(parse(busy, "busy.json"));
    const std::size_t measured =
        std::count_if(runs[0].cases.begin(), runs[0].cases.end(),
                      [](const CaseResult& c) { return c.status == linkperf::CaseStatus::ok; });
    const ReportSet set = build_report_set(std::move(runs), {}, GateConfig{});
    const std::string html = html_report(set);
    CHECK(html.find("measured under contention") != std::string::npos);
    CHECK(html.find("data-count=\"1\">1 of " + std::to_string(measured) + " measurements") !=
          std::string::npos);
    CHECK(html.find("steal 31% &lt;b&gt;") != std::string::npos);
    CHECK(html.find("<b>") == std::string::npos);
}

TEST_CASE("html report: a run of several passes shows each case's spread and detectable change",
          "[reports][html]") {
    const nlohmann::json base = read_json("host-small-x86_64.json");
    std::vector<Run> runs;
    runs.push_back(parse(test::repeated(base, {1.0, 1.02, 0.98, 1.01, 0.99}), "five.json"));
    const std::size_t cases = runs[0].cases.size();
    const ReportSet set = build_report_set(std::move(runs), {}, GateConfig{});
    const std::string html = html_report(set);
    CHECK(html.find("<section id=\"spread\">") != std::string::npos);
    CHECK(count(html, "<table class=\"spread\">") == 1);
    // One row per case; header row besides.
    const std::size_t from = html.find("<table class=\"spread\">");
    const std::string table = html.substr(from, html.find("</table>", from) - from);
    CHECK(count(table, "<tr>") == cases + 1);
    // 1.4826 x MAD / median of {1, 1.02, 0.98, 1.01, 0.99} = 1.5%.
    CHECK(table.find(">1.5%<") != std::string::npos);
    // A single run has no spread table.
    std::vector<Run> one;
    one.push_back(parse(base, "one.json"));
    CHECK(html_report(build_report_set(std::move(one), {}, GateConfig{})).find("id=\"spread\"") ==
          std::string::npos);
}

// A new report writer is one class deriving from ReportWriter and one entry in report_writers():
// this walks the table, so an entry that lacks a name, an extension or a command, writes
// nothing, or is not offered by the command it writes for fails here (docs/architecture.md, "A
// new report writer").
TEST_CASE("the writer table: every writer named, exercised and offered by its commands",
          "[reports][writers]") {
    const nlohmann::json doc = read_json("host-small-x86_64.json");
    Run base = parse(doc, "base.json");
    Run same = parse(doc, "same.json");
    Run slower = parse(scaled(doc, 0.5, "host.copy"), "slower.json");
    const GateResult unchanged = compare_runs(base, same, GateConfig{});
    const GateResult regressed = compare_runs(base, slower, GateConfig{});
    REQUIRE(regressed.regression());
    const ComparisonReport judged_same{unchanged, base.info, same.info, false, false};
    const ComparisonReport judged_slower{regressed, base.info, slower.info, false, false};
    std::vector<Run> runs;
    runs.push_back(load_results(results_path("host-small-x86_64.json")));
    runs.push_back(load_results(results_path("coll-small-x86_64.json")));
    std::vector<Run> baselines;
    baselines.push_back(load_results(results_path("host-small-x86_64-rerun.json")));
    const ReportSet set = build_report_set(std::move(runs), std::move(baselines), GateConfig{});

    const std::string report_help =
        linkperf::test::run(std::string(LINKPERF_BINARY) + " report --help");
    const std::string compare_help =
        linkperf::test::run(std::string(LINKPERF_BINARY) + " compare --help");
    // An option as CLI11's help lists it: at the start of a line, then its value's type.
    const auto offers = [](const std::string& help, const std::string& option) {
        return std::regex_search(help, std::regex("(^|\n) +" + option + " "));
    };
    REQUIRE(offers(report_help, "--baseline"));

    REQUIRE_FALSE(report_writers().empty());
    std::set<std::string> names;
    for (const ReportWriter* w : report_writers()) {
        const std::string name(w->name());
        INFO("writer " << name);
        CHECK(std::regex_match(name, std::regex("[a-z][a-z0-9-]*")));
        CHECK(names.insert(name).second);
        CHECK(w->option() == "--" + name);
        CHECK(find_report_writer(name) == w);
        CHECK(std::regex_match(std::string(w->extension()), std::regex("\\.[a-z0-9]+")));
        CHECK((w->writes_report() || w->writes_comparison()));
        CHECK(offers(report_help, w->option()) == w->writes_report());
        CHECK(offers(compare_help, w->option()) == w->writes_comparison());
        if (w->writes_report()) {
            const std::string text = w->write_report(set);
            CHECK(text == w->write_report(set));
            for (const Run* r : set.all()) {
                CHECK(text.find(r->info.label) != std::string::npos);
            }
        } else {
            CHECK_THROWS_AS(w->write_report(set), ReportError);
        }
        if (w->writes_comparison()) {
            const std::string same_text = w->write_comparison(judged_same);
            CHECK_FALSE(same_text.empty());
            CHECK(same_text == w->write_comparison(judged_same));
            CHECK(w->write_comparison(judged_slower) != same_text);
        } else {
            CHECK_THROWS_AS(w->write_comparison(judged_same), ReportError);
        }
    }
    // Report's default output (Markdown on stdout) is a writer of the table.
    REQUIRE(find_report_writer("md") != nullptr);
    CHECK(find_report_writer("md")->writes_report());
    CHECK(find_report_writer("nope") == nullptr);
}
