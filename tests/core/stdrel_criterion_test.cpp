// The stdrel stopping criterion (core/stdrel_criterion.hpp): the rule linkperf always had, so a
// default run samples exactly as before.
#include "core/sampler.hpp"
#include "core/statistics.hpp"
#include "core/stdrel_criterion.hpp"
#include "tests/support/sample_series.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

using namespace linkperf;
using linkperf::testing::batch_of;
using linkperf::testing::Noise;

namespace {

SamplerConfig plain_config() {
    SamplerConfig c;
    c.min_sample_seconds = 0; // no batching: one call, one sample
    c.warmup_samples = 0;
    c.max_seconds = 1e9; // the sample caps decide, not the clock
    return c;
}

} // namespace

TEST_CASE("stdrel: finished exactly when stddev/mean is at most the target", "[criterion]") {
    const std::vector<double> xs{1.0, 1.1, 0.9, 1.05};
    const double spread = summarize(xs).stdrel;
    StdrelCriterion at(spread);
    StdrelCriterion below(spread * 0.999);
    for (const double x : xs) {
        at.add_measurement(x);
        below.add_measurement(x);
    }
    CHECK(at.is_finished());
    CHECK_FALSE(below.is_finished());
    CHECK(at.kind() == Criterion::stdrel);
    CHECK(StdrelCriterion().target() == StdrelCriterion::kDefaultTarget);
}

TEST_CASE("stdrel: initialize forgets the samples", "[criterion]") {
    StdrelCriterion c(0.01);
    c.add_measurement(1.0);
    c.add_measurement(3.0);
    CHECK_FALSE(c.is_finished());
    c.initialize();
    c.add_measurement(2.0);
    c.add_measurement(2.0);
    CHECK(c.is_finished());
}

TEST_CASE("stdrel: constant samples end at the sampler's minimum", "[criterion]") {
    SamplerConfig cfg = plain_config();
    cfg.min_samples = 10;
    auto constant = [] { return 1e-6; };
    const SampleSet set = run_samples(batch_of(constant), cfg);
    CHECK(set.converged);
    CHECK(set.criterion == Criterion::stdrel);
    CHECK(set.seconds_per_op.size() == 10);
}

TEST_CASE("stdrel: the default sampler stops where the old hard-wired rule stopped",
          "[criterion]") {
    // The rule before the criterion interface: from min_samples on, stop once the stdrel of all
    // samples is at most the target. Replayed on one noisy series for several targets.
    for (const double target : {0.02, 0.03, 0.05}) {
        Noise noise(7);
        std::vector<double> series;
        for (int i = 0; i < 400; ++i) {
            series.push_back(1e-6 * (1.0 + 0.08 * noise.next()));
        }
        SamplerConfig cfg = plain_config();
        cfg.min_samples = 10;
        cfg.max_samples = 300;
        cfg.target_stdrel = target;
        std::size_t next = 0;
        auto replay = [&] { return series.at(next++); };
        const SampleSet set = run_samples(batch_of(replay), cfg);
        // series[0] was the untimed calibration call.
        std::size_t want = cfg.max_samples;
        bool want_converged = false;
        for (std::size_t n = cfg.min_samples; n <= cfg.max_samples; ++n) {
            const std::vector<double> prefix(series.begin() + 1, series.begin() + 1 + n);
            if (summarize(prefix).stdrel <= target) {
                want = n;
                want_converged = true;
                break;
            }
        }
        INFO("target " << target);
        CHECK(set.seconds_per_op.size() == want);
        CHECK(set.converged == want_converged);
    }
}

TEST_CASE("stdrel: noisy but stationary samples never reach a tight target", "[criterion]") {
    SamplerConfig cfg = plain_config();
    cfg.max_samples = 200;
    cfg.target_stdrel = 0.02;
    Noise noise(3);
    auto noisy = [&] { return 1e-6 * (1.0 + 0.1 * noise.next()); }; // stdrel ~5.8%
    const SampleSet set = run_samples(batch_of(noisy), cfg);
    CHECK_FALSE(set.converged);
    CHECK(set.seconds_per_op.size() == 200);
}

TEST_CASE("criteria by name: stdrel and entropy, anything else is a usage error", "[criterion]") {
    CHECK(criterion_from_string("stdrel") == Criterion::stdrel);
    CHECK(criterion_from_string("entropy") == Criterion::entropy);
    CHECK(std::string(to_string(Criterion::entropy)) == "entropy");
    CHECK_THROWS_WITH(criterion_from_string(""), Catch::Contains("use stdrel or entropy"));
    CHECK_THROWS_WITH(criterion_from_string("foo"), Catch::Contains("'foo'"));
    CHECK(make_criterion(Criterion::stdrel, 0.5)->kind() == Criterion::stdrel);
    CHECK(make_criterion(Criterion::entropy, 0.5)->kind() == Criterion::entropy);
    CHECK(SamplerConfig{}.criterion == Criterion::stdrel);
}
