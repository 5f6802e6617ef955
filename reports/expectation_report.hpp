#pragma once
// Expectation levels in reports (`linkperf report --profile FILE|auto`, docs/health.md): the
// warning and failing levels drawn on each path's chart, the level of every case in the figures
// tables, and a single run's scorecard row judged against them instead of "no baseline".
#include "gate/expectation_check.hpp"
#include "reports/report_set.hpp"
#include "reports/scorecard.hpp"
#include "reports/svg_chart.hpp"

#include <string>
#include <vector>

namespace linkperf::reports {

// Two levels (warning, failing) per expectation that judged a case of `path` in any run, over
// the sizes of the cases it judged.
std::vector<ChartLevel> expectation_levels(const Profile& profile, const ReportSet& set,
                                           const std::string& path);

// "warning: 44 vs >= 47.3 GB/s (failing < 34.7; theoretical)"; "" when no expectation matches.
std::string expectation_text(const Profile& profile, const Run& run, const CaseResult& c);

// Judges the row's ok cases of `run` against the profile: sets row.health and the verdict
// ("2 of 3 case(s) judged against expectations: 1 ok, 1 failing; worst ..."). Leaves the row
// alone when no expectation matched any of its cases.
void judge_row(ScorecardRow& row, const Run& run, const Profile& profile);

} // namespace linkperf::reports
