#include "core/sampler.hpp"

#include "core/statistics.hpp"

#include <algorithm>
#include <cmath>

namespace linkperf {

double relative_spread(const std::vector<double>& samples) {
    return summarize(samples).stdrel;
}

SampleSet run_samples(const BatchFn& batch, const SamplerConfig& config) {
    SampleSet set;
    // Calibrate: double the batch until one sample is long enough for the clock.
    std::uint64_t reps = 1;
    double t = batch(reps);
    while (t < config.min_sample_seconds && reps < (std::uint64_t{1} << 40)) {
        const double scale = t > 0 ? config.min_sample_seconds / t : 16.0;
        reps = std::max<std::uint64_t>(
            reps * 2, static_cast<std::uint64_t>(
                          std::ceil(static_cast<double>(reps) * std::min(scale * 1.2, 16.0))));
        t = batch(reps);
    }
    set.reps_per_sample = reps;
    for (std::size_t i = 0; i < config.warmup_samples; ++i) {
        batch(reps);
    }
    double elapsed = 0;
    while (set.seconds_per_op.size() < config.max_samples) {
        const double s = batch(reps);
        elapsed += s;
        set.seconds_per_op.push_back(s / static_cast<double>(reps));
        if (set.seconds_per_op.size() >= config.min_samples) {
            if (relative_spread(set.seconds_per_op) <= config.target_stdrel) {
                set.converged = true;
                break;
            }
            if (elapsed >= config.max_seconds) {
                break;
            }
        }
    }
    return set;
}

} // namespace linkperf
