#pragma once
// Shared by the tests that measure a case here: a short sampler and the checks every measured
// case must pass.
#include "core/measurement.hpp"
#include "core/sampler.hpp"

#include <catch2/catch.hpp>

#include <cmath>

namespace linkperf::testing {

// Short: these tests check behaviour, not performance.
inline SamplerConfig quick_sampler(std::size_t max_samples = 5) {
    SamplerConfig s;
    s.min_samples = 3;
    s.max_samples = max_samples;
    s.max_seconds = 0.05;
    s.warmup_samples = 1;
    return s;
}

// Measured, data and placement verified, every sample a positive finite time.
inline void check_measured_ok(const Measurement& m) {
    INFO(m.test_case.name() << ": " << m.error << " / " << m.placement.detail);
    CHECK(m.status == CaseStatus::ok);
    CHECK(m.data_verified);
    CHECK(m.placement.verified);
    REQUIRE_FALSE(m.samples.empty());
    for (const double s : m.samples) {
        CHECK(std::isfinite(s));
        CHECK(s > 0);
    }
}

} // namespace linkperf::testing
