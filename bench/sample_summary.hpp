#pragma once
// What every family does with the sampler's output: samples in the path's unit, statistics,
// the median time of one operation, batching and convergence (host and GPU alike).
#include "core/measurement.hpp"
#include "core/sampler.hpp"

namespace linkperf::bench {

// Samples in GB/s of `bytes_per_op` for a bandwidth path (and m.bytes_per_op set to it), in ns
// per operation for a latency path; stats, seconds_per_op (the median), reps_per_sample and
// converged.
void finish_samples(Measurement& m, const SampleSet& set, double bytes_per_op);

} // namespace linkperf::bench
