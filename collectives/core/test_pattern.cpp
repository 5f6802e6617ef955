#include "collectives/core/test_pattern.hpp"

namespace linkperf::coll {
namespace {

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// Largest power of two m <= 16 with (m - 1) * ranks <= limit, so the sum stays exact.
std::uint64_t range_for(DataType type, ReduceOp reduce, int ranks) {
    std::uint64_t m = 16;
    if (reduce == ReduceOp::sum) {
        const std::uint64_t limit = exact_integer_limit(type);
        while (m > 1 && (m - 1) * static_cast<std::uint64_t>(ranks) > limit) {
            m /= 2;
        }
    }
    return m;
}

} // namespace

TestPattern::TestPattern(std::uint64_t seed, int ranks, DataType type, ReduceOp reduce)
    : seed_(splitmix64(seed)), ranks_(ranks), reduce_(reduce),
      mask_(range_for(type, reduce, ranks) - 1) {
    const std::uint64_t m = mask_ + 1;
    const std::uint64_t n = static_cast<std::uint64_t>(ranks);
    reduced_by_base_.resize(m);
    for (std::uint64_t h = 0; h < m; ++h) {
        std::uint64_t r = 0;
        if (reduce_ == ReduceOp::sum) {
            // n = q*m + t: every residue appears q times, then h, h+1, ... for t more ranks.
            const std::uint64_t q = n / m;
            const std::uint64_t t = n % m;
            r = q * (m * (m - 1) / 2);
            for (std::uint64_t j = 0; j < t; ++j) {
                r += (h + j) & mask_;
            }
        } else {
            // h, h+1, ..., h+n-1 (mod m): m-1 is among them once they reach or wrap past it.
            r = (n >= m || h + n - 1 >= m) ? m - 1 : h + n - 1;
        }
        reduced_by_base_[h] = r;
    }
}

std::uint64_t TestPattern::base(std::uint64_t index) const {
    return splitmix64(seed_ ^ index) & mask_;
}

std::uint64_t TestPattern::reduced(std::uint64_t index) const {
    return reduced_by_base_[base(index)];
}

std::uint64_t case_seed(std::uint64_t user_seed, int op, std::uint64_t size_bytes, bool in_place,
                        std::uint64_t cycle) {
    std::uint64_t s = splitmix64(user_seed);
    s = splitmix64(s ^ static_cast<std::uint64_t>(op));
    s = splitmix64(s ^ size_bytes);
    s = splitmix64(s ^ (in_place ? 1u : 0u));
    return splitmix64(s ^ cycle);
}

} // namespace linkperf::coll
