#pragma once
// The terminal view of a run: one table per path with size, median, p5-p95 and spread.
#include "core/measurement.hpp"

#include <cstdio>
#include <vector>

namespace linkperf::bench {

void print_tables(std::FILE* out, const std::vector<Measurement>& measurements);

} // namespace linkperf::bench
