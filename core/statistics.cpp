#include "core/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace linkperf {

double percentile(std::span<const double> sorted, double q) {
    if (sorted.empty()) {
        return 0.0;
    }
    const double pos = q * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, sorted.size() - 1);
    const double frac = pos - static_cast<double>(lo);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

Statistics summarize(std::span<const double> samples) {
    Statistics s;
    s.count = samples.size();
    if (samples.empty()) {
        return s;
    }
    std::vector<double> sorted(samples.begin(), samples.end());
    std::sort(sorted.begin(), sorted.end());
    s.min = sorted.front();
    s.max = sorted.back();
    s.mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(s.count);
    s.median = percentile(sorted, 0.5);
    s.p5 = percentile(sorted, 0.05);
    s.p95 = percentile(sorted, 0.95);
    if (s.count > 1) {
        double acc = 0;
        for (const double v : sorted) {
            acc += (v - s.mean) * (v - s.mean);
        }
        s.stddev = std::sqrt(acc / static_cast<double>(s.count - 1));
    }
    s.stdrel = s.mean != 0.0 ? s.stddev / std::fabs(s.mean) : 0.0;
    return s;
}

} // namespace linkperf
