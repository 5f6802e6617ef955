#include "core/saturation.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace linkperf {
namespace {

std::string concurrency_text(double c) {
    return fmt::format("{:g}", c);
}

} // namespace

Saturation analyse_saturation(std::vector<CurvePoint> points, const SaturationOptions& options) {
    Saturation s;
    s.knee_fraction = std::isfinite(options.knee_fraction)
                          ? std::clamp(options.knee_fraction, 1e-6, 1.0)
                          : SaturationOptions{}.knee_fraction;
    std::erase_if(points, [](const CurvePoint& p) {
        return !std::isfinite(p.concurrency) || !std::isfinite(p.value) || p.concurrency <= 0 ||
               p.value <= 0;
    });
    std::sort(points.begin(), points.end(), [](const CurvePoint& a, const CurvePoint& b) {
        return a.concurrency < b.concurrency ||
               (a.concurrency == b.concurrency && a.value > b.value);
    });
    points.erase(std::unique(points.begin(), points.end(),
                             [](const CurvePoint& a, const CurvePoint& b) {
                                 return a.concurrency == b.concurrency;
                             }),
                 points.end());
    s.points = points;
    if (points.empty()) {
        s.finding = "no measured point: no curve";
        return s;
    }
    const auto peak = std::max_element(
        points.begin(), points.end(),
        [](const CurvePoint& a, const CurvePoint& b) { return a.value < b.value; });
    s.plateau = peak->value;
    s.peak_at = peak->concurrency;
    const double threshold = s.knee_fraction * s.plateau;
    std::size_t knee = 0;
    while (points[knee].value < threshold) {
        ++knee; // ends at the peak at the latest
    }
    s.knee = points[knee].concurrency;
    s.knee_value = points[knee].value;
    for (std::size_t i = 0; i < points.size(); ++i) {
        s.vs_first.push_back(points[i].value / (points.front().value * points[i].concurrency /
                                                points.front().concurrency));
        if (i > 0) {
            const double gain = points[i].value / points[i - 1].value - 1.0;
            const double more = points[i].concurrency / points[i - 1].concurrency - 1.0;
            s.steps.push_back({points[i - 1].concurrency, points[i].concurrency, gain / more});
        }
    }
    s.lowest_after_knee = 1.0;
    for (std::size_t i = knee + 1; i < points.size(); ++i) {
        s.lowest_after_knee = std::min(s.lowest_after_knee, points[i].value / s.plateau);
        s.declines_after_knee = s.declines_after_knee || points[i].value < threshold;
    }
    const std::string pct = fmt::format("{:g}%", s.knee_fraction * 100);
    if (points.size() == 1) {
        s.finding =
            fmt::format("one concurrency level ({}): no curve, no knee", concurrency_text(s.knee));
        return s;
    }
    // A knee at the last point says nothing about what more concurrency would give: the
    // sweep stopped while the curve could still be rising.
    s.plateau_reached = knee + 1 < points.size();
    if (!s.plateau_reached) {
        s.finding = fmt::format("no plateau reached: still rising at {} (+{:.0f}% over {}); "
                                "the link needs more concurrency than the sweep had",
                                concurrency_text(points.back().concurrency),
                                (points.back().value / points[points.size() - 2].value - 1) * 100,
                                concurrency_text(points[points.size() - 2].concurrency));
        return s;
    }
    s.finding = fmt::format("knee at {} ({} of the {:.3g} plateau)", concurrency_text(s.knee), pct,
                            s.plateau);
    if (s.declines_after_knee) {
        s.finding += fmt::format("; falls to {:.0f}% of the plateau past the knee",
                                 s.lowest_after_knee * 100);
    }
    return s;
}

} // namespace linkperf
