#include "reports/html_report.hpp"

#include "harness/units.hpp"
#include "reports/comparison_text.hpp"
#include "reports/path_series.hpp"
#include "reports/svg_chart.hpp"
#include "reports/text_escape.hpp"

#include <linkperf/version.hpp>

#include <fmt/core.h>

#include <set>

namespace linkperf::reports {
namespace {

constexpr const char* kStyle = R"css(
body { font-family: sans-serif; margin: 1.5em; color: #222; max-width: 1200px; }
h1 { margin-bottom: 0.2em; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.isa { font-size: 1.4em; font-weight: bold; }
.emulated { background: #ffd54f; color: #000; padding: 1px 6px; border-radius: 3px;
            font-weight: bold; margin-left: 0.4em; }
.summary span { display: inline-block; padding: 2px 8px; margin-right: 6px; border-radius: 3px; }
tr.improved td, span.improved { background: #c8e6c9; }
tr.regressed td, span.regressed { background: #ffcdd2; }
tr.noisy td, span.noisy { background: #fff9c4; }
tr.unjudged td, span.unjudged { background: #ffe0b2; }
tr.missing td, span.missing { background: #e0e0e0; }
span.unchanged { background: #f5f5f5; }
figure { margin: 1em 0 2em; }
figcaption { font-weight: bold; margin-bottom: 0.3em; }
.legend { font-size: 0.85em; margin: 0.2em 0 0 1em; padding: 0; list-style: none; }
.legend li { display: inline-block; margin-right: 1.2em; }
.swatch { display: inline-block; width: 24px; height: 0; border-top: 3px solid; margin-right: 4px;
          vertical-align: middle; }
.swatch.dashed { border-top-style: dashed; }
svg .grid { stroke: #e6e6e6; stroke-width: 1; }
svg .axis { stroke: #444; stroke-width: 1; }
svg .tick, svg .axis-label { font-size: 11px; fill: #333; font-family: sans-serif; }
svg .series { fill: none; stroke-width: 2; }
svg .series.dashed { stroke-dasharray: 6 4; }
svg .band { fill-opacity: 0.15; stroke: none; }
svg .cell { stroke: #fff; }
svg .cell.empty { fill: #f3f3f3; }
svg .cell-value { font-size: 11px; fill: #222; font-family: sans-serif; }
svg .cell-value.dark { fill: #fff; }
.heatmaps { display: flex; flex-wrap: wrap; gap: 2em; }
.skips { font-size: 0.85em; color: #555; }
)css";

std::string esc(std::string_view s) {
    return html_escape(s);
}

std::string or_dash(const std::string& s) {
    return s.empty() ? "&#8212;" : esc(s);
}

std::string run_headers(const ReportSet& set) {
    const std::vector<const Run*> runs = set.all();
    std::string out = "<section id=\"runs\"><h2>Runs</h2>\n<table class=\"runs\">\n<tr><th></th>";
    for (const Run* r : runs) {
        out += fmt::format("<th>{}{}</th>", esc(r->info.label),
                           set.is_baseline(r) ? " (baseline)" : "");
    }
    out += "</tr>\n";
    const auto row = [&](const char* name, auto cell) {
        out += fmt::format("<tr><th>{}</th>", name);
        for (const Run* r : runs) {
            out += "<td>" + cell(r->info) + "</td>";
        }
        out += "</tr>\n";
    };
    row("ISA", [](const RunInfo& i) {
        std::string s = "<span class=\"isa\">" + or_dash(i.isa) + "</span>";
        if (i.emulated) {
            s += "<span class=\"emulated\">emulated" +
                 (i.emulator.empty() ? std::string() : " (" + esc(i.emulator) + ")") + "</span>";
        }
        return s;
    });
    row("host", [](const RunInfo& i) { return or_dash(i.hostname); });
    row("CPU", [](const RunInfo& i) { return or_dash(i.cpu_model); });
    row("GPUs", [](const RunInfo& i) {
        std::string s = std::to_string(i.gpus);
        std::set<std::string> names(i.gpu_names.begin(), i.gpu_names.end());
        for (const std::string& n : names) {
            s += "<br>" + esc(n);
        }
        return s;
    });
    row("CUDA driver / runtime", [](const RunInfo& i) {
        return i.cuda_driver.empty() && i.cuda_runtime.empty()
                   ? std::string("&#8212;")
                   : or_dash(i.cuda_driver) + " / " + or_dash(i.cuda_runtime);
    });
    row("NCCL", [](const RunInfo& i) { return or_dash(i.nccl_version); });
    row("collectives library", [](const RunInfo& i) { return or_dash(i.collectives_library); });
    row("kernel", [](const RunInfo& i) { return or_dash(i.kernel); });
    row("OS", [](const RunInfo& i) { return or_dash(i.os); });
    row("date", [](const RunInfo& i) { return or_dash(i.date); });
    row("linkperf", [](const RunInfo& i) {
        return or_dash(i.linkperf_version) + (i.git_sha.empty() ? "" : " (" + esc(i.git_sha) + ")");
    });
    row("suite", [](const RunInfo& i) { return or_dash(i.suite); });
    row("complete", [](const RunInfo& i) { return std::string(i.complete ? "yes" : "no"); });
    row("cases", [&](const RunInfo& i) {
        for (const Run* r : runs) {
            if (&r->info == &i) {
                return std::to_string(r->cases.size());
            }
        }
        return std::string("0");
    });
    row("file", [](const RunInfo& i) { return or_dash(i.file); });
    out += "</table></section>\n";
    return out;
}

std::string summary(const ReportSet& set) {
    std::string out = "<section id=\"summary\"><h2>Summary</h2>\n";
    if (set.comparisons.empty()) {
        out += "<p>One run and no baseline: nothing to compare.</p></section>\n";
        return out;
    }
    for (const RunComparison& c : set.comparisons) {
        out += fmt::format("<p class=\"summary\" data-candidate=\"{}\"><b>{}</b> vs <b>{}</b>: ",
                           esc(c.candidate->info.label), esc(c.candidate->info.label),
                           esc(c.baseline->info.label));
        for (Verdict v : kVerdicts) {
            out += fmt::format("<span class=\"{0}\" data-count=\"{1}\">{1} {0}</span>",
                               to_string(v), c.result.count(v));
        }
        out += "</p>\n";
    }
    out += "</section>\n";
    return out;
}

std::string legend(const std::vector<ChartSeries>& series) {
    std::string out = "<ul class=\"legend\">";
    for (const ChartSeries& s : series) {
        out += fmt::format("<li><span class=\"swatch{}\" style=\"border-color:{}\"></span>{}</li>",
                           s.dashed ? " dashed" : "", palette_colour(s.color), esc(s.label));
    }
    return out + "</ul>\n";
}

// One line per (run, series) of the path; baselines dashed with their p5-p95 band.
std::vector<ChartSeries> chart_series(const ReportSet& set, const std::string& path,
                                      bool efficiency) {
    std::vector<ChartSeries> out;
    std::map<CaseKey, int> colour_of_series;
    const std::vector<const Run*> runs = set.all();
    const bool many_runs = runs.size() > 1;
    for (std::size_t ri = 0; ri < runs.size(); ++ri) {
        const Run* r = runs[ri];
        const bool base = set.is_baseline(r);
        for (const auto& [series, cases] : series_of_path(*r, path)) {
            ChartSeries s;
            s.label = (many_runs ? r->info.label + ": " : std::string()) + series_label(series);
            s.dashed = base;
            s.band = base && !efficiency;
            // One colour per run when there is one series per run, else per series.
            auto [it, inserted] =
                colour_of_series.emplace(series, static_cast<int>(colour_of_series.size()));
            s.color = static_cast<int>(ri) * 3 + it->second;
            for (const CaseResult* c : cases) {
                if (efficiency) {
                    if (c->efficiency) {
                        const double e = *c->efficiency * 100.0;
                        s.points.push_back({static_cast<double>(c->key.size_bytes), e, e, e});
                    }
                } else {
                    s.points.push_back({static_cast<double>(c->key.size_bytes), c->stats.median,
                                        c->stats.p5, c->stats.p95});
                }
            }
            if (!s.points.empty()) {
                out.push_back(std::move(s));
            }
        }
    }
    return out;
}

std::string c2c_heatmaps(const ReportSet& set, const PathInfo& p) {
    std::string out;
    for (const Run* r : set.all()) {
        Heatmap map;
        map.title =
            fmt::format("{} core-to-core latency, {} ({})", p.path, r->info.label, r->info.isa);
        map.unit = p.unit;
        std::set<int> ids;
        for (const CaseResult& c : r->cases) {
            if (c.key.path != p.path || c.status != CaseStatus::ok || c.source.id < 0 ||
                c.destination.id < 0) {
                continue;
            }
            ids.insert(c.source.id);
            ids.insert(c.destination.id);
            map.values[{c.source.id, c.destination.id}] = c.stats.median;
        }
        if (map.values.empty()) {
            continue;
        }
        map.ids.assign(ids.begin(), ids.end());
        out += fmt::format("<div class=\"heatmap-run\"><p>{}{}</p>\n", esc(r->info.label),
                           set.is_baseline(r) ? " (baseline)" : "");
        out += render_heatmap(map) + "</div>\n";
    }
    return out;
}

std::string charts(const ReportSet& set) {
    std::string out = "<section id=\"charts\"><h2>Paths</h2>\n";
    const std::vector<PathInfo> paths = paths_of(set.all());
    for (const PathInfo& p : paths) {
        if (!p.any_ok) {
            continue;
        }
        const bool latency = p.metric == "latency";
        const bool collective = p.path.rfind("coll.", 0) == 0;
        const std::string what = collective && !latency ? "busbw" : p.metric;
        out += fmt::format("<figure class=\"chart\" data-path=\"{}\">\n<figcaption>{}: {} ({}, {} "
                           "is better)</figcaption>\n",
                           esc(p.path), esc(p.path), esc(what), esc(p.unit),
                           latency ? "lower" : "higher");
        if (p.path == "host.c2c") {
            out += "<div class=\"heatmaps\">\n" + c2c_heatmaps(set, p) + "</div>\n";
        } else {
            LineChart chart;
            chart.title = fmt::format("{} {} vs message size", p.path, what);
            chart.y_label = p.unit;
            chart.log_y = latency;
            chart.series = chart_series(set, p.path, false);
            out += render_line_chart(chart);
            out += legend(chart.series);
        }
        out += "</figure>\n";
        if (p.any_efficiency) {
            LineChart chart;
            chart.title = fmt::format("{} efficiency vs the link's theoretical rate", p.path);
            chart.y_label = "% of link rate";
            chart.series = chart_series(set, p.path, true);
            out += fmt::format("<figure class=\"efficiency-chart\" data-path=\"{}\">\n"
                               "<figcaption>{}: efficiency (measured / theoretical link rate, "
                               "%)</figcaption>\n",
                               esc(p.path), esc(p.path));
            out += render_line_chart(chart) + legend(chart.series) + "</figure>\n";
        }
    }
    std::string skipped;
    for (const PathInfo& p : paths) {
        for (const std::string& s : p.skips) {
            skipped += "<li>" + esc(s) + "</li>\n";
        }
    }
    if (!skipped.empty()) {
        out += "<details class=\"skips\"><summary>Cases not measured</summary><ul>\n" + skipped +
               "</ul></details>\n";
    }
    out += "</section>\n";
    return out;
}

std::string ratio_tables(const ReportSet& set) {
    if (set.comparisons.empty()) {
        return "";
    }
    std::string out = "<section id=\"ratios\"><h2>Candidate / baseline</h2>\n";
    for (const RunComparison& c : set.comparisons) {
        out += fmt::format("<h3>{} / {}</h3>\n<table class=\"ratios\">\n<tr><th>path</th>"
                           "<th>case</th><th>size</th><th>baseline median</th><th>candidate "
                           "median</th><th>unit</th><th>ratio</th><th>change</th><th>verdict</th>"
                           "<th>detail</th></tr>\n",
                           esc(c.candidate->info.label), esc(c.baseline->info.label));
        for (const Comparison& row : c.result.rows) {
            const bool numbers = row.ratio > 0;
            out += fmt::format(
                "<tr class=\"{}\"><td>{}</td><td>{}</td><td class=\"num\">{}</td>"
                "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>"
                "<td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
                to_string(row.verdict), esc(row.key.path), esc(series_label(row.key)),
                esc(format_size(row.key.size_bytes)),
                numbers ? format_number(row.baseline_median) : "",
                numbers ? format_number(row.candidate_median) : "", esc(row.unit),
                numbers ? format_number(row.ratio, 3) : "", esc(change_text(row)),
                to_string(row.verdict), esc(row.reason));
        }
        out += "</table>\n";
    }
    out += "</section>\n";
    return out;
}

} // namespace

std::string html_report(const ReportSet& set) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    std::string isas;
    for (const Run* r : set.all()) {
        isas += (isas.empty() ? "" : " vs ") + r->info.isa;
    }
    out += fmt::format("<title>linkperf report: {}</title>\n", esc(isas));
    out += "<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
    out += fmt::format("<h1>linkperf report</h1>\n<p>{} run(s), {} baseline(s). Bandwidth in GB/s "
                       "(10<sup>9</sup> bytes/s), latency in ns, sizes in bytes (K/M/G = "
                       "2<sup>10/20/30</sup>). Lines are medians; dashed lines are baselines "
                       "with their p5&#8211;p95 band.</p>\n",
                       set.runs.size(), set.baselines.size());
    out += summary(set);
    out += run_headers(set);
    out += charts(set);
    out += ratio_tables(set);
    out += fmt::format("<footer><p>Written by linkperf {} ({}).</p></footer>\n", esc(kVersion),
                       esc(kGitSha));
    out += "</body>\n</html>\n";
    return out;
}

} // namespace linkperf::reports
