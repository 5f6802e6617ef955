#pragma once
// The HTML report: one self-contained file (inline CSS and SVG, no scripts, fonts or network):
// summary, run headers side by side, one chart per path (the host.c2c matrix as heatmaps),
// efficiency charts where the link rate is known, and ratio tables coloured by verdict.
#include "reports/report_set.hpp"

#include <string>

namespace linkperf::reports {

std::string html_report(const ReportSet& set);

} // namespace linkperf::reports
