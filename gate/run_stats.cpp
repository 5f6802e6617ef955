#include "gate/run_stats.hpp"

#include "gate/mann_whitney.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace linkperf::reports {

double median_of(std::span<const double> values) {
    if (values.empty()) {
        return 0;
    }
    std::vector<double> v(values.begin(), values.end());
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

namespace {

double mad(std::span<const double> values, double median) {
    std::vector<double> dev;
    dev.reserve(values.size());
    for (const double v : values) {
        dev.push_back(std::fabs(v - median));
    }
    return median_of(dev);
}

// The exact two-sided permutation p-value of U for few values with ties: every split of the
// pooled values into groups of n1 and n2 is counted (the normal approximation mann_whitney_u
// uses with ties cannot reach 0.01 at 5 vs 5). Only for C(n1 + n2, n1) <= kMaxSplits.
constexpr double kMaxSplits = 20000;

std::optional<double> exact_tied_u_p(std::span<const double> x, std::span<const double> y) {
    const std::size_t n1 = x.size();
    const std::size_t n = x.size() + y.size();
    if (n > 24 || smallest_u_p(n1, y.size()) * kMaxSplits < 2.0) {
        return std::nullopt;
    }
    std::vector<double> all(x.begin(), x.end());
    all.insert(all.end(), y.begin(), y.end());
    bool ties = false;
    for (std::size_t i = 0; i < n && !ties; ++i) {
        for (std::size_t j = i + 1; j < n && !ties; ++j) {
            ties = all[i] == all[j];
        }
    }
    if (!ties) {
        return std::nullopt;
    }
    const auto u_of = [&](std::uint32_t first) {
        double u = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if ((first >> i & 1U) == 0) {
                continue;
            }
            for (std::size_t j = 0; j < n; ++j) {
                if ((first >> j & 1U) == 0) {
                    u += all[i] > all[j] ? 1.0 : all[i] == all[j] ? 0.5 : 0.0;
                }
            }
        }
        return u;
    };
    const double mean = static_cast<double>(n1 * (n - n1)) / 2;
    const double observed = std::fabs(u_of((1U << n1) - 1) - mean);
    std::uint64_t splits = 0;
    std::uint64_t extreme = 0;
    // Every n1-subset of n bits (Gosper's hack).
    for (std::uint32_t v = (1U << n1) - 1; v < (1U << n);) {
        ++splits;
        extreme += std::fabs(u_of(v) - mean) >= observed - 1e-9 ? 1 : 0;
        const std::uint32_t t = v | (v - 1);
        v = (t + 1) | (((~t & -~t) - 1) >> (std::countr_zero(v) + 1));
    }
    return static_cast<double>(extreme) / static_cast<double>(splits);
}

} // namespace

double run_spread(std::span<const double> values) {
    const double m = median_of(values);
    if (values.size() < 2 || !(m > 0)) {
        return 0;
    }
    return 1.4826 * mad(values, m) / m;
}

double robust_z(std::span<const double> baseline, double candidate) {
    const double m = median_of(baseline);
    const double scale = std::max(1.4826 * mad(baseline, m), 1e-3 * std::fabs(m));
    return scale > 0 ? (candidate - m) / scale : 0;
}

double smallest_u_p(std::size_t n1, std::size_t n2) {
    double ways = 1;
    const std::size_t k = std::min(n1, n2);
    for (std::size_t i = 1; i <= k && ways < 1e12; ++i) {
        ways = ways * static_cast<double>(n1 + n2 - k + i) / static_cast<double>(i);
    }
    return std::min(1.0, 2.0 / ways);
}

bool run_level_significant(std::span<const double> baseline, std::span<const double> candidate,
                           const RunLevelRule& rule, bool& used_u, double& statistic) {
    used_u = false;
    statistic = 0;
    if (baseline.empty() || candidate.empty()) {
        return false;
    }
    if (smallest_u_p(baseline.size(), candidate.size()) < rule.alpha) {
        used_u = true;
        const std::optional<double> tied = exact_tied_u_p(baseline, candidate);
        statistic = tied ? *tied : mann_whitney_u(baseline, candidate).p_value;
        return statistic < rule.alpha;
    }
    if (baseline.size() < rule.min_baseline_runs) {
        return false;
    }
    statistic = robust_z(baseline, median_of(candidate));
    return std::fabs(statistic) > rule.z_limit;
}

double min_detectable_change(double spread, std::size_t n_baseline, std::size_t n_candidate,
                             double threshold, bool higher_is_better, const RunLevelRule& rule) {
    if (n_baseline == 0 || n_candidate == 0) {
        return 0;
    }
    constexpr int kTries = 400;
    // The same noise for every slowdown tried (common random numbers): the catch rate then
    // grows with the slowdown, and the answer is the same on every machine.
    std::mt19937_64 rng(20261207);
    std::normal_distribution<double> normal(0.0, 1.0);
    // Normal noise cut at 1% of the value, by drawing again: a value clamped to a floor would
    // tie with the others clamped there, and ties send the U test to its exact enumeration
    // (thousands of splits per try: seconds per case at spreads of 50% and more). Below a
    // spread of about 20% no draw is cut, so the draws are plain normal ones.
    const auto draw = [&] {
        double v = 0;
        do {
            v = 1.0 + spread * normal(rng);
        } while (v < 0.01);
        return v;
    };
    std::vector<std::vector<double>> base(kTries, std::vector<double>(n_baseline));
    std::vector<std::vector<double>> cand(kTries, std::vector<double>(n_candidate));
    for (int t = 0; t < kTries; ++t) {
        for (double& v : base[static_cast<std::size_t>(t)]) {
            v = draw();
        }
        for (double& v : cand[static_cast<std::size_t>(t)]) {
            v = draw();
        }
    }
    const double limit = std::max(threshold, rule.spread_k * spread);
    const auto caught = [&](double d) {
        const double factor = higher_is_better ? 1.0 - d : 1.0 / (1.0 - d);
        int hits = 0;
        std::vector<double> c(n_candidate);
        for (int t = 0; t < kTries; ++t) {
            const auto& b = base[static_cast<std::size_t>(t)];
            const auto& n = cand[static_cast<std::size_t>(t)];
            for (std::size_t i = 0; i < n_candidate; ++i) {
                c[i] = n[i] * factor;
            }
            const double ratio = median_of(c) / median_of(b);
            const double worse = higher_is_better ? 1.0 - ratio : ratio - 1.0;
            bool used_u = false;
            double statistic = 0;
            if (worse > limit && run_level_significant(b, c, rule, used_u, statistic)) {
                ++hits;
            }
        }
        return hits >= kTries * 95 / 100;
    };
    if (!caught(0.99)) {
        return 1.0; // no slowdown is caught: too few runs to test, or too noisy
    }
    double lo = 0.0;
    double hi = 0.99;
    while (hi - lo > 0.0025) {
        const double mid = (lo + hi) / 2;
        (caught(mid) ? hi : lo) = mid;
    }
    return hi;
}

} // namespace linkperf::reports
