#include "fleet/fleet_score.hpp"

#include <algorithm>
#include <cmath>

namespace linkperf::reports {

FleetDistribution fleet_distribution(std::vector<double> values) {
    FleetDistribution d;
    static_cast<Statistics&>(d) = summarize(values);
    if (values.empty()) {
        return d;
    }
    for (double& v : values) {
        v = std::abs(v - d.median);
    }
    std::sort(values.begin(), values.end());
    d.mad = percentile(values, 0.5);
    return d;
}

Deviation deviation(double value, const FleetDistribution& group, bool higher_is_better) {
    Deviation d;
    const double m = group.median;
    if (group.count == 0 || !(std::abs(m) > 0)) {
        return d; // nothing to compare with
    }
    const double scale = std::max(kMadToSigma * group.mad, kMinRelativeScale * std::abs(m));
    d.change = (value - m) / m;
    d.score = (value - m) / scale;
    d.worse = higher_is_better ? value < m : value > m;
    if (d.worse) {
        // A bandwidth at half the median and a latency at twice it are both 2x worse.
        d.slowdown = higher_is_better ? (value > 0 ? m / value : HUGE_VAL) : value / m;
    }
    return d;
}

bool is_outlier(const Deviation& d, std::size_t group_count, const OutlierLimits& limits) {
    return group_count >= limits.min_group && d.worse && std::abs(d.change) > limits.relative &&
           std::abs(d.score) > limits.score;
}

} // namespace linkperf::reports
