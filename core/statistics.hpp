#pragma once
// Summary statistics of a sample set, in whatever unit the samples carry.
#include <cstddef>
#include <span>

namespace linkperf {

struct Statistics {
    std::size_t count = 0;
    double min = 0;
    double max = 0;
    double mean = 0;
    double median = 0;
    double p5 = 0;
    double p95 = 0;
    double stddev = 0; // sample standard deviation (n - 1)
    double stdrel = 0; // stddev / mean: nvbench's convergence criterion
};

// Percentiles interpolate linearly between order statistics (numpy's default), so p50 equals
// the median. An empty span gives a zero Statistics with count 0.
Statistics summarize(std::span<const double> samples);

// q in [0, 1].
double percentile(std::span<const double> sorted, double q);

} // namespace linkperf
