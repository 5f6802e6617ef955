#include "core/entropy_criterion.hpp"

#include <cmath>
#include <limits>

namespace linkperf {
namespace {

// Bin i holds [(1 + w)^i, (1 + w)^(i+1)): the same relative width at every scale, so a bin
// means the same for a 4 ns latency and a 4 ms copy.
std::int64_t bin_of(double value) {
    if (!(value > 0) || !std::isfinite(value)) {
        return std::numeric_limits<std::int64_t>::min(); // one bin for what is no duration
    }
    return static_cast<std::int64_t>(
        std::floor(std::log(value) / std::log1p(EntropyCriterion::kBinWidth)));
}

// Least-squares slope of ys against 0, 1, 2, ...
double slope(const std::deque<double>& ys) {
    const double n = static_cast<double>(ys.size());
    const double mean_x = (n - 1) / 2;
    double mean_y = 0;
    for (const double y : ys) {
        mean_y += y;
    }
    mean_y /= n;
    double sxy = 0;
    double sxx = 0;
    double x = 0;
    for (const double y : ys) {
        sxy += (x - mean_x) * (y - mean_y);
        sxx += (x - mean_x) * (x - mean_x);
        x += 1;
    }
    return sxx > 0 ? sxy / sxx : 0.0;
}

} // namespace

void EntropyCriterion::initialize() {
    bins_.clear();
    count_ = 0;
    recent_.clear();
}

void EntropyCriterion::add_measurement(double seconds_per_op) {
    ++bins_[bin_of(seconds_per_op)];
    ++count_;
    recent_.push_back(entropy());
    if (recent_.size() > kWindow) {
        recent_.pop_front();
    }
}

double EntropyCriterion::entropy() const {
    double h = 0;
    const double n = static_cast<double>(count_);
    for (const auto& [bin, count] : bins_) {
        const double p = static_cast<double>(count) / n;
        h -= p * std::log2(p);
    }
    return h;
}

double EntropyCriterion::bits_per_doubling() const {
    if (recent_.size() < kWindow) {
        return 0.0;
    }
    // dH/d(log2 n) = dH/dn * n * ln 2, with dH/dn the fitted slope per sample.
    return slope(recent_) * static_cast<double>(count_) * std::log(2.0);
}

bool EntropyCriterion::is_finished() const {
    return recent_.size() >= kWindow && std::fabs(bits_per_doubling()) <= kMaxBitsPerDoubling;
}

} // namespace linkperf
