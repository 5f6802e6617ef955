#include "fleet/fleet_html.hpp"

#include "core/units.hpp"
#include "reports/svg_chart.hpp"
#include "results_model/text_escape.hpp"

#include <linkperf/version.hpp>

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>

namespace linkperf::reports {
namespace {

constexpr const char* kStyle = R"css(
body { font-family: sans-serif; margin: 1.5em; color: #222; max-width: 1400px; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.summary span { display: inline-block; padding: 2px 8px; margin-right: 6px; border-radius: 3px; }
.ok { background: #c8e6c9; } .outlier { background: #ffcdd2; }
.failed { background: #ef9a9a; } .incomplete { background: #e0e0e0; }
.groups { display: flex; flex-wrap: wrap; gap: 1.5em; }
.group { border-top: 6px solid; padding: 0.3em 0.8em; background: #fafafa; }
figure { margin: 1em 0 2em; } figcaption { font-weight: bold; }
.series-title { font-size: 0.85em; margin: 0.6em 0 0.1em; }
svg .frame { fill: #fcfcfc; stroke: #ddd; }
svg .box { fill-opacity: 0.18; stroke-width: 1; }
svg .median { stroke-width: 2; }
svg .whisker { stroke-width: 1; }
svg .dot { fill-opacity: 0.55; }
svg .dot.outlier { fill: #d62728; fill-opacity: 1; stroke: #000; stroke-width: 0.6; }
svg .baseline { stroke: #000; stroke-width: 1.5; stroke-dasharray: 5 3; }
svg text { font-size: 9px; fill: #333; font-family: sans-serif; }
)css";

constexpr double kSlotWidth = 62;
constexpr double kPanelHeight = 200;
constexpr double kTop = 8;
constexpr double kBottom = 22;

std::string esc(std::string_view s) {
    return html_escape(s);
}

std::string num(double v) {
    return format_number(v, 4);
}

// A deterministic horizontal offset in [-1, 1] per node, so dots of equal value do not stack.
double jitter(std::size_t node) {
    std::uint64_t x = node * 0x9E3779B97F4A7C15ULL;
    x ^= x >> 29;
    return static_cast<double>(x % 2001) / 1000.0 - 1.0;
}

// Group colours skip the palette's red, which marks outliers.
const char* group_colour(std::size_t group) {
    return palette_colour(static_cast<int>(2 * group));
}

struct Panel {
    std::uint32_t case_index = 0;
    std::uint64_t size = 0;
};

std::string summary(const FleetAnalysis& a) {
    std::string out = fmt::format(
        "<p class=\"summary\">{} node(s) in {} host type(s): ", a.nodes.size(), a.groups.size());
    for (NodeVerdict v :
         {NodeVerdict::ok, NodeVerdict::outlier, NodeVerdict::failed, NodeVerdict::incomplete}) {
        out += fmt::format("<span class=\"{0}\" data-count=\"{1}\">{1} {0}</span>", to_string(v),
                           a.count(v));
    }
    out += fmt::format("</p>\n<p>A node is an outlier when one of its cases is worse than its "
                       "host type's median by more than {:.4g}% and by a robust score (deviation / "
                       "1.4826 MAD) beyond {:.4g}, in groups of at least {} nodes "
                       "(docs/fleet.md).{}</p>\n",
                       100 * a.limits.relative, a.limits.score, a.limits.min_group,
                       a.baseline.empty() ? "" : " Baseline: <b>" + esc(a.baseline) + "</b>.");
    return out;
}

std::string groups_section(const FleetAnalysis& a) {
    std::string out = "<section id=\"groups\"><h2>Host types</h2>\n<div class=\"groups\">\n";
    for (std::size_t g = 0; g < a.groups.size(); ++g) {
        const FleetGroup& group = a.groups[g];
        std::map<NodeVerdict, int> counts;
        for (std::size_t n : group.nodes) {
            ++counts[a.assessed[n].verdict];
        }
        out +=
            fmt::format("<div class=\"group\" style=\"border-color:{}\"><table>"
                        "<tr><th>ISA</th><td>{}{}</td></tr><tr><th>CPU</th><td>{}</td></tr>"
                        "<tr><th>GPUs</th><td>{}</td></tr><tr><th>GPU link</th><td>{}</td></tr>"
                        "<tr><th>nodes</th><td>{}</td></tr><tr><th>verdicts</th><td>",
                        group_colour(g), esc(group.host.isa),
                        group.host.emulated ? " (emulated)" : "", esc(group.host.cpu_model),
                        esc(group.host.gpu_model), esc(group.host.link_kind), group.nodes.size());
        for (const auto& [v, n] : counts) {
            out += fmt::format("<span class=\"{0}\">{1} {0}</span> ", to_string(v), n);
        }
        out += "</td></tr></table></div>\n";
    }
    return out + "</div></section>\n";
}

std::string not_ok_section(const FleetAnalysis& a) {
    std::string out = "<section id=\"not-ok\"><h2>Nodes that are not ok, worst first</h2>\n";
    std::string items;
    for (std::size_t n : a.by_severity()) {
        const NodeVerdict v = a.assessed[n].verdict;
        if (v != NodeVerdict::ok) {
            items += fmt::format("<li class=\"{}\" data-node=\"{}\">{}</li>\n", to_string(v),
                                 esc(a.nodes[n].name), esc(node_line(a, n)));
        }
    }
    out += items.empty() ? "<p>Every node is ok.</p>\n" : "<ol>\n" + items + "</ol>\n";
    return out + "</section>\n";
}

// One SVG per series: a panel per size, in each a slot per host-type group with its own linear
// scale (host types may differ by orders of magnitude; nodes differ by percent). The baseline is
// drawn where it falls near the group's range, otherwise named at the slot's edge.
std::string series_svg(const FleetAnalysis& a, const std::vector<Panel>& panels,
                       const std::set<std::pair<std::size_t, std::uint32_t>>& flagged) {
    const std::size_t groups = std::max<std::size_t>(a.groups.size(), 1);
    const double slot = std::max(kSlotWidth, 110.0 / static_cast<double>(groups));
    const double panel_width = slot * static_cast<double>(groups) + 6;
    const double width = panel_width * static_cast<double>(panels.size()) + 4;
    const double height = kTop + kPanelHeight + kBottom;
    std::string out = fmt::format("<svg class=\"strip-chart\" xmlns=\"http://www.w3.org/2000/svg\" "
                                  "width=\"{0:.0f}\" height=\"{1:.0f}\" viewBox=\"0 0 {0:.0f} "
                                  "{1:.0f}\">\n",
                                  width, height);
    for (std::size_t p = 0; p < panels.size(); ++p) {
        const std::uint32_t ci = panels[p].case_index;
        const FleetCase& fc = a.cases[ci];
        const double x0 = 2 + panel_width * static_cast<double>(p);
        out +=
            fmt::format("<g class=\"panel\" data-case=\"{}\">\n<rect class=\"frame\" x=\"{:.1f}\" "
                        "y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\"/>\n",
                        esc(case_label(fc.key)), x0, kTop, panel_width - 4, kPanelHeight);
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
                           x0 + panel_width / 2 - 2, kTop + kPanelHeight + 14,
                           esc(format_size(panels[p].size)));
        for (std::size_t g = 0; g < a.groups.size(); ++g) {
            const GroupCase* gc = a.groups[g].find(ci);
            if (gc == nullptr) {
                continue;
            }
            const FleetDistribution& d = gc->dist;
            // The baseline joins the scale when within 50% of the group's median.
            const bool baseline_in = gc->baseline && d.median > 0 &&
                                     std::abs(*gc->baseline - d.median) <= 0.5 * d.median;
            double lo = baseline_in ? std::min(d.min, *gc->baseline) : d.min;
            double hi = baseline_in ? std::max(d.max, *gc->baseline) : d.max;
            const double pad = hi > lo ? 0.06 * (hi - lo) : std::max(1e-12, 0.05 * std::abs(hi));
            lo -= pad;
            hi += pad;
            const auto y = [&](double v) {
                return kTop + 12 + (kPanelHeight - 24) * (hi - v) / (hi - lo);
            };
            const char* colour = group_colour(g);
            const double sx = x0 + slot * static_cast<double>(g);
            const double cx = sx + slot / 2;
            const double half = slot * 0.3;
            out += fmt::format("<text x=\"{0:.1f}\" y=\"{1:.1f}\">{2}</text>\n<text x=\"{0:.1f}\" "
                               "y=\"{3:.1f}\">{4}</text>\n",
                               sx + 2, kTop + 9, esc(num(hi - pad)), kTop + kPanelHeight - 3,
                               esc(num(lo + pad)));
            out += fmt::format(
                "<line class=\"whisker\" stroke=\"{0}\" x1=\"{1:.1f}\" x2=\"{1:.1f}\" "
                "y1=\"{2:.1f}\" "
                "y2=\"{3:.1f}\"/>\n<rect class=\"box\" fill=\"{0}\" stroke=\"{0}\" x=\"{4:.1f}\" "
                "y=\"{5:.1f}\" width=\"{6:.1f}\" height=\"{7:.1f}\"><title>{8}: median {9}, p5 "
                "{10}, "
                "p95 {11}, min {12}, max {13} {14} over {15} node(s){16}</title></rect>\n"
                "<line class=\"median\" stroke=\"{0}\" x1=\"{4:.1f}\" x2=\"{17:.1f}\" "
                "y1=\"{18:.1f}\" "
                "y2=\"{18:.1f}\"/>\n",
                colour, cx, y(d.max), y(d.min), cx - half, y(d.p95), 2 * half,
                std::max(0.5, y(d.p5) - y(d.p95)), esc(host_type_label(a.groups[g].host)),
                num(d.median), num(d.p5), num(d.p95), num(d.min), num(d.max), esc(fc.unit), d.count,
                gc->baseline ? fmt::format("; median / baseline {:.3g}", d.median / *gc->baseline)
                             : std::string(),
                cx + half, y(d.median));
            for (std::size_t n : a.groups[g].nodes) {
                const NodeCase* c = a.nodes[n].find(ci);
                if (c == nullptr || c->status != CaseStatus::ok) {
                    continue;
                }
                const bool bad = flagged.count({n, ci}) != 0;
                const double change = d.median > 0 ? 100 * (c->median - d.median) / d.median : 0;
                out +=
                    fmt::format("<circle class=\"dot{}\" fill=\"{}\" cx=\"{:.1f}\" cy=\"{:.1f}\" "
                                "r=\"{}\"><title>{}: {} {} ({:+.1f}% vs group median){}"
                                "</title></circle>\n",
                                bad ? " outlier" : "", colour, cx + half * 0.9 * jitter(n),
                                y(c->median), bad ? "3.5" : "1.8", esc(a.nodes[n].name),
                                num(c->median), esc(fc.unit), change, bad ? ": outlier" : "");
            }
            if (baseline_in) {
                out += fmt::format("<line class=\"baseline\" x1=\"{:.1f}\" x2=\"{:.1f}\" "
                                   "y1=\"{:.1f}\" y2=\"{:.1f}\"><title>baseline {}: {} {}</title>"
                                   "</line>\n",
                                   sx + 2, sx + slot - 2, y(*gc->baseline), y(*gc->baseline),
                                   esc(a.baseline), num(*gc->baseline), esc(fc.unit));
            } else if (gc->baseline) {
                const bool above = *gc->baseline > d.median;
                out += fmt::format(
                    "<text class=\"baseline-off\" x=\"{:.1f}\" y=\"{:.1f}\" "
                    "text-anchor=\"middle\">bl {}{}<title>baseline {}: {} {}, off this "
                    "scale</title></text>\n",
                    cx, above ? kTop + 20 : kTop + kPanelHeight - 12, above ? "&#8593;" : "&#8595;",
                    esc(num(*gc->baseline)), esc(a.baseline), num(*gc->baseline), esc(fc.unit));
            }
        }
        out += "</g>\n";
    }
    return out + "</svg>\n";
}

std::string charts_section(const FleetAnalysis& a) {
    std::set<std::pair<std::size_t, std::uint32_t>> flagged;
    for (std::size_t n = 0; n < a.nodes.size(); ++n) {
        for (const CaseFinding& f : a.assessed[n].outliers) {
            flagged.insert({n, f.case_index});
        }
    }
    // path -> series -> panels (sizes), from the cases some group measured.
    std::map<std::string, std::map<CaseKey, std::vector<Panel>>> paths;
    for (const FleetGroup& g : a.groups) {
        for (const GroupCase& gc : g.cases) {
            const CaseKey& key = a.cases[gc.case_index].key;
            auto& panels = paths[key.path][series_of(key)];
            if (std::none_of(panels.begin(), panels.end(),
                             [&](const Panel& p) { return p.case_index == gc.case_index; })) {
                panels.push_back(Panel{gc.case_index, key.size_bytes});
            }
        }
    }
    std::string out = "<section id=\"charts\"><h2>Distributions per path</h2>\n<p>";
    for (std::size_t g = 0; g < a.groups.size(); ++g) {
        out += fmt::format("<span style=\"color:{}\">&#9632;</span> {} &#160; ", group_colour(g),
                           esc(host_type_label(a.groups[g].host)));
    }
    out += "<br>Box: p5&#8211;p95, bar: median, whisker: min&#8211;max, dot: one node (red: "
           "outlier on that case), dashed line: baseline.</p>\n";
    for (auto& [path, series] : paths) {
        const FleetCase& first = a.cases[series.begin()->second.front().case_index];
        out += fmt::format("<figure class=\"fleet-chart\" data-path=\"{}\">\n<figcaption>{} ({}, "
                           "{})</figcaption>\n",
                           esc(path), esc(path), esc(first.metric), esc(first.unit));
        for (auto& [key, panels] : series) {
            std::sort(panels.begin(), panels.end(),
                      [](const Panel& x, const Panel& y) { return x.size < y.size; });
            out += fmt::format("<p class=\"series-title\">{}</p>\n", esc(series_label(key)));
            out += series_svg(a, panels, flagged);
        }
        out += "</figure>\n";
    }
    return out + "</section>\n";
}

std::string distribution_table(const FleetAnalysis& a) {
    std::string out = "<section id=\"distributions\"><h2>Distributions</h2>\n<table "
                      "class=\"distributions\">\n<tr><th>case</th><th>unit</th>";
    for (const FleetGroup& g : a.groups) {
        out += fmt::format("<th>{}: n, median, p5&#8211;p95, min&#8211;max</th>",
                           esc(host_type_label(g.host)));
    }
    out += a.baseline.empty() ? "</tr>\n" : "<th>baseline</th></tr>\n";
    for (std::uint32_t ci = 0; ci < a.cases.size(); ++ci) {
        std::string cells;
        std::optional<double> baseline;
        bool any = false;
        for (const FleetGroup& g : a.groups) {
            const GroupCase* gc = g.find(ci);
            if (gc == nullptr) {
                cells += "<td>&#8212;</td>";
                continue;
            }
            any = true;
            baseline = gc->baseline ? gc->baseline : baseline;
            const FleetDistribution& d = gc->dist;
            cells +=
                fmt::format("<td class=\"num\">{} &#183; <b>{}</b> &#183; {}&#8211;{} &#183; "
                            "{}&#8211;{}</td>",
                            d.count, num(d.median), num(d.p5), num(d.p95), num(d.min), num(d.max));
        }
        if (!any) {
            continue;
        }
        out += fmt::format("<tr><td>{}</td><td>{}</td>{}", esc(case_label(a.cases[ci].key)),
                           esc(a.cases[ci].unit), cells);
        if (!a.baseline.empty()) {
            out += fmt::format("<td class=\"num\">{}</td>", baseline ? num(*baseline) : "&#8212;");
        }
        out += "</tr>\n";
    }
    return out + "</table></section>\n";
}

std::string node_table(const FleetAnalysis& a) {
    std::string out = "<section id=\"nodes\"><h2>Nodes by worst deviation</h2>\n<table "
                      "class=\"nodes\">\n<tr><th>node</th><th>verdict</th><th>host type</th>"
                      "<th>worst case</th><th>vs group median</th><th>score</th>"
                      "<th>outlier cases</th><th>reason</th></tr>\n";
    for (std::size_t n : a.by_severity()) {
        const NodeAssessment& as = a.assessed[n];
        const std::optional<CaseFinding>& w =
            as.outliers.empty() ? as.worst : std::optional<CaseFinding>(as.outliers.front());
        out += fmt::format(
            "<tr class=\"{0}\" data-node=\"{1}\"><td>{1}</td><td class=\"{0}\">{0}</td><td>{2}</td>"
            "<td>{3}</td><td class=\"num\">{4}</td><td class=\"num\">{5}</td>"
            "<td class=\"num\">{6}</td><td>{7}</td></tr>\n",
            to_string(as.verdict), esc(a.nodes[n].name),
            as.group == kNoGroup ? "&#8212;" : esc(host_type_label(a.groups[as.group].host)),
            w ? esc(case_label(a.cases[w->case_index].key)) : "&#8212;",
            w ? fmt::format("{:+.1f}%", 100 * w->dev.change) : "",
            w ? fmt::format("{:+.1f}", w->dev.score) : "", as.outliers.size(),
            esc(as.reason.empty() && w ? w->note : as.reason));
    }
    return out + "</table></section>\n";
}

} // namespace

std::string fleet_html(const FleetAnalysis& a) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += fmt::format("<title>linkperf fleet report: {} nodes</title>\n", a.nodes.size());
    out +=
        fmt::format("<style>{}</style>\n</head>\n<body>\n<h1>linkperf fleet report</h1>\n", kStyle);
    out += summary(a) + groups_section(a) + not_ok_section(a) + charts_section(a) + node_table(a) +
           distribution_table(a);
    out += fmt::format("<footer><p>Written by linkperf {} ({}).</p></footer>\n</body>\n</html>\n",
                       esc(kVersion), esc(kGitSha));
    return out;
}

} // namespace linkperf::reports
