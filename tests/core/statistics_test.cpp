#include "core/sampler.hpp"
#include "core/statistics.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

using namespace linkperf;

namespace {

// Samples that are the batch's own seconds (no batching up to a minimum sample time, no
// warm-up) under a criterion that never ends the sampling early.
SamplerConfig exact_config(std::size_t min_samples, std::size_t max_samples, double max_seconds) {
    SamplerConfig cfg;
    cfg.min_sample_seconds = 0;
    cfg.warmup_samples = 0;
    cfg.min_samples = min_samples;
    cfg.max_samples = max_samples;
    cfg.max_seconds = max_seconds;
    cfg.target_stdrel = 1e-9;
    return cfg;
}

} // namespace

TEST_CASE("statistics of a known sample set", "[stats]") {
    // Values checked against numpy: np.percentile(x, [5, 50, 95]), np.std(x, ddof=1).
    const std::vector<double> x{4, 1, 3, 2, 5, 10, 6, 7, 9, 8};
    const Statistics s = summarize(x);
    CHECK(s.count == 10);
    CHECK(s.min == 1);
    CHECK(s.max == 10);
    CHECK(s.mean == Approx(5.5));
    CHECK(s.median == Approx(5.5));
    CHECK(s.p5 == Approx(1.45));
    CHECK(s.p95 == Approx(9.55));
    CHECK(s.stddev == Approx(3.0276503540974917));
    CHECK(s.stdrel == Approx(3.0276503540974917 / 5.5));
}

TEST_CASE("statistics of degenerate sets", "[stats]") {
    CHECK(summarize(std::vector<double>{}).count == 0);
    const Statistics one = summarize(std::vector<double>{3.0});
    CHECK(one.median == 3.0);
    CHECK(one.stddev == 0.0);
    CHECK(one.p5 == 3.0);
}

TEST_CASE("sampler calibrates the batch and stops when the spread converges", "[sampler]") {
    SamplerConfig cfg;
    cfg.min_sample_seconds = 1e-3;
    cfg.min_samples = 5;
    cfg.target_stdrel = 0.01;
    std::uint64_t calls = 0;
    // A perfectly steady operation of 1 us: needs ~1000 ops per sample.
    const auto set = run_samples(
        [&](std::uint64_t reps) {
            ++calls;
            return static_cast<double>(reps) * 1e-6;
        },
        cfg);
    CHECK(set.reps_per_sample >= 1000);
    CHECK(set.converged);
    CHECK(set.seconds_per_op.size() == 5);
    for (const double s : set.seconds_per_op) {
        CHECK(s == Approx(1e-6));
    }
    CHECK(calls > 5 + cfg.warmup_samples);
}

TEST_CASE("sampler stops at the time cap when the spread stays high", "[sampler]") {
    SamplerConfig cfg;
    cfg.min_sample_seconds = 1e-6;
    cfg.min_samples = 4;
    cfg.max_samples = 1000;
    cfg.max_seconds = 0.05;
    cfg.target_stdrel = 0.001;
    std::uint64_t i = 0;
    const auto set = run_samples(
        [&](std::uint64_t reps) { return static_cast<double>(reps) * ((++i % 2) ? 1e-3 : 3e-3); },
        cfg);
    CHECK_FALSE(set.converged);
    CHECK(set.seconds_per_op.size() >= 4);
    CHECK(set.seconds_per_op.size() < 1000);
}

TEST_CASE("sampler stops below min_samples only at min_samples_past_time once the cap is spent",
          "[sampler]") {
    SamplerConfig cfg = exact_config(3, 30, 0.15);
    // Samples of 0.08 s each (a 256 MiB copy): two spend the 0.15 s share.
    const auto slow = [](std::uint64_t reps) { return static_cast<double>(reps) * 0.08; };
    CHECK(run_samples(slow, cfg).seconds_per_op.size() == 3);
    cfg.min_samples_past_time = 2;
    CHECK(run_samples(slow, cfg).seconds_per_op.size() == 2);
    // Short samples never stop below min_samples: the floor applies only past the cap.
    std::uint64_t i = 0;
    const auto fast = [&i](std::uint64_t reps) {
        return static_cast<double>(reps) * ((++i % 2) ? 1e-3 : 3e-3);
    };
    CHECK(run_samples(fast, cfg).seconds_per_op.size() == 30);
}

TEST_CASE("sampler stops when the caller's own clock says its time is up", "[sampler]") {
    SamplerConfig cfg = exact_config(3, 50, 1e9);
    int batches = 0;
    cfg.out_of_time = [&] { return batches >= 7; };
    std::uint64_t i = 0;
    const auto set = run_samples(
        [&](std::uint64_t reps) {
            ++batches;
            return static_cast<double>(reps) * ((++i % 2) ? 1e-6 : 3e-6);
        },
        cfg);
    CHECK_FALSE(set.converged);
    CHECK(batches == 7); // the calibration sample and six timed ones
    CHECK(set.seconds_per_op.size() == 6);
}
