#pragma once
// Robust statistics of the fleet view (docs/fleet.md): the distribution of one case's medians
// across the nodes of a host-type group, and how far one node is from it. The centre is the
// median and the scale the median absolute deviation (MAD): both ignore up to half the nodes
// being bad, where a mean and standard deviation would be dragged towards the bad nodes and
// hide them.
#include "core/statistics.hpp"

#include <vector>

namespace linkperf::reports {

// core's summary of the values (median, p5, p95, min, max...) plus the robust scale.
struct FleetDistribution : Statistics {
    double mad = 0; // median of |value - median|
};

// Empty: count 0.
FleetDistribution fleet_distribution(std::vector<double> values);

// 1.4826 * MAD estimates the standard deviation of normally distributed values.
inline constexpr double kMadToSigma = 1.4826;
// The scale never drops below this fraction of |median|: with MAD = 0 (most nodes report the
// same figure) any difference would otherwise be infinitely significant.
inline constexpr double kMinRelativeScale = 0.005;

// How far one node's figure is from its group.
struct Deviation {
    double change = 0;   // (value - median) / median: -0.48 is 48% below the group median
    double score = 0;    // (value - median) / scale, scale = max(1.4826 MAD, 0.5% |median|)
    bool worse = false;  // on the bad side for the metric (lower bandwidth, higher latency)
    double slowdown = 1; // how many times worse (>= 1 when worse): orders nodes by severity
};

Deviation deviation(double value, const FleetDistribution& group, bool higher_is_better);

// When a deviation flags a node (docs/fleet.md, "Outlier limits").
struct OutlierLimits {
    double relative = 0.10;    // |change| above this ...
    double score = 3.5;        // ... and |score| above this, both on the worse side
    std::size_t min_group = 5; // fewer nodes measured the case: too few to judge
};

bool is_outlier(const Deviation& d, std::size_t group_count, const OutlierLimits& limits);

} // namespace linkperf::reports
