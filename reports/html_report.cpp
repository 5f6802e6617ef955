#include "reports/html_report.hpp"

#include "core/path_catalogue.hpp"
#include "core/units.hpp"
#include "gate/comparison_text.hpp"
#include "gate/run_stats.hpp"
#include "reports/expectation_report.hpp"
#include "reports/path_series.hpp"
#include "reports/saturation_curves.hpp"
#include "reports/scorecard.hpp"
#include "reports/svg_chart.hpp"
#include "results_model/text_escape.hpp"

#include <linkperf/version.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <map>
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
tr.inconclusive td, span.inconclusive { background: #e1bee7; }
p.note { font-style: italic; }
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
svg .marker { stroke-width: 1.5; }
svg .marker.dashed { stroke-dasharray: 4 3; }
svg .marker-label { font-size: 11px; font-family: sans-serif; }
details.figures { margin: -1.2em 0 2em; font-size: 0.85em; }
details.figures summary { cursor: pointer; color: #444; }
details.figures table { margin-top: 0.3em; }
td.ratio-none, span.ratio-none { background: #c8e6c9; }
td.ratio-mild, span.ratio-mild { background: #fff9c4; }
td.ratio-severe, span.ratio-severe { background: #ffcdd2; }
table.scorecard td.verdict { font-weight: bold; }
table.scorecard td.better { background: #c8e6c9; }
table.scorecard td.worse { background: #ffcdd2; }
table.scorecard td.on-par { background: #f5f5f5; }
table.scorecard td.health-ok, td.expect-ok { background: #c8e6c9; }
table.scorecard td.health-warning, td.expect-warning { background: #fff9c4; }
table.scorecard td.health-failing, td.expect-failing { background: #ffcdd2; }
svg .level { stroke-width: 1.5; stroke-dasharray: 8 3; }
svg .level.warning { stroke: #ef6c00; }
svg .level.failing { stroke: #c62828; }
.finding { font-size: 0.9em; margin: 0.2em 0 0 1em; }
.no-plateau { color: #b71c1c; }
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
                   : or_dash(i.cuda_driver) +
                         (i.cuda_driver_release.empty()
                              ? std::string()
                              : " (driver " + esc(i.cuda_driver_release) + ")") +
                         " / " + or_dash(i.cuda_runtime);
    });
    row("GPU identity", [](const RunInfo& i) {
        std::string s;
        for (const std::string& id : i.gpu_identities) {
            s += (s.empty() ? "" : "<br>") + esc(id);
        }
        return s.empty() ? std::string("&#8212;") : s;
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
    // Measurements a neighbour disturbed (docs/reports.md, contention): per run, how many and
    // which, so a figure is not read as the link's when the machine was busy.
    out += "<tr><th>measured under contention</th>";
    for (const Run* r : runs) {
        std::size_t measured = 0;
        std::string which;
        std::size_t contended = 0;
        for (const CaseResult& c : r->cases) {
            if (!c.run_contended.empty()) {
                for (std::size_t pass = 0; pass < c.run_contended.size(); ++pass) {
                    ++measured;
                    if (!c.run_contended[pass].empty()) {
                        ++contended;
                        // The index counts the measured passes only (a skipped pass has
                        // none), so it is not the file's pass number.
                        which += fmt::format("<li>{} (measured pass {}): {}</li>",
                                             esc(case_label(c.key)), pass + 1,
                                             esc(c.run_contended[pass]));
                    }
                }
            } else if (c.status == CaseStatus::ok) {
                ++measured;
                if (!c.contended.empty()) {
                    ++contended;
                    which +=
                        fmt::format("<li>{}: {}</li>", esc(case_label(c.key)), esc(c.contended));
                }
            }
        }
        out += fmt::format("<td class=\"contended\" data-count=\"{}\">{} of {} measurements",
                           contended, contended, measured);
        if (!which.empty()) {
            out += "<details><summary>which</summary><ul>" + which + "</ul></details>";
        }
        out += "</td>";
    }
    out += "</tr>\n</table></section>\n";
    return out;
}

std::string summary(const ReportSet& set) {
    std::string out = "<section id=\"summary\"><h2>Summary</h2>\n";
    if (set.comparisons.empty()) {
        out += set.expectations
                   ? "<p>One run and no baseline: judged against the expectation profile '" +
                         esc(set.expectations->name) +
                         "' (scorecard, charts, figures).</p></section>\n"
                   : "<p>" + esc(set.nothing_compared()) + "</p></section>\n";
        return out;
    }
    for (const RunComparison& c : set.comparisons) {
        out += fmt::format("<p class=\"summary\" data-candidate=\"{}\"><b>{}</b> vs <b>{}</b>: ",
                           esc(c.candidate->info.label), esc(c.candidate->info.label),
                           esc(c.baseline->info.label));
        if (c.result.count(kFirstVerdict) > 0) {
            out += fmt::format("<span class=\"{0}\" data-count=\"{1}\">{1} {0}</span>",
                               to_string(kFirstVerdict), c.result.count(kFirstVerdict));
        }
        for (Verdict v : kVerdicts) {
            out += fmt::format("<span class=\"{0}\" data-count=\"{1}\">{1} {0}</span>",
                               to_string(v), c.result.count(v));
        }
        out += "</p>\n";
        for (const std::string& note : c.result.notes) {
            out += fmt::format("<p class=\"note\">{}</p>\n", esc(note));
        }
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

// The checks of one case: its status, whether its data and placement were verified.
std::string checks_text(const CaseResult& c) {
    if (c.status != CaseStatus::ok) {
        return std::string(to_string(c.status)) + (c.error.empty() ? "" : ": " + c.error);
    }
    std::string s;
    if (c.data_verified) {
        s += *c.data_verified ? "data verified" : "data NOT verified";
    }
    if (c.placement_ok) {
        s += std::string(s.empty() ? "" : ", ") +
             (*c.placement_ok ? "placement verified" : "placement NOT verified");
    }
    return s.empty() ? "ok" : s;
}

std::string figure_row(const std::string& run, const std::string& label, const CaseResult& c,
                       const std::string& extra_cell) {
    const bool ok = c.status == CaseStatus::ok;
    return fmt::format(
        "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td>{}<td>{}</td></tr>\n",
        esc(run), esc(label), ok ? format_number(c.stats.median) + " " + esc(c.unit) : "",
        ok ? format_number(c.stats.p5) + "&#8211;" + format_number(c.stats.p95) : "",
        ok ? fmt::format("{:.1f}%", c.stats.stdrel * 100) : "", extra_cell, esc(checks_text(c)));
}

constexpr const char* kFigureHead =
    "<tr><th>run</th><th>case</th><th>median</th><th>p5&#8211;p95</th><th>spread "
    "(stdrel)</th>{}<th>checks</th></tr>\n";

// The figures behind a path's chart: every case of the path in every run.
std::string figures_table(const ReportSet& set, const std::string& path) {
    std::string rows;
    std::size_t n = 0;
    for (const Run* r : set.all()) {
        for (const CaseResult& c : r->cases) {
            if (c.key.path == path) {
                std::string expected;
                if (set.expectations) {
                    const std::string t = expectation_text(*set.expectations, *r, c);
                    expected = fmt::format("<td class=\"expect-{}\">{}</td>",
                                           t.substr(0, t.find(':')), esc(t));
                }
                rows += figure_row(r->info.label, case_label(c.key), c, expected);
                ++n;
            }
        }
    }
    return fmt::format("<details class=\"figures\" data-path=\"{}\"><summary>Figures ({} "
                       "cases)</summary>\n<table class=\"figures\">\n{}{}</table></details>\n",
                       esc(path), n,
                       fmt::format(fmt::runtime(kFigureHead),
                                   set.expectations ? "<th>expected (profile)</th>" : ""),
                       rows);
}

std::string ratio_class(double ratio) {
    // Within 5% of alone: no interference; down to 80%: mild; below: severe.
    return ratio >= 0.95 ? "ratio-none" : ratio >= 0.8 ? "ratio-mild" : "ratio-severe";
}

std::string knee_text(const Saturation& s, const std::string& concurrency) {
    if (s.points.size() < 2) {
        return "&#8212;";
    }
    return s.plateau_reached
               ? fmt::format("{:g} {}", s.knee, esc(concurrency))
               : fmt::format("<span class=\"no-plateau\">none (still rising at {:g})</span>",
                             s.points.back().concurrency);
}

std::string scorecard_section(const ReportSet& set) {
    std::string out = "<section id=\"scorecard\"><h2>Scorecard</h2>\n";
    for (const Scorecard& card : build_scorecards(set, {set.knee_fraction})) {
        const bool compared = card.baseline != nullptr;
        out += compared ? fmt::format("<h3>{} / {}</h3>\n", esc(card.candidate->info.label),
                                      esc(card.baseline->info.label))
                        : fmt::format("<h3>{}</h3>\n", esc(card.candidate->info.label));
        out += "<table class=\"scorecard\">\n<tr><th>link class</th><th>cases</th>";
        if (compared) {
            out += "<th>candidate / baseline (geomean of medians)</th><th>worst case</th>";
        }
        out += "<th>knee, plateau</th><th>verdict</th></tr>\n";
        for (const ScorecardRow& row : card.rows) {
            std::string knees;
            for (const CurveFigures& f : row.curves) {
                knees += fmt::format("{}: knee {}, plateau {} {}", esc(f.label),
                                     knee_text(*f.candidate, f.concurrency),
                                     format_number(f.candidate->plateau), esc(f.unit));
                if (f.baseline) {
                    knees += fmt::format(" (baseline: knee {}, plateau {} {})",
                                         knee_text(*f.baseline, f.concurrency),
                                         format_number(f.baseline->plateau), esc(f.unit));
                }
                knees += "<br>";
            }
            // The scorecard's judgement (never better than the class's worst case).
            const std::string cls = row.judgement == "better"  ? "better"
                                    : row.judgement == "worse" ? "worse"
                                                               : "on-par";
            out += fmt::format("<tr data-class=\"{}\"><td>{}</td><td class=\"num\">{}</td>",
                               esc(row.label), esc(row.label),
                               compared ? fmt::format("{} / {}", row.joined, row.measured)
                                        : std::to_string(row.measured));
            if (compared) {
                out += fmt::format("<td class=\"num\">{}</td><td>{}</td>",
                                   row.geomean_ratio ? format_number(*row.geomean_ratio, 3) : "",
                                   row.worst_case.empty()
                                       ? std::string()
                                       : esc(row.worst_case) + " (" +
                                             format_number(row.worst_ratio, 3) + "x)");
            }
            out += fmt::format("<td>{}</td><td class=\"verdict {}\">{}</td></tr>\n",
                               knees.empty() ? "&#8212;" : knees,
                               compared             ? cls
                               : row.health.empty() ? ""
                                                    : "health-" + row.health,
                               esc(row.verdict));
        }
        out += "</table>\n";
    }
    return out + "</section>\n";
}

std::string saturation_section(const ReportSet& set) {
    const std::vector<const Run*> runs = set.all();
    std::vector<std::vector<SaturationCurve>> curves;
    std::vector<CaseKey> links;
    for (const Run* r : runs) {
        curves.push_back(saturation_curves(*r, {set.knee_fraction}));
        for (const SaturationCurve& c : curves.back()) {
            if (std::find(links.begin(), links.end(), c.link) == links.end()) {
                links.push_back(c.link);
            }
        }
    }
    if (links.empty()) {
        return "";
    }
    std::sort(links.begin(), links.end());
    std::string out = fmt::format(
        "<section id=\"saturation\"><h2>Saturation</h2>\n<p>Median bandwidth against "
        "concurrency; the vertical line marks the knee, the smallest concurrency reaching "
        "{:g}% of the plateau (docs/saturation.md). Dashed: baselines.</p>\n",
        set.knee_fraction * 100);
    for (const CaseKey& link : links) {
        LineChart chart;
        chart.linear_x = true;
        std::string label;
        std::string findings;
        std::string rows;
        std::size_t n = 0;
        for (std::size_t ri = 0; ri < runs.size(); ++ri) {
            const SaturationCurve* c = find_curve(curves[ri], link);
            if (c == nullptr) {
                continue;
            }
            label = c->label();
            chart.x_label = c->concurrency_name();
            chart.y_label = c->points.front()->unit;
            ChartSeries series;
            series.label = runs[ri]->info.label;
            series.dashed = set.is_baseline(runs[ri]);
            series.band = series.dashed; // the baseline with its p5-p95 band, as elsewhere
            series.color = static_cast<int>(ri);
            for (std::size_t i = 0; i < c->points.size(); ++i) {
                const CaseResult* p = c->points[i];
                series.points.push_back({static_cast<double>(concurrency_of(*p)), p->stats.median,
                                         p->stats.p5, p->stats.p95});
                const std::string eff =
                    i == 0 ? "" : format_number(c->analysis.steps[i - 1].efficiency, 3);
                rows += figure_row(runs[ri]->info.label, case_label(p->key), *p,
                                   "<td class=\"num\">" + eff + "</td>");
                ++n;
            }
            chart.series.push_back(std::move(series));
            const Saturation& a = c->analysis;
            if (a.plateau_reached) {
                chart.markers.push_back({a.knee, fmt::format("knee {:g}", a.knee),
                                         static_cast<int>(ri), set.is_baseline(runs[ri])});
            }
            findings += fmt::format(
                "<p class=\"finding{}\" data-run=\"{}\" data-knee=\"{:g}\" data-plateau=\"{}\" "
                "data-plateau-reached=\"{}\">{}: plateau {} {}, {}</p>\n",
                a.plateau_reached ? "" : " no-plateau", esc(runs[ri]->info.label), a.knee,
                format_number(a.plateau), a.plateau_reached ? "true" : "false",
                esc(runs[ri]->info.label), format_number(a.plateau), esc(chart.y_label),
                esc(a.finding));
        }
        chart.title = label + " vs " + chart.x_label;
        out += fmt::format("<figure class=\"saturation-chart\" data-link=\"{}\">\n<figcaption>{}: "
                           "{} vs {}</figcaption>\n",
                           esc(label), esc(label), esc(chart.y_label), esc(chart.x_label));
        out += render_line_chart(chart) + legend(chart.series) + findings + "</figure>\n";
        out +=
            fmt::format("<details class=\"figures\" data-link=\"{}\"><summary>Figures ({} "
                        "points)</summary>\n<table class=\"figures\">\n{}{}</table></details>\n",
                        esc(label), n,
                        fmt::format(fmt::runtime(kFigureHead), "<th>step efficiency</th>"), rows);
    }
    return out + "</section>\n";
}

std::string interference_section(const ReportSet& set) {
    std::string out;
    for (const Run* r : set.all()) {
        std::vector<std::string> victims;
        std::vector<std::string> aggressors;
        std::map<std::pair<std::string, std::string>, const CaseResult*> cells;
        for (const CaseResult& c : r->cases) {
            if (!c.contention && !c.key.path.starts_with(kContentionPrefix)) {
                continue;
            }
            const auto plus = c.key.path.find('+');
            const std::string v =
                c.contention ? c.contention->victim : c.key.path.substr(11, plus - 11);
            const std::string a = c.contention                ? c.contention->aggressor
                                  : plus == std::string::npos ? ""
                                                              : c.key.path.substr(plus + 1);
            const std::string victim = v + " " + case_label(c.key).substr(c.key.path.size() + 1);
            if (std::find(victims.begin(), victims.end(), victim) == victims.end()) {
                victims.push_back(victim);
            }
            if (std::find(aggressors.begin(), aggressors.end(), a) == aggressors.end()) {
                aggressors.push_back(a);
            }
            cells[{victim, a}] = &c;
        }
        if (cells.empty()) {
            continue;
        }
        out += fmt::format("<h3>{}{}</h3>\n<table class=\"interference\">\n<tr><th>victim "
                           "\\ aggressor</th>",
                           esc(r->info.label), set.is_baseline(r) ? " (baseline)" : "");
        for (const std::string& a : aggressors) {
            out += "<th>" + esc(a) + "</th>";
        }
        out += "</tr>\n";
        std::string rows;
        for (const std::string& v : victims) {
            out += "<tr><th>" + esc(v) + "</th>";
            for (const std::string& a : aggressors) {
                const auto it = cells.find({v, a});
                if (it == cells.end()) {
                    out += "<td></td>";
                    continue;
                }
                const CaseResult& c = *it->second;
                rows +=
                    figure_row(r->info.label, case_label(c.key), c,
                               c.contention ? "<td class=\"num\">" +
                                                  format_number(c.contention->alone_median) +
                                                  "</td><td class=\"num\">" +
                                                  format_number(c.contention->ratio, 3) + "</td>"
                                            : "<td></td><td></td>");
                if (c.status != CaseStatus::ok || !c.contention) {
                    out += "<td>" + esc(to_string(c.status)) + "</td>";
                    continue;
                }
                const ContentionFigures& f = *c.contention;
                out += fmt::format(
                    "<td class=\"num {}\" data-ratio=\"{:.4f}\" title=\"alone {} {}, under load "
                    "{} {}, aggressor {} GB/s\">{}</td>",
                    ratio_class(f.ratio), f.ratio, format_number(f.alone_median), esc(c.unit),
                    format_number(c.stats.median), esc(c.unit), format_number(f.aggressor_gbps),
                    format_number(f.ratio, 3));
            }
            out += "</tr>\n";
        }
        out += "</table>\n";
        out += fmt::format(
            "<details class=\"figures\" data-run=\"{}\"><summary>Figures "
            "(victim under load; alone; ratio)</summary>\n<table "
            "class=\"figures\">\n{}{}</table></details>\n",
            esc(r->info.label),
            fmt::format(fmt::runtime(kFigureHead), "<th>alone median</th><th>ratio</th>"), rows);
    }
    if (out.empty()) {
        return "";
    }
    return "<section id=\"interference\"><h2>Interference</h2>\n<p>Victim bandwidth under load "
           "/ victim alone (1 = no interference; "
           "<span class=\"ratio-none\">&#8805; 0.95</span> "
           "<span class=\"ratio-mild\">0.8&#8211;0.95</span> "
           "<span class=\"ratio-severe\">&lt; 0.8</span>); the aggressor runs on other cores or "
           "GPUs for the whole victim measurement (docs/saturation.md).</p>\n" +
           out + "</section>\n";
}

std::string charts(const ReportSet& set) {
    std::string out = "<section id=\"charts\"><h2>Paths</h2>\n";
    const std::vector<PathInfo> paths = paths_of(set.all());
    for (const PathInfo& p : paths) {
        if (!p.any_ok || p.path.starts_with(kContentionPrefix)) {
            continue; // contention pairs have the interference table
        }
        const bool latency = p.metric == "latency";
        const bool collective = is_collective_path(p.path);
        const std::string what = collective && !latency ? "busbw" : p.metric;
        out += fmt::format("<figure class=\"chart\" data-path=\"{}\">\n<figcaption>{}: {} ({}, {} "
                           "is better)</figcaption>\n",
                           esc(p.path), esc(p.path), esc(what), esc(p.unit),
                           latency ? "lower" : "higher");
        if (is_path(p.path, PathId::host_c2c)) {
            out += "<div class=\"heatmaps\">\n" + c2c_heatmaps(set, p) + "</div>\n";
        } else {
            LineChart chart;
            chart.title = fmt::format("{} {} vs message size", p.path, what);
            chart.y_label = p.unit;
            chart.log_y = latency;
            chart.series = chart_series(set, p.path, false);
            if (set.expectations) {
                chart.levels = expectation_levels(*set.expectations, set, p.path);
            }
            out += render_line_chart(chart);
            out += legend(chart.series);
            if (!chart.levels.empty()) {
                out += "<p class=\"finding\">Dashed orange: warning level, dashed red: failing "
                       "level of the expectation profile '" +
                       esc(set.expectations->name) + "' (hover for the rule and provenance)</p>\n";
            }
        }
        out += "</figure>\n" + figures_table(set, p.path);
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

// Per run of several passes (--repeat, or a baseline saved from several runs): each case's
// run-to-run spread and the smallest slowdown the run-level gate would catch with that many
// runs on each side, so a reader sees what this machine lets the gate see (docs/reports.md).
std::string run_spread_tables(const ReportSet& set) {
    std::string out;
    for (const Run* r : set.all()) {
        std::string rows;
        for (const CaseResult& c : r->cases) {
            if (c.run_medians.size() < 2) {
                continue;
            }
            const std::size_t n = c.run_medians.size();
            const double spread = run_spread(c.run_medians);
            const double threshold =
                set.config.threshold_for(c.key.path, c.metric, c.key.size_bytes);
            const double mdc =
                min_detectable_change(spread, n, n, threshold, c.higher_is_better, set.config.run);
            rows += fmt::format("<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td "
                                "class=\"num\">{:.1f}%</td><td class=\"num\">{}</td></tr>\n",
                                esc(c.key.path), esc(series_label(c.key)),
                                esc(format_size(c.key.size_bytes)), spread * 100,
                                mdc >= 1 ? std::string("none") : fmt::format("{:.1f}%", mdc * 100));
        }
        if (!rows.empty()) {
            out += fmt::format("<h3>{}</h3>\n<table class=\"spread\">\n<tr><th>path</th><th>"
                               "case</th><th>size</th><th>run-to-run spread</th><th>minimum "
                               "detectable change (its runs vs as many)</th></tr>\n",
                               esc(r->info.label)) +
                   rows + "</table>\n";
        }
    }
    return out.empty() ? out
                       : "<section id=\"spread\"><h2>Run-to-run spread</h2>\n<p>Robust spread "
                         "of the pass medians (1.4826 &#215; MAD / median) and the smallest "
                         "slowdown the run-level gate catches in 95% of tries at the case's "
                         "threshold.</p>\n" +
                             out + "</section>\n";
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
        for (const Comparison* listed : c.result.listed()) {
            const Comparison& row = *listed;
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
                to_string(row.verdict),
                esc(row.reason + (row.run_level ? "; " + run_level_text(row) : std::string())));
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
    out += scorecard_section(set);
    out += summary(set);
    out += run_headers(set);
    out += saturation_section(set);
    out += interference_section(set);
    out += charts(set);
    out += ratio_tables(set);
    out += run_spread_tables(set);
    out += fmt::format("<footer><p>Written by linkperf {} ({}).</p></footer>\n", esc(kVersion),
                       esc(kGitSha));
    out += "</body>\n</html>\n";
    return out;
}

} // namespace linkperf::reports
