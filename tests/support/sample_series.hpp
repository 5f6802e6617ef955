#pragma once
// Synthetic sample series for the sampler and criterion tests: deterministic noise and a batch
// whose time per operation is the next value of a series.
#include "core/sampler.hpp"

#include <cstdint>
#include <random>

namespace linkperf::testing {

// Deterministic noise in [-1, 1): mt19937_64's output is fixed by the standard, unlike the
// library's distributions, so every platform sees the same series.
class Noise {
public:
    explicit Noise(std::uint64_t seed) : rng_(seed) {}
    double next() { return static_cast<double>(rng_() >> 11) * 0x1p-52 - 1.0; }

private:
    std::mt19937_64 rng_;
};

// A batch whose per-operation time is the next value of `series` (seconds).
template <typename Series> BatchFn batch_of(Series& series) {
    return [&series](std::uint64_t reps) { return series() * static_cast<double>(reps); };
}

} // namespace linkperf::testing
