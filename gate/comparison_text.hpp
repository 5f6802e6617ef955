#pragma once
// One-line descriptions of a comparison shared by the JUnit, Markdown and HTML writers.
#include "gate/gate.hpp"

#include <string>

namespace linkperf::reports {

// "+3.1%" (candidate vs baseline median, as measured; the sign is not the verdict).
std::string change_text(const Comparison& c);
// "median 12.3 -> 10.1 GB/s (-17.9%, worse by 17.9% > threshold 5%); Mann-Whitney U p=0.001 ..."
std::string comparison_summary(const Comparison& c);
// "3 improved, 1 regressed, 0 unjudged, 20 unchanged, 0 noisy, 2 missing", led by
// "N inconclusive, " when there are any.
std::string counts_text(const GateResult& r);
// A run-level comparison's noise facts: "5 vs 5 runs, run-to-run spread 3.1%, minimum
// detectable change 12.0%"; "" for a sample-level one.
std::string run_level_text(const Comparison& c);

} // namespace linkperf::reports
