#pragma once
// The Mann-Whitney U test, two-sided, as scipy.stats.mannwhitneyu(x, y,
// alternative="two-sided") computes it (Google Benchmark's compare.py calls that): the exact
// distribution of U when one sample has at most 8 values and there are no ties, otherwise the
// normal approximation with tie correction and continuity correction.
#include <span>

namespace linkperf::reports {

struct MannWhitneyResult {
    double u1 = 0;      // U statistic of x: pairs (x_i, y_j) with x_i > y_j, ties count 1/2
    double p_value = 1; // two-sided
    bool exact = false; // exact distribution (true) or normal approximation (false)
};

// Requires both samples non-empty (throws ReportError, exit code failed, otherwise).
MannWhitneyResult mann_whitney_u(std::span<const double> x, std::span<const double> y);

} // namespace linkperf::reports
