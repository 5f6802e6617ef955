#pragma once
// Change points of a noisy series (docs/history.md): E-divisive means (Matteson & James 2014,
// "A nonparametric approach for multiple change point analysis of multivariate data", with
// alpha = 1) picks where to split, and a Welch t-test of the two sides (instead of the
// permutation test, as Hunter/Otava does, Fleming et al. ICPE 2023) decides whether the split is
// real. Deterministic: no random permutations, the same series always gives the same points.
//
// How it runs: the series is cut into windows of `window` points (overlapping by half); each
// window is bisected recursively at the split of largest divergence while the t-test's p-value
// is at most `p_value`. The union of the candidates is then pruned: each candidate is retested
// between its neighbours (the segment before and the segment after it) and the weakest one that
// fails (p above `p_value`, relative change of the mean below `min_magnitude`, or a side shorter
// than `min_segment`) is dropped, until every one passes.
#include <cstddef>
#include <span>
#include <vector>

namespace linkperf::reports {

struct ChangePointOptions {
    std::size_t window = 50;     // points per detection window (>= 2 * min_segment)
    double p_value = 0.001;      // a change is kept when the t-test's p is at most this
    std::size_t min_segment = 6; // points on each side of a change
    double min_magnitude = 0.02; // |mean after / mean before - 1| at least this
    double confidence = 0.95;    // the level of the magnitude's interval
};

// Throws ReportError(usage) naming the bad parameter.
void check_options(const ChangePointOptions& options);

struct ChangePoint {
    std::size_t index = 0; // the first point of the new segment
    double mean_before = 0;
    double mean_after = 0;
    double magnitude = 0; // mean_after / mean_before - 1 (relative, signed)
    double ci_low = 0;    // the magnitude's interval at options.confidence (Welch)
    double ci_high = 0;
    double p_value = 1; // Welch t-test, two-sided, of the segments either side
};

std::vector<ChangePoint> find_change_points(std::span<const double> series,
                                            const ChangePointOptions& options);

// Welch's two-sided t-test of the means of a and b: the p-value (1 when either side has fewer
// than 2 points; 0 for two different constants).
double welch_p_value(std::span<const double> a, std::span<const double> b);

// The CDF of Student's t distribution with `df` degrees of freedom (df > 0).
double student_t_cdf(double t, double df);
// Its inverse: t such that student_t_cdf(t, df) == p, for 0 < p < 1.
double student_t_quantile(double p, double df);

// The divergence statistic of E-divisive for every split tau of the series (both sides at
// least min_segment points): q[tau] for tau in [min_segment, n - min_segment], 0 elsewhere.
std::vector<double> divergence(std::span<const double> series, std::size_t min_segment);

} // namespace linkperf::reports
