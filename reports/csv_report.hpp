#pragma once
// Tidy CSV: one row per (run, case, statistic) with the statistic's unit, for pandas/R/sheets.
#include "reports/report_set.hpp"

#include <string>

namespace linkperf::reports {

std::string csv_report(const ReportSet& set);

} // namespace linkperf::reports
