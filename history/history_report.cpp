#include "history/history_report.hpp"

#include "core/json_text.hpp"
#include "reports/svg_chart.hpp"
#include "results_model/text_escape.hpp"

#include <linkperf/version.hpp>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace linkperf::reports {
namespace {

constexpr const char* kStyle = R"css(
body { font-family: sans-serif; margin: 1.5em; color: #222; max-width: 1400px; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.worse td.change { background: #ffcdd2; } tr.better td.change { background: #c8e6c9; }
tr.change-point td { font-weight: bold; }
figure { margin: 1em 0 2em; } figcaption { font-weight: bold; margin-bottom: 0.3em; }
svg .grid { stroke: #e6e6e6; stroke-width: 1; }
svg .axis { stroke: #444; stroke-width: 1; }
svg .tick, svg .axis-label { font-size: 11px; fill: #333; font-family: sans-serif; }
svg .series { fill: none; stroke-width: 2; }
svg .series.dashed { stroke-dasharray: 6 4; }
svg .marker { stroke-width: 1.5; }
svg .marker.dashed { stroke-dasharray: 4 3; }
svg .marker-label { font-size: 11px; font-family: sans-serif; }
.legend { font-size: 0.85em; margin: 0.2em 0 0 1em; padding: 0; list-style: none; }
.legend li { display: inline-block; margin-right: 1.2em; }
details.figures { margin: -1.2em 0 2em; font-size: 0.85em; }
details.figures summary { cursor: pointer; color: #444; }
)css";

std::string esc(std::string_view s) {
    return html_escape(s);
}

std::string pct(double v) {
    return fmt::format("{:+.2f}%", 100 * v);
}

const HistoryNode& node_of(const HistoryAnalysis& a, std::size_t n) {
    return a.store->nodes()[n];
}

const FleetCase& case_of(const HistoryAnalysis& a, const SeriesHistory& h) {
    return a.store->cases()[node_of(a, h.node).series[h.series].case_index];
}

const HistorySeries& series_of(const HistoryAnalysis& a, const SeriesHistory& h) {
    return node_of(a, h.node).series[h.series];
}

std::string anchor(const HistoryAnalysis& a, const SeriesHistory& h) {
    return fmt::format("n{}-s{}", h.node, h.series) + (a.store ? "" : "");
}

std::string options_text(const ChangePointOptions& o) {
    return fmt::format("window {}, p-value {:g}, minimum segment {} runs, minimum magnitude "
                       "{:g}%, confidence {:g}%",
                       o.window, o.p_value, o.min_segment, 100 * o.min_magnitude,
                       100 * o.confidence);
}

std::string changes_section(const HistoryAnalysis& a) {
    std::string out = fmt::format(
        "<section id=\"changes\"><h2>Change points, worst first ({})</h2>\n", a.changes.size());
    if (a.changes.empty()) {
        return out + "<p class=\"none\">No change point in any series.</p></section>\n";
    }
    out += "<table class=\"changes\">\n<tr><th>node</th><th>case</th><th>date</th>"
           "<th>change</th><th>interval</th><th>p-value</th><th>before</th><th>after</th>"
           "<th>what changed in the context</th></tr>\n";
    for (const HistoryChange& c : a.changes) {
        const SeriesHistory& h = a.series[c.series_history];
        const FleetCase& fc = case_of(a, h);
        out += fmt::format(
            "<tr class=\"{}\" data-node=\"{}\" data-date=\"{}\"><td>{}</td><td><a "
            "href=\"#{}\">{}</a></td><td>{}</td><td class=\"num change\">{}</td><td "
            "class=\"num\">{} .. {}</td><td class=\"num\">{:.2g}</td><td class=\"num\">{} "
            "{}</td><td class=\"num\">{} {}</td><td>{}</td></tr>\n",
            c.worse > 0 ? "worse" : "better", esc(node_of(a, c.node).name), esc(c.date),
            esc(node_of(a, c.node).name), anchor(a, h), esc(case_label(fc.key)), esc(c.date),
            pct(c.point.magnitude), pct(c.point.ci_low), pct(c.point.ci_high), c.point.p_value,
            format_number(c.point.mean_before), esc(fc.unit), format_number(c.point.mean_after),
            esc(fc.unit), esc(context_text(c.context)));
    }
    return out + "</table></section>\n";
}

std::string series_figure(const HistoryAnalysis& a, const SeriesHistory& h) {
    const HistoryNode& node = node_of(a, h.node);
    const HistorySeries& s = series_of(a, h);
    const FleetCase& fc = case_of(a, h);
    LineChart chart;
    chart.title = case_label(fc.key);
    chart.y_label = fc.unit;
    chart.linear_x = true;
    chart.x_label = "run (by date)";
    ChartSeries values{"run value", {}, false, false, 0};
    ChartSeries medians{"segment median", {}, true, false, 1};
    for (std::size_t i = 0; i < s.points.size(); ++i) {
        values.points.push_back({static_cast<double>(i + 1), s.points[i].value, 0, 0});
    }
    for (const Segment& seg : h.segments) {
        medians.points.push_back({static_cast<double>(seg.begin + 1), seg.median, 0, 0});
        medians.points.push_back({static_cast<double>(seg.end), seg.median, 0, 0});
    }
    chart.series = {values, medians};
    for (const ChangePoint& cp : h.changes) {
        chart.markers.push_back(
            {static_cast<double>(cp.index) + 0.5,
             node.runs[s.points[cp.index].run].date.substr(0, 10) + " " + pct(cp.magnitude), 3,
             false});
    }
    std::string out = fmt::format(
        "<figure id=\"{}\" data-node=\"{}\" data-changes=\"{}\"><figcaption>{}: {}</figcaption>\n",
        anchor(a, h), esc(node.name), h.changes.size(), esc(node.name), esc(case_label(fc.key)));
    out += render_line_chart(chart);
    out += fmt::format("<ul class=\"legend\"><li>solid: the run's value ({} per run)</li><li>"
                       "dashed: the segment's median</li><li>vertical: a change point</li>"
                       "</ul></figure>\n",
                       "median");
    // The figures table: every run of the series with its segment's median.
    std::string rows;
    std::size_t seg = 0;
    std::size_t cp = 0;
    for (std::size_t i = 0; i < s.points.size(); ++i) {
        while (seg + 1 < h.segments.size() && i >= h.segments[seg].end) {
            ++seg;
        }
        const bool at_change = cp < h.changes.size() && h.changes[cp].index == i;
        const HistoryRun& r = node.runs[s.points[i].run];
        rows +=
            fmt::format("<tr{}><td class=\"num\">{}</td><td>{}</td><td>{}</td><td "
                        "class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
                        at_change ? " class=\"change-point\"" : "", i + 1, esc(r.date), esc(r.file),
                        format_number(s.points[i].value), format_number(h.segments[seg].median),
                        at_change ? "change " + pct(h.changes[cp].magnitude) : "");
        cp += at_change ? 1 : 0;
    }
    out += fmt::format("<details class=\"figures\"><summary>Figures ({} runs)</summary>\n<table "
                       "class=\"figures\">\n<tr><th>run</th><th>date</th><th>file</th><th>value "
                       "({})</th><th>segment median</th><th></th></tr>\n{}</table></details>\n",
                       s.points.size(), esc(fc.unit), rows);
    return out;
}

nlohmann::json context_json(const std::vector<ContextChange>& changes) {
    nlohmann::json out = nlohmann::json::array();
    for (const ContextChange& c : changes) {
        out.push_back(
            {{"fact", c.fact}, {"before", c.before}, {"after", c.after}, {"date", c.date}});
    }
    return out;
}

// JSON numbers must be finite.
nlohmann::json finite(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

} // namespace

std::string context_text(const std::vector<ContextChange>& changes) {
    std::string out;
    for (const ContextChange& c : changes) {
        out += fmt::format("{}{} {} -> {} ({})", out.empty() ? "" : "; ", c.fact,
                           c.before.empty() ? "(none)" : c.before,
                           c.after.empty() ? "(none)" : c.after, c.date);
    }
    return out.empty() ? "none recorded" : out;
}

std::string history_html(const HistoryAnalysis& a) {
    std::string out = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>linkperf "
        "history</title><style>{}</style></head><body>\n<h1>linkperf history</h1>\n<p>{} run(s) "
        "of {} node(s), {} series; change points by E-divisive means with a Welch t-test "
        "({}; docs/history.md). linkperf {}.</p>\n",
        kStyle, a.store->runs(), a.store->nodes().size(), a.series.size(),
        esc(options_text(a.options)), esc(kVersion));
    out += changes_section(a);
    out += "<section id=\"trends\"><h2>Trends</h2>\n";
    std::size_t last_node = static_cast<std::size_t>(-1);
    for (const SeriesHistory& h : a.series) {
        if (h.node != last_node) {
            const HistoryNode& node = node_of(a, h.node);
            out += fmt::format("<h3 data-node=\"{}\">{} ({}, {} runs)</h3>\n", esc(node.name),
                               esc(node.name), esc(host_type_label(node.host)), node.runs.size());
            last_node = h.node;
        }
        out += series_figure(a, h);
    }
    return out + "</section></body></html>\n";
}

std::string history_json(const HistoryAnalysis& a) {
    nlohmann::json doc;
    doc["linkperf_history"] = {{"version", kVersion},
                               {"runs", a.store->runs()},
                               {"nodes", a.store->nodes().size()},
                               {"options",
                                {{"window", a.options.window},
                                 {"p_value", a.options.p_value},
                                 {"min_segment", a.options.min_segment},
                                 {"min_magnitude", a.options.min_magnitude},
                                 {"confidence", a.options.confidence}}}};
    nlohmann::json changes = nlohmann::json::array();
    for (const HistoryChange& c : a.changes) {
        const SeriesHistory& h = a.series[c.series_history];
        const FleetCase& fc = case_of(a, h);
        changes.push_back({{"node", node_of(a, c.node).name},
                           {"host_type", host_type_label(node_of(a, c.node).host)},
                           {"case", case_label(fc.key)},
                           {"case_key", key_string(fc.key)},
                           {"metric", fc.metric},
                           {"unit", fc.unit},
                           {"date", c.date},
                           {"file", c.file},
                           {"index", c.point.index},
                           {"mean_before", finite(c.point.mean_before)},
                           {"mean_after", finite(c.point.mean_after)},
                           {"magnitude", finite(c.point.magnitude)},
                           {"ci_low", finite(c.point.ci_low)},
                           {"ci_high", finite(c.point.ci_high)},
                           {"p_value", finite(c.point.p_value)},
                           {"worse", finite(c.worse)},
                           {"context", context_json(c.context)}});
    }
    doc["changes"] = std::move(changes);
    nlohmann::json series = nlohmann::json::array();
    for (const SeriesHistory& h : a.series) {
        const HistoryNode& node = node_of(a, h.node);
        const HistorySeries& s = series_of(a, h);
        const FleetCase& fc = case_of(a, h);
        nlohmann::json points = nlohmann::json::array();
        for (const HistoryPoint& p : s.points) {
            points.push_back({{"date", node.runs[p.run].date}, {"value", p.value}});
        }
        nlohmann::json segments = nlohmann::json::array();
        for (const Segment& seg : h.segments) {
            segments.push_back({{"begin", seg.begin},
                                {"end", seg.end},
                                {"first_date", node.runs[s.points[seg.begin].run].date},
                                {"median", finite(seg.median)}});
        }
        series.push_back({{"node", node.name},
                          {"host_type", host_type_label(node.host)},
                          {"case", case_label(fc.key)},
                          {"case_key", key_string(fc.key)},
                          {"metric", fc.metric},
                          {"unit", fc.unit},
                          {"higher_is_better", fc.higher_is_better},
                          {"deviation", finite(h.deviation)},
                          {"points", std::move(points)},
                          {"segments", std::move(segments)}});
    }
    doc["series"] = std::move(series);
    return json_text(doc, 1) + "\n";
}

std::string history_csv(const HistoryAnalysis& a) {
    std::string out = "node,host_type,case,case_key,metric,unit,date,file,mean_before,mean_after,"
                      "magnitude,ci_low,ci_high,p_value,worse,context\n";
    for (const HistoryChange& c : a.changes) {
        const SeriesHistory& h = a.series[c.series_history];
        const FleetCase& fc = case_of(a, h);
        out += fmt::format(
            "{},{},{},{},{},{},{},{},{:.6g},{:.6g},{:.6g},{:.6g},{:.6g},{:.3g},"
            "{:.6g},{}\n",
            csv_field(node_of(a, c.node).name), csv_field(host_type_label(node_of(a, c.node).host)),
            csv_field(case_label(fc.key)), csv_field(key_string(fc.key)), csv_field(fc.metric),
            csv_field(fc.unit), csv_field(c.date), csv_field(c.file), c.point.mean_before,
            c.point.mean_after, c.point.magnitude, c.point.ci_low, c.point.ci_high, c.point.p_value,
            c.worse, csv_field(context_text(c.context)));
    }
    return out;
}

} // namespace linkperf::reports
