#include "core/stdrel_criterion.hpp"

#include "core/statistics.hpp"

namespace linkperf {

StdrelCriterion::StdrelCriterion(double target) : target_(target) {}

void StdrelCriterion::initialize() {
    samples_.clear();
}

void StdrelCriterion::add_measurement(double seconds_per_op) {
    samples_.push_back(seconds_per_op);
}

bool StdrelCriterion::is_finished() const {
    // summarize() is the statistic the results file reports, so "converged" and the recorded
    // stdrel can never disagree.
    return summarize(samples_).stdrel <= target_;
}

} // namespace linkperf
