#pragma once
// The fleet report as one self-contained HTML file (inline CSS and SVG, no scripts, fonts or
// network): verdict counts, the host-type groups side by side, the nodes that are not ok worst
// first, per path one strip chart per series with a panel per size (a box p5-p95, the median, a
// dot per node; outliers highlighted and named in <title>; the baseline as a dashed line), the
// distributions table and the node table sorted by worst deviation.
#include "fleet/fleet_analysis.hpp"

#include <string>

namespace linkperf::reports {

std::string fleet_html(const FleetAnalysis& a);

} // namespace linkperf::reports
