#pragma once
// The regression gate: joins a baseline run and a candidate run by case key and gives each
// case a verdict (docs/reports.md, "Verdicts").
// Run level, when the baseline holds several runs (--repeat passes, or a baseline saved from
// several files): the median of the run medians against a threshold widened to k x the
// baseline's run-to-run spread, and the evidence of the runs: the U test on run medians when
// both sides can reach alpha, else the candidate's robust z against the baseline runs. Worse
// beyond the threshold without that evidence, or carried only by contended passes, is
// `inconclusive`: it fails only under --strict, because the runs were too few or too disturbed
// to say, and a gate red on noise gets switched off.
// Sample level, for a baseline of one run (judged as before run-level baselines existed):
// the Mann-Whitney U test over the samples of one run each (else non-overlapping p5-p95).
// Worse beyond the threshold but not shown significant is `unjudged` and fails unless allowed:
// one run cannot know its noise, so "could not tell" never passes as "fine".
// `noisy` is left for changes for the better that are not shown real.
#include "gate/gate_config.hpp"
#include "results_model/results_model.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace linkperf::reports {

enum class Verdict { improved, unchanged, regressed, noisy, missing, unjudged, inconclusive };
inline constexpr std::array<Verdict, 6> kVerdicts = {Verdict::improved, Verdict::regressed,
                                                     Verdict::unjudged, Verdict::unchanged,
                                                     Verdict::noisy,    Verdict::missing};
// Listed first in every output (when there are any), with why.
inline constexpr Verdict kFirstVerdict = Verdict::inconclusive;
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
    // Run level (the baseline holds several runs): the runs each side had, the baseline's
    // run-to-run spread (run_stats.hpp) and the minimum detectable change with these runs.
    bool run_level = false;
    std::size_t baseline_runs = 0;
    std::size_t candidate_runs = 0;
    double run_spread = 0;
    double min_detectable = 0;
    std::string contended; // why the candidate's passes were contended ("" clean/unknown)
};

struct GateResult {
    std::vector<Comparison> rows;        // by case key
    std::array<std::size_t, 7> counts{}; // indexed by Verdict
    std::size_t comparable = 0;          // cases measured (ok) on both sides
    // What the inputs let the gate know, one line each: a baseline of one run cannot know its
    // noise; two single runs cannot separate noise from a change.
    std::vector<std::string> notes;
    std::size_t count(Verdict v) const { return counts[static_cast<std::size_t>(v)]; }
    bool regression() const { return count(Verdict::regressed) > 0; }
    // Whether the gate fails: a regression, an unjudged case unless allowed, an inconclusive
    // one under --strict.
    bool fails(bool allow_unjudged, bool strict = false) const {
        return regression() || (!allow_unjudged && count(Verdict::unjudged) > 0) ||
               (strict && count(Verdict::inconclusive) > 0);
    }
    // The rows in the order outputs list them: inconclusive first, then by case key.
    std::vector<const Comparison*> listed() const;
};

// Throws ReportError(usage) when one key has different metrics or units on the two sides.
GateResult compare_runs(const Run& baseline, const Run& candidate, const GateConfig& config);

} // namespace linkperf::reports
