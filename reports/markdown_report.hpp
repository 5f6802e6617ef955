#pragma once
// Markdown for PR comments: the summary line and the table of cases that changed (all cases
// in a collapsed <details>).
#include "gate/gate.hpp"
#include "reports/report_set.hpp"

#include <string>

namespace linkperf::reports {

// One comparison (`linkperf compare --md`).
std::string markdown_comparison(const GateResult& result, const RunInfo& baseline,
                                const RunInfo& candidate);
// A report (`linkperf report --md`): the runs, then every comparison of the set.
std::string markdown_report(const ReportSet& set);

} // namespace linkperf::reports
