#pragma once
// The inputs of `linkperf report`: the runs, the baselines, and each run compared with the
// reference (the first baseline, or the first run when no baseline is given).
#include "gate/expectation_profile.hpp"
#include "gate/gate.hpp"
#include "results_model/results_model.hpp"

#include <optional>
#include <vector>

namespace linkperf::reports {

struct RunComparison {
    const Run* baseline = nullptr;
    const Run* candidate = nullptr;
    GateResult result;
};

struct ReportSet {
    std::vector<Run> baselines;
    std::vector<Run> runs;
    std::vector<RunComparison> comparisons;
    // Runs in no comparison: the only run, or (no baseline given) runs that share no case with
    // the first (`report saturation.json contention.json`); each is shown on its own.
    std::vector<const Run*> alone;
    // A saturation curve's knee: the smallest concurrency reaching this fraction of its
    // plateau (`linkperf report --knee`, docs/saturation.md).
    double knee_fraction = 0.95;
    // `linkperf report --profile`: levels on the charts and in the figures tables, and a
    // single run's scorecard judged against them (docs/health.md).
    std::optional<Profile> expectations;
    // The gate's config the comparisons used (thresholds for a run's minimum detectable change).
    GateConfig config;
    // Baselines first, then runs: the order of columns and chart lines.
    std::vector<const Run*> all() const;
    bool is_baseline(const Run* r) const;
    // "One run and no baseline: nothing to compare." or, for several runs, why none was
    // compared; empty when some comparison exists.
    std::string nothing_compared() const;
};

// Gives every run a unique label (its file name, "name (2)" on a clash) and compares every
// run (and every later baseline) with the reference; without a baseline, only the runs that
// share a case with the first run are compared with it. Throws ReportError when no run is given.
ReportSet build_report_set(std::vector<Run> runs, std::vector<Run> baselines,
                           const GateConfig& config);

} // namespace linkperf::reports
