#pragma once
// `linkperf fleet ... --emit-profile FILE`: an expectation profile learned from the fleet
// itself, per host type and case, from the group's healthy nodes only (verdict ok) -- so the
// nodes the fleet view already flags never widen the limits (docs/health.md):
//   scale   = max(1.4826 MAD, 0.5% of the median)   (fleet/fleet_score.hpp)
//   warning = median - k * scale                     (bandwidth; + for latency)
//   failing = min(P, median - 2k * scale)            P: the healthy nodes' low percentile
//                                                    (high percentile and max() for latency)
// Each rule matches one case key on one host type; its provenance names the group, the number
// of healthy nodes and the date.
#include "fleet/fleet_analysis.hpp"
#include "gate/expectation_profile.hpp"

#include <cstddef>
#include <string>

namespace linkperf::reports {

struct LearnOptions {
    double k = 3.0;            // warning this many robust standard deviations off the median
    double percentile = 0.5;   // failing no higher than this percentile of the healthy nodes
    std::size_t min_nodes = 5; // fewer healthy nodes measured a case: no rule for it
};

Profile learn_profile(const FleetAnalysis& analysis, const LearnOptions& options,
                      const std::string& date);

} // namespace linkperf::reports
