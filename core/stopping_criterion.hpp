#pragma once
// When a case has been sampled enough: the interface the sampler asks after every timed sample
// (after nvbench's stopping criteria). The sampler alone enforces the minimum and maximum sample
// counts and the time cap; a criterion only judges the samples it was given.
#include <memory>
#include <string>

namespace linkperf {

// The criteria `linkperf run --criterion` offers; stdrel is the default.
enum class Criterion { stdrel, entropy };

// "stdrel", "entropy".
const char* to_string(Criterion criterion);
// Throws Error(usage) naming the valid values for anything else (an empty value too).
Criterion criterion_from_string(const std::string& text);

class StoppingCriterion {
public:
    virtual ~StoppingCriterion() = default;

    virtual Criterion kind() const = 0;

    // Forgets every sample: called once per case, before its first timed sample.
    virtual void initialize() = 0;

    // Takes one timed sample, seconds per operation (> 0), in the order they were measured.
    virtual void add_measurement(double seconds_per_op) = 0;

    // Whether the samples added since initialize() are enough by this criterion's rule. May be
    // asked after every sample; asking changes nothing.
    virtual bool is_finished() const = 0;
};

// The criterion of `kind`; `target_stdrel` is the stdrel criterion's target (SamplerConfig).
std::unique_ptr<StoppingCriterion> make_criterion(Criterion kind, double target_stdrel);

} // namespace linkperf
