#include "reports/svg_chart.hpp"

#include "core/units.hpp"
#include "results_model/text_escape.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace linkperf::reports {

const char* palette_colour(int index) {
    static const char* const colours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                          "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
    const int n = static_cast<int>(std::size(colours));
    return colours[((index % n) + n) % n];
}

namespace {

constexpr double kWidth = 720;
constexpr double kHeight = 340;
constexpr double kLeft = 70;
constexpr double kRight = 20;
constexpr double kTop = 30;
constexpr double kBottom = 50;

struct Axis {
    double lo = 0;
    double hi = 1;
    double pixel_lo = 0;
    double pixel_hi = 1;
    double map(double v) const {
        if (hi == lo) {
            return (pixel_lo + pixel_hi) / 2;
        }
        return pixel_lo + (v - lo) / (hi - lo) * (pixel_hi - pixel_lo);
    }
};

// 1, 2, 5 x 10^k steps giving about `target` ticks over [0, hi].
double nice_step(double hi, int target) {
    const double raw = hi / target;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (raw <= m * mag) {
            return m * mag;
        }
    }
    return 10 * mag;
}

std::string size_label(double log2_size) {
    const double bytes = std::exp2(log2_size);
    if (bytes >= 1 && bytes < 1.8e19) {
        return format_size(static_cast<std::uint64_t>(std::llround(bytes)));
    }
    return format_number(bytes, 3);
}

} // namespace

std::string render_line_chart(const LineChart& chart) {
    double xmin = std::numeric_limits<double>::infinity();
    double xmax = -xmin;
    double ymin = xmin;
    double ymax = -xmin;
    const auto usable = [&](const ChartPoint& p) {
        return p.x > 0 && std::isfinite(p.x) && std::isfinite(p.y) && (!chart.log_y || p.y > 0);
    };
    // Axis coordinate of an x value: log2 of a size, or the concurrency itself.
    const auto xv = [&](double v) { return chart.linear_x ? v : std::log2(v); };
    for (const ChartSeries& s : chart.series) {
        for (const ChartPoint& p : s.points) {
            if (!usable(p)) {
                continue;
            }
            xmin = std::min(xmin, xv(p.x));
            xmax = std::max(xmax, xv(p.x));
            ymin = std::min(ymin, p.y);
            ymax = std::max(ymax, p.y);
            if (s.band) {
                if (!chart.log_y || p.lo > 0) {
                    ymin = std::min(ymin, p.lo);
                }
                ymax = std::max(ymax, p.hi);
            }
        }
    }
    for (const ChartLevel& l : chart.levels) {
        if (std::isfinite(l.y) && l.y > 0 && xmin <= xmax) {
            ymin = std::min(ymin, l.y); // a level above every point is still drawn
            ymax = std::max(ymax, l.y);
        }
    }
    const bool empty = !(xmin <= xmax);
    if (empty) {
        xmin = 10;
        xmax = 20;
        ymin = 1;
        ymax = 10;
    }
    double xstep = 1;
    if (chart.linear_x) {
        xmin = 0;
        xstep = xmax > 12 ? nice_step(xmax, 8) : 1;
        xmax = std::max(2.0, std::ceil(xmax / xstep) * xstep);
    } else {
        xmin = std::floor(xmin);
        xmax = std::ceil(xmax);
        if (xmax - xmin < 2) {
            xmin -= 1;
            xmax += 1;
        }
    }
    Axis x{xmin, xmax, kLeft, kWidth - kRight};
    Axis y;
    std::vector<std::pair<double, std::string>> yticks; // (axis value, label)
    if (chart.log_y) {
        double lo = std::floor(std::log10(ymin));
        double hi = std::ceil(std::log10(ymax));
        if (hi - lo < 1) {
            hi = lo + 1;
        }
        y = Axis{lo, hi, kHeight - kBottom, kTop};
        for (double d = lo; d <= hi + 1e-9; d += 1) {
            yticks.emplace_back(d, fmt::format("{:g}", std::pow(10.0, d)));
            if (hi - lo <= 2 && d < hi) {
                for (double m : {2.0, 5.0}) {
                    yticks.emplace_back(d + std::log10(m),
                                        fmt::format("{:g}", m * std::pow(10.0, d)));
                }
            }
        }
    } else {
        const double step = nice_step(ymax > 0 ? ymax * 1.05 : 1.0, 5);
        const double hi = std::ceil((ymax > 0 ? ymax * 1.05 : 1.0) / step) * step;
        y = Axis{0, hi, kHeight - kBottom, kTop};
        for (double v = 0; v <= hi + step / 2; v += step) {
            yticks.emplace_back(v, fmt::format("{:g}", v));
        }
    }
    const auto ymap = [&](double v) { return y.map(chart.log_y ? std::log10(v) : v); };

    std::string out = fmt::format(
        "<svg class=\"line-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" "
        "width=\"{}\" height=\"{}\" role=\"img\" aria-label=\"{}\">\n",
        kWidth, kHeight, kWidth, kHeight, html_escape(chart.title));
    out += fmt::format("<title>{}</title>\n", html_escape(chart.title));
    // Grid and y ticks.
    for (const auto& [v, label] : yticks) {
        const double py = y.map(v);
        out += fmt::format("<line class=\"grid\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" "
                           "y2=\"{:.1f}\"/>\n",
                           kLeft, py, kWidth - kRight, py);
        out += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" "
                           "text-anchor=\"end\">{}</text>\n",
                           kLeft - 6, py + 4, html_escape(label));
    }
    // x ticks: concurrency steps, or powers of two thinned to at most 12 labels.
    if (chart.linear_x) {
        for (double v = xstep; v <= xmax + xstep / 2; v += xstep) {
            const double px = x.map(v);
            out += fmt::format("<line class=\"grid\" x1=\"{0:.1f}\" y1=\"{1:.1f}\" "
                               "x2=\"{0:.1f}\" y2=\"{2:.1f}\"/>\n<text class=\"tick\" "
                               "x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4:g}</text>\n",
                               px, kTop, kHeight - kBottom, kHeight - kBottom + 16, v);
        }
    }
    const int span = static_cast<int>(xmax - xmin);
    const int stride = std::max(1, (span + 11) / 12);
    for (int k = static_cast<int>(xmin); !chart.linear_x && k <= static_cast<int>(xmax); ++k) {
        const double px = x.map(k);
        out += fmt::format("<line class=\"grid\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" "
                           "y2=\"{:.1f}\"/>\n",
                           px, kTop, px, kHeight - kBottom);
        if ((k - static_cast<int>(xmin)) % stride == 0) {
            out += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" "
                               "text-anchor=\"middle\">{}</text>\n",
                               px, kHeight - kBottom + 16, html_escape(size_label(k)));
        }
    }
    out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>\n",
                       kLeft, kHeight - kBottom, kWidth - kRight);
    out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n",
                       kLeft, kTop, kHeight - kBottom);
    out += fmt::format("<text class=\"axis-label\" x=\"{:.1f}\" y=\"{:.1f}\" "
                       "text-anchor=\"middle\">{}</text>\n",
                       (kLeft + kWidth - kRight) / 2, kHeight - 12,
                       chart.linear_x ? html_escape(chart.x_label)
                                      : std::string("message size (bytes, log2)"));
    out += fmt::format("<text class=\"axis-label\" x=\"14\" y=\"{:.1f}\" text-anchor=\"middle\" "
                       "transform=\"rotate(-90 14 {:.1f})\">{}{}</text>\n",
                       (kTop + kHeight - kBottom) / 2, (kTop + kHeight - kBottom) / 2,
                       html_escape(chart.y_label), chart.log_y ? " (log)" : "");
    if (empty) {
        out += fmt::format("<text class=\"empty\" x=\"{:.1f}\" y=\"{:.1f}\" "
                           "text-anchor=\"middle\">no measured points</text>\n",
                           (kLeft + kWidth) / 2, kHeight / 2);
    }
    for (const ChartSeries& s : chart.series) {
        std::vector<const ChartPoint*> pts;
        for (const ChartPoint& p : s.points) {
            if (usable(p)) {
                pts.push_back(&p);
            }
        }
        if (pts.empty()) {
            continue;
        }
        const char* colour = palette_colour(s.color);
        if (s.band) {
            std::string poly;
            for (const ChartPoint* p : pts) {
                poly += fmt::format("{:.1f},{:.1f} ", x.map(xv(p->x)),
                                    ymap(chart.log_y ? std::max(p->hi, 1e-300) : p->hi));
            }
            for (auto it = pts.rbegin(); it != pts.rend(); ++it) {
                const double lo = chart.log_y && (*it)->lo <= 0 ? (*it)->y : (*it)->lo;
                poly += fmt::format("{:.1f},{:.1f} ", x.map(xv((*it)->x)), ymap(lo));
            }
            out +=
                fmt::format("<polygon class=\"band\" points=\"{}\" fill=\"{}\"/>\n", poly, colour);
        }
        std::string line;
        for (const ChartPoint* p : pts) {
            line += fmt::format("{:.1f},{:.1f} ", x.map(xv(p->x)), ymap(p->y));
        }
        out += fmt::format("<polyline class=\"series{}\" points=\"{}\" stroke=\"{}\"/>\n",
                           s.dashed ? " dashed" : "", line, colour);
        for (const ChartPoint* p : pts) {
            out +=
                fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"><title>{}: "
                            "{} &#8594; {} {}"
                            "</title></circle>\n",
                            x.map(xv(p->x)), ymap(p->y), colour, html_escape(s.label),
                            html_escape(chart.linear_x ? fmt::format("{:g} {}", p->x, chart.x_label)
                                                       : size_label(std::log2(p->x))),
                            format_number(p->y), html_escape(chart.y_label));
        }
    }
    for (const ChartMarker& m : chart.markers) {
        const double v = chart.linear_x ? m.x : (m.x > 0 ? std::log2(m.x) : -1);
        if (!std::isfinite(v) || v < xmin || v > xmax || empty) {
            continue;
        }
        const double px = x.map(v);
        out += fmt::format("<line class=\"marker{}\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" "
                           "y2=\"{:.1f}\" stroke=\"{}\"><title>{}</title></line>\n",
                           m.dashed ? " dashed" : "", px, kTop, px, kHeight - kBottom,
                           palette_colour(m.color), html_escape(m.label));
        out += fmt::format("<text class=\"marker-label\" x=\"{:.1f}\" y=\"{:.1f}\" "
                           "fill=\"{}\">{}</text>\n",
                           px + 4, kTop + 12 + (m.dashed ? 14 : 0), palette_colour(m.color),
                           html_escape(m.label));
    }
    for (const ChartLevel& l : chart.levels) {
        if (empty || !std::isfinite(l.y) || l.y <= 0 || l.x_from <= 0 || l.x_to < l.x_from) {
            continue;
        }
        const double x1 = std::max(xmin, xv(l.x_from));
        const double x2 = std::min(xmax, xv(l.x_to));
        // A rule for one size is a short tick, still visible.
        const double half = x2 > x1 ? 0 : 0.25;
        out += fmt::format("<line class=\"level {}\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" "
                           "y2=\"{:.1f}\"><title>{}</title></line>\n",
                           l.failing ? "failing" : "warning", x.map(std::max(xmin, x1 - half)),
                           ymap(l.y), x.map(std::min(xmax, x2 + half)), ymap(l.y),
                           html_escape(l.label));
    }
    out += "</svg>\n";
    return out;
}

std::string render_heatmap(const Heatmap& map) {
    if (map.ids.size() > kMaxHeatmapIds) {
        // A matrix this size would be millions of elements: say so instead of drawing it.
        return fmt::format(
            "<svg class=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 40\" "
            "width=\"640\" height=\"40\" role=\"img\" aria-label=\"{}\">\n<title>{}</title>\n"
            "<text class=\"tick\" x=\"8\" y=\"24\">{} distinct cores: more than {}, heatmap "
            "not drawn (see the CSV)</text>\n</svg>\n",
            html_escape(map.title), html_escape(map.title), map.ids.size(), kMaxHeatmapIds);
    }
    const double cell = map.ids.size() > 16 ? 28 : 56;
    const double left = 60;
    const double top = 40;
    const double n = static_cast<double>(map.ids.size());
    const double width = left + cell * n + 20;
    const double height = top + cell * n + 30;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (const auto& [pair, v] : map.values) {
        if (!std::isfinite(v)) {
            continue;
        }
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    std::string out = fmt::format(
        "<svg class=\"heatmap\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0f} {:.0f}\" "
        "width=\"{:.0f}\" height=\"{:.0f}\" role=\"img\" aria-label=\"{}\">\n",
        width, height, width, height, html_escape(map.title));
    out += fmt::format("<title>{}</title>\n", html_escape(map.title));
    out += fmt::format("<text class=\"axis-label\" x=\"{:.1f}\" y=\"14\" text-anchor=\"middle\">"
                       "destination core</text>\n",
                       left + cell * n / 2);
    out += fmt::format("<text class=\"axis-label\" x=\"12\" y=\"{:.1f}\" text-anchor=\"middle\" "
                       "transform=\"rotate(-90 12 {:.1f})\">source core</text>\n",
                       top + cell * n / 2, top + cell * n / 2);
    for (std::size_t i = 0; i < map.ids.size(); ++i) {
        const double pos = static_cast<double>(i) * cell + cell / 2;
        out += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" "
                           "text-anchor=\"middle\">{}</text>\n",
                           left + pos, top - 6, map.ids[i]);
        out += fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\" "
                           "text-anchor=\"end\">{}</text>\n",
                           left - 6, top + pos + 4, map.ids[i]);
    }
    for (std::size_t r = 0; r < map.ids.size(); ++r) {
        for (std::size_t c = 0; c < map.ids.size(); ++c) {
            const double px = left + static_cast<double>(c) * cell;
            const double py = top + static_cast<double>(r) * cell;
            auto it = map.values.find({map.ids[r], map.ids[c]});
            if (it == map.values.end()) {
                out += fmt::format("<rect class=\"cell empty\" x=\"{:.1f}\" y=\"{:.1f}\" "
                                   "width=\"{:.1f}\" height=\"{:.1f}\"/>\n",
                                   px, py, cell, cell);
                continue;
            }
            double t = hi > lo ? (it->second - lo) / (hi - lo) : 0.5;
            t = std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.5; // NaN or inf never reach rgb()
            // light yellow (low latency) to dark red (high)
            const int red = static_cast<int>(std::lround(255 - 80 * t));
            const int green = static_cast<int>(std::lround(237 - 200 * t));
            const int blue = static_cast<int>(std::lround(160 - 130 * t));
            out +=
                fmt::format("<rect class=\"cell\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
                            "height=\"{:.1f}\" fill=\"rgb({},{},{})\"><title>core {} &#8594; core "
                            "{}: {} {}</title></rect>\n",
                            px, py, cell, cell, red, green, blue, map.ids[r], map.ids[c],
                            format_number(it->second), html_escape(map.unit));
            out += fmt::format("<text class=\"cell-value{}\" x=\"{:.1f}\" y=\"{:.1f}\" "
                               "text-anchor=\"middle\">{}</text>\n",
                               t > 0.6 ? " dark" : "", px + cell / 2, py + cell / 2 + 4,
                               format_number(it->second, 3));
        }
    }
    out +=
        fmt::format("<text class=\"tick\" x=\"{:.1f}\" y=\"{:.1f}\">{} .. {} {}</text>\n", left,
                    height - 8, format_number(lo, 3), format_number(hi, 3), html_escape(map.unit));
    out += "</svg>\n";
    return out;
}

} // namespace linkperf::reports
