#include "core/sampler.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace linkperf {

SampleSet run_samples(const BatchFn& batch, const SamplerConfig& config) {
    const auto criterion = make_criterion(config.criterion, config.target_stdrel);
    return run_samples(batch, config, *criterion);
}

SampleSet run_samples(const BatchFn& batch, const SamplerConfig& config,
                      StoppingCriterion& criterion) {
    SampleSet set;
    set.criterion = criterion.kind();
    criterion.initialize();
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
    const auto wall_start = std::chrono::steady_clock::now();
    const auto wall_elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    };
    const auto spent = [&] {
        return elapsed >= config.max_seconds ||
               (config.max_wall_seconds > 0 && wall_elapsed() >= config.max_wall_seconds) ||
               (config.out_of_time && config.out_of_time());
    };
    while (set.seconds_per_op.size() < config.max_samples) {
        const double s = batch(reps);
        elapsed += s;
        set.seconds_per_op.push_back(s / static_cast<double>(reps));
        criterion.add_measurement(set.seconds_per_op.back());
        const std::size_t n = set.seconds_per_op.size();
        if (n >= config.min_samples) {
            if (criterion.is_finished()) {
                set.converged = true;
                break;
            }
            if (spent()) {
                break;
            }
        } else if (config.min_samples_past_time > 0 && n >= config.min_samples_past_time &&
                   spent()) {
            break;
        }
    }
    return set;
}

} // namespace linkperf
