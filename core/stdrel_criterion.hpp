#pragma once
// The default stopping rule (nvbench's "stdrel"): the relative standard deviation of all the
// samples so far at or below a target.
#include "core/stopping_criterion.hpp"

#include <vector>

namespace linkperf {

class StdrelCriterion final : public StoppingCriterion {
public:
    // The quick suite's target; standard and full ask for less spread (plan.cpp).
    static constexpr double kDefaultTarget = 0.02;

    // Finished once stddev / mean of the samples is at most `target` (> 0).
    explicit StdrelCriterion(double target = kDefaultTarget);

    Criterion kind() const override { return Criterion::stdrel; }
    void initialize() override;
    void add_measurement(double seconds_per_op) override;
    bool is_finished() const override;

    double target() const { return target_; }

private:
    double target_;
    std::vector<double> samples_;
};

} // namespace linkperf
