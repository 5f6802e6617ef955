#pragma once
// The measurement loop: calibrate a batch so one sample is long enough to time, warm up,
// then take samples until their relative spread is below a target or a time cap is reached
// (nvbench's "stdrel" stopping rule).
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

namespace linkperf {

struct SamplerConfig {
    double target_stdrel = 0.01;        // stop once stddev/mean of the samples is below this
    std::size_t min_samples = 10;       // never fewer, even when the spread is tiny
    std::size_t max_samples = 200;      // never more
    double max_seconds = 2.0;           // time cap for the timed samples of one case
    double min_sample_seconds = 200e-6; // a sample shorter than this batches more operations
    std::size_t warmup_samples = 2;
};

// Runs `reps` operations and returns the seconds they took (measured by the callee with
// whatever clock fits: steady_clock on the host, CUDA events on a GPU).
using BatchFn = std::function<double(std::uint64_t reps)>;

struct SampleSet {
    std::uint64_t reps_per_sample = 1;
    std::vector<double> seconds_per_op; // one entry per timed sample
    bool converged = false;             // the stdrel target was reached
};

SampleSet run_samples(const BatchFn& batch, const SamplerConfig& config);

// Relative spread of the samples taken so far (0 for fewer than two).
double relative_spread(const std::vector<double>& samples);

} // namespace linkperf
