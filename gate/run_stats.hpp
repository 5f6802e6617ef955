#pragma once
// Run-level statistics of the gate (docs/reports.md, "Run-level verdicts"): a case's values
// are one median per independent run (CaseResult::run_values), and its noise is the spread of
// those medians from run to run, which the samples of one run cannot show.
#include <cstddef>
#include <cstdint>
#include <span>

namespace linkperf::reports {

// The median of `values` (0 when empty).
double median_of(std::span<const double> values);

// Run-to-run spread: 1.4826 x the median absolute deviation of `values`, relative to their
// median (a robust coefficient of variation: the stddev/mean of normal noise, but one wild run
// of five cannot inflate it). 0 for fewer than 2 values or a zero median.
double run_spread(std::span<const double> values);

// The robust z of `candidate` (a run-level median) against the baseline runs: its distance
// from their median in units of 1.4826 x MAD, the MAD floored at 0.1% of the median so that
// identical baseline runs do not divide by zero. Positive = higher.
double robust_z(std::span<const double> baseline, double candidate);

// The smallest two-sided p-value the exact U test can give for n1 vs n2 values:
// 2 / C(n1 + n2, n1). Above alpha no data can reach significance.
double smallest_u_p(std::size_t n1, std::size_t n2);

// How run-level evidence is weighed (gate/gate.hpp uses the same rule).
struct RunLevelRule {
    double alpha = 0.01;   // U test on run medians, two-sided
    double z_limit = 4.0;  // robust z, when the U test cannot reach alpha
    double spread_k = 2.0; // threshold = max(family threshold, spread_k x run-to-run spread)
    std::size_t min_baseline_runs = 3; // fewer: no spread to judge against (inconclusive)
};

// Whether a slowdown is shown real at run level: the U test on the run values when both sides
// can reach alpha, else the robust z (|z| > z_limit) of the candidate's median run, both
// two-sided. Sets `used_u` when the U test decided and `statistic` to its p-value or the z.
bool run_level_significant(std::span<const double> baseline, std::span<const double> candidate,
                           const RunLevelRule& rule, bool& used_u, double& statistic);

// Minimum detectable change: the smallest slowdown d (bandwidth x (1 - d), latency
// x 1 / (1 - d)) that the run-level gate catches in at least 95% of tries, for a case whose
// run medians vary by `spread` (relative, normal), with n_baseline vs n_candidate runs and a
// family threshold `threshold`. Monte Carlo (400 tries, fixed seed: deterministic), to 0.25%;
// 1 when not even a 99% slowdown is caught (too few runs to test); 0 when a side has no run.
double min_detectable_change(double spread, std::size_t n_baseline, std::size_t n_candidate,
                             double threshold, bool higher_is_better, const RunLevelRule& rule);

} // namespace linkperf::reports
