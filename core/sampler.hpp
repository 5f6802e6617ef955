#pragma once
// The measurement loop: calibrate a batch so one sample is long enough to time, warm up,
// then take samples until a stopping criterion (core/stopping_criterion.hpp) is met or a sample
// or time cap is reached.
#include "core/stopping_criterion.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

namespace linkperf {

struct SamplerConfig {
    Criterion criterion = Criterion::stdrel; // what ends the sampling before the caps
    double target_stdrel = 0.01;  // stdrel: stop once stddev/mean of the samples is below
    std::size_t min_samples = 10; // never fewer, even when the spread is tiny
    // > 0: fewer than min_samples, but at least this many, once the time cap is spent (a
    // --repeat pass of a case whose samples are long, run/run_driver.cpp's pass_budget)
    std::size_t min_samples_past_time = 0;
    std::size_t max_samples = 200; // never more
    double max_seconds = 2.0;      // time cap for the timed samples of one case
    double max_wall_seconds = 0;   // > 0: also stop once the sampling loop ran this long in wall
                                   // time (untimed work between samples included)
    double min_sample_seconds = 200e-6; // a sample shorter than this batches more operations
    std::size_t warmup_samples = 2;
    // Set: also stop once it returns true (checked after each sample past min_samples). For
    // callers whose processes must all decide alike on a clock they agree on (collectives).
    std::function<bool()> out_of_time;
};

// Runs `reps` operations and returns the seconds they took (measured by the callee with
// whatever clock fits: steady_clock on the host, CUDA events on a GPU).
using BatchFn = std::function<double(std::uint64_t reps)>;

struct SampleSet {
    std::uint64_t reps_per_sample = 1;
    std::vector<double> seconds_per_op;      // one entry per timed sample
    bool converged = false;                  // the criterion ended the sampling, not a cap
    Criterion criterion = Criterion::stdrel; // the criterion that judged the samples
};

// Samples with `criterion`, initialized here; the config's criterion and target are not used.
SampleSet run_samples(const BatchFn& batch, const SamplerConfig& config,
                      StoppingCriterion& criterion);
// Samples with the config's criterion.
SampleSet run_samples(const BatchFn& batch, const SamplerConfig& config);

} // namespace linkperf
