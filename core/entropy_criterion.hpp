#pragma once
// A stopping rule for noisy machines (after nvbench's "entropy" criterion): sampling ends when
// the shape of the sample distribution has stopped changing, even if its spread stays above
// stdrel's target. The samples are binned on a log scale; the Shannon entropy of the bins is
// tracked after every sample, and the criterion is met when a least-squares line through the
// most recent entropy values is flat.
//
// Flat is judged per doubling of the sample count: a drifting series keeps landing in new bins,
// so its entropy grows like log2(samples), one bit per doubling, forever; a stationary series'
// entropy levels off, its growth per doubling falling towards zero. A fixed slope per sample
// (nvbench's) would eventually pass a drift too, since the slope of log2(n) falls as 1/n.
#include "core/stopping_criterion.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>

namespace linkperf {

class EntropyCriterion final : public StoppingCriterion {
public:
    // Samples within 1% of each other share a bin: finer than any difference the reports flag.
    static constexpr double kBinWidth = 0.01;
    // Entropy values the line is fitted through; also the fewest samples that can finish.
    static constexpr std::size_t kWindow = 24;
    // Finished when the fitted entropy grows (or shrinks) by at most this many bits per
    // doubling of the sample count. Chosen by simulation: stationary normal, log-normal,
    // bimodal and outlier-ridden series settle in 25-160 samples; a drift of 0.2% or more per
    // sample does not settle within 700.
    static constexpr double kMaxBitsPerDoubling = 0.15;

    Criterion kind() const override { return Criterion::entropy; }
    void initialize() override;
    void add_measurement(double seconds_per_op) override;
    bool is_finished() const override;

    // Entropy of the bins so far, in bits (0 before any sample).
    double entropy() const;
    // Growth of the fitted entropy per doubling of the samples, in bits (0 before kWindow
    // samples).
    double bits_per_doubling() const;

private:
    std::map<std::int64_t, std::uint64_t> bins_; // log-scale bin -> samples in it
    std::uint64_t count_ = 0;
    std::deque<double> recent_; // entropy after each of the last kWindow samples
};

} // namespace linkperf
