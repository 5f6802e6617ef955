#pragma once
// The scorecard, saturation curves and interference ratios in Markdown, and the per-case
// figures the CSV adds for them: the same numbers the HTML report draws.
#include "reports/report_set.hpp"
#include "reports/saturation_curves.hpp"

#include <string>
#include <vector>

namespace linkperf::reports {

// "### Scorecard" tables (one per comparison, or the single run's).
std::string markdown_scorecard(const ReportSet& set);
// "### Saturation" and "### Interference" tables; empty when no run has either.
std::string markdown_studies(const ReportSet& set);

struct StudyFigure {
    const char* statistic; // knee, plateau, plateau_reached, step_efficiency, ...
    double value = 0;
    std::string unit;
};

// A case's place on its saturation curve (knee, plateau, plateau_reached, knee_fraction,
// step_efficiency from the previous level) and its contention figures (alone_median,
// interference_ratio, aggressor_gbps).
std::vector<StudyFigure> study_figures(const CaseResult& c,
                                       const std::vector<SaturationCurve>& curves);

} // namespace linkperf::reports
