// The entropy stopping criterion (core/entropy_criterion.hpp): ends when the sample
// distribution has settled, also where stdrel never would, and never on a drift.
#include "core/entropy_criterion.hpp"
#include "core/sampler.hpp"
#include "core/stdrel_criterion.hpp"
#include "tests/support/sample_series.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <random>

using namespace linkperf;
using linkperf::testing::batch_of;
using linkperf::testing::Noise;

namespace {

SamplerConfig entropy_config() {
    SamplerConfig c;
    c.criterion = Criterion::entropy;
    c.min_sample_seconds = 0; // one call, one sample
    c.warmup_samples = 0;
    c.max_seconds = 1e9; // the sample caps decide, not the clock
    c.min_samples = 10;
    c.max_samples = 200;
    return c;
}

} // namespace

TEST_CASE("entropy: of the binned samples, in bits", "[criterion]") {
    EntropyCriterion c;
    CHECK(c.entropy() == 0.0);
    c.add_measurement(1e-6);
    c.add_measurement(1e-6);
    CHECK(c.entropy() == 0.0); // one bin
    c.add_measurement(2e-6);
    c.add_measurement(2e-6);
    CHECK(c.entropy() == Approx(1.0)); // two equal bins
    c.add_measurement(1.001e-6);       // within 1%: mostly the first bin's
    CHECK(c.entropy() < 1.6);
    c.initialize();
    CHECK(c.entropy() == 0.0);
    CHECK(c.kind() == Criterion::entropy);
}

TEST_CASE("entropy: constant samples end after one window", "[criterion]") {
    EntropyCriterion c;
    for (std::size_t i = 1; i < EntropyCriterion::kWindow; ++i) {
        c.add_measurement(5e-9);
        CHECK_FALSE(c.is_finished()); // too few entropy values to fit a line through
    }
    c.add_measurement(5e-9);
    CHECK(c.is_finished());

    auto constant = [] { return 5e-9; };
    const SampleSet set = run_samples(batch_of(constant), entropy_config());
    CHECK(set.converged);
    CHECK(set.criterion == Criterion::entropy);
    CHECK(set.seconds_per_op.size() == EntropyCriterion::kWindow);
}

TEST_CASE("entropy: settles on noisy but stationary samples that stdrel never accepts",
          "[criterion]") {
    // +-10% uniform noise (stdrel ~5.8%, above every suite's target), and a series with 10%
    // of its samples 50% slower (a noisy VM's preemptions).
    for (const bool outliers : {false, true}) {
        Noise noise(11);
        auto noisy = [&] {
            if (outliers) {
                const double base = 1e-6 * (1.0 + 0.01 * noise.next());
                return noise.next() > 0.8 ? 1.5 * base : base;
            }
            return 1e-6 * (1.0 + 0.1 * noise.next());
        };
        const SampleSet by_entropy = run_samples(batch_of(noisy), entropy_config());
        INFO((outliers ? "outliers" : "uniform")
             << ": " << by_entropy.seconds_per_op.size() << " samples");
        CHECK(by_entropy.converged);
        CHECK(by_entropy.seconds_per_op.size() < 200);

        SamplerConfig stdrel = entropy_config();
        stdrel.criterion = Criterion::stdrel;
        stdrel.target_stdrel = 0.02;
        const SampleSet by_stdrel = run_samples(batch_of(noisy), stdrel);
        CHECK_FALSE(by_stdrel.converged);
        CHECK(by_stdrel.seconds_per_op.size() == 200);
    }
}

TEST_CASE("entropy: drifting samples do not stop early", "[criterion]") {
    // 1% slower per sample without noise, and 0.5% per sample under 1% noise: the distribution
    // keeps moving, so the entropy keeps growing about a bit per doubling.
    for (const double noise_amplitude : {0.0, 0.01}) {
        Noise noise(5);
        double i = 0;
        const double step = noise_amplitude == 0 ? 0.01 : 0.005;
        auto drift = [&] {
            i += 1;
            return 1e-6 * (1.0 + step * i) * (1.0 + noise_amplitude * noise.next());
        };
        SamplerConfig cfg = entropy_config();
        cfg.max_samples = 400;
        const SampleSet set = run_samples(batch_of(drift), cfg);
        INFO("noise " << noise_amplitude << ": stopped after " << set.seconds_per_op.size());
        CHECK_FALSE(set.converged);
        CHECK(set.seconds_per_op.size() == 400);
    }
    EntropyCriterion c;
    for (int k = 1; k <= 100; ++k) {
        c.add_measurement(1e-6 * (1.0 + 0.01 * k));
    }
    CHECK(c.bits_per_doubling() > 0.5);
}

TEST_CASE("entropy: the sampler's minimum and maximum sample counts still hold", "[criterion]") {
    auto constant = [] { return 1e-6; };
    SamplerConfig at_least = entropy_config();
    at_least.min_samples = 50; // the criterion alone would stop at kWindow
    const SampleSet many = run_samples(batch_of(constant), at_least);
    CHECK(many.converged);
    CHECK(many.seconds_per_op.size() == 50);

    double i = 0;
    auto drift = [&] { return 1e-6 * (1.0 + 0.01 * ++i); };
    SamplerConfig at_most = entropy_config();
    at_most.max_samples = 30;
    const SampleSet capped = run_samples(batch_of(drift), at_most);
    CHECK_FALSE(capped.converged);
    CHECK(capped.seconds_per_op.size() == 30);

    // A cap below the window: the criterion cannot finish, the cap ends the case.
    SamplerConfig tiny = entropy_config();
    tiny.min_samples = 2;
    tiny.max_samples = EntropyCriterion::kWindow - 1;
    const SampleSet short_set = run_samples(batch_of(constant), tiny);
    CHECK_FALSE(short_set.converged);
    CHECK(short_set.seconds_per_op.size() == EntropyCriterion::kWindow - 1);
}
