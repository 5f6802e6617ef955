#pragma once
// The regression gate: joins a baseline run and a candidate run by case key and gives each
// case a verdict from the change of the median, the threshold and a significance test
// (Mann-Whitney U over the samples when each side has enough, else non-overlapping p5-p95).
// A case that got worse beyond its threshold but is not shown significant (fewer than 2
// samples per side, too few for the test to ever reach alpha, or a change within the spread)
// is `unjudged`: it fails the gate unless the user allows it, so "could not tell" never passes
// as "fine". `noisy` is left for changes for the better that are not significant.
#include "reports/gate_config.hpp"
#include "reports/results_model.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace linkperf::reports {

enum class Verdict { improved, unchanged, regressed, noisy, missing, unjudged };
inline constexpr std::array<Verdict, 6> kVerdicts = {Verdict::improved, Verdict::regressed,
                                                     Verdict::unjudged, Verdict::unchanged,
                                                     Verdict::noisy,    Verdict::missing};
const char* to_string(Verdict v);

struct Comparison {
    CaseKey key;
    std::string metric;
    std::string unit;
    bool higher_is_better = true;
    const CaseResult* baseline = nullptr;  // null: only in the candidate
    const CaseResult* candidate = nullptr; // null: only in the baseline
    Verdict verdict = Verdict::missing;
    std::string reason; // why missing / failed, or how significance was decided
    double baseline_median = 0;
    double candidate_median = 0;
    double ratio = 0; // candidate / baseline median
    double worse = 0; // relative change in the bad direction (> 0: worse)
    double threshold = 0;
    std::string family;            // the threshold family (gate_config.hpp), e.g. "latency.small"
    std::optional<double> p_value; // Mann-Whitney, when used
    bool testable = false;         // the samples allow a significance test at alpha
    bool significant = false;
};

struct GateResult {
    std::vector<Comparison> rows;        // by case key
    std::array<std::size_t, 6> counts{}; // indexed by Verdict
    std::size_t comparable = 0;          // cases measured (ok) on both sides
    std::size_t count(Verdict v) const { return counts[static_cast<std::size_t>(v)]; }
    bool regression() const { return count(Verdict::regressed) > 0; }
    // Whether the gate fails: a regression, or an unjudged case unless allowed.
    bool fails(bool allow_unjudged) const {
        return regression() || (!allow_unjudged && count(Verdict::unjudged) > 0);
    }
};

// Throws ReportError(usage) when one key has different metrics or units on the two sides.
GateResult compare_runs(const Run& baseline, const Run& candidate, const GateConfig& config);

} // namespace linkperf::reports
