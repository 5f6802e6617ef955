#include "bench/sample_summary.hpp"

#include "core/statistics.hpp"
#include "core/units.hpp"

namespace linkperf::bench {

void finish_samples(Measurement& m, const SampleSet& set, double bytes_per_op) {
    m.reps_per_sample = set.reps_per_sample;
    m.converged = set.converged;
    m.criterion = set.criterion;
    m.seconds_per_op = summarize(set.seconds_per_op).median;
    m.samples.clear();
    const bool bandwidth = m.test_case.path.metric == Metric::bandwidth;
    for (const double s : set.seconds_per_op) {
        m.samples.push_back(bandwidth ? to_gbps(bytes_per_op, s) : s * 1e9);
    }
    m.stats = summarize(m.samples);
    if (bandwidth) {
        m.bytes_per_op = static_cast<std::uint64_t>(bytes_per_op);
    }
}

} // namespace linkperf::bench
