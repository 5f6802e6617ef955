#pragma once
// The one figure a run contributes to a case's history (docs/history.md): every series of
// `linkperf history` and `compare --history` is built through run_level_value, so changing what
// a run's value is (e.g. the median of a `run --repeat` file's passes) changes it everywhere.
#include "results_model/results_model.hpp"

namespace linkperf::reports {

// The case's run-level value in its unit: the median of its run medians for a `run --repeat`
// file or a baseline saved from several runs (CaseResult::run_values), else its median.
double run_level_value(const CaseResult& c);

} // namespace linkperf::reports
