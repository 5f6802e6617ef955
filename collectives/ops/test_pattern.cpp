#include "collectives/ops/test_pattern.hpp"

namespace linkperf::coll {
namespace {

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// Whether (m - 1)^ranks <= limit: a product over all ranks stays exact.
bool product_fits(std::uint64_t m, int ranks, std::uint64_t limit) {
    std::uint64_t p = 1;
    for (int r = 0; r < ranks && p > 0 && m > 1; ++r) {
        if (p > limit / (m - 1)) {
            return false;
        }
        p *= m - 1;
    }
    return true;
}

// Largest power of two m <= 16 such that the sum (or product) over all ranks stays exact.
std::uint64_t range_for(DataType type, ReduceOp reduce, int ranks) {
    std::uint64_t m = 16;
    const std::uint64_t limit = exact_integer_limit(type);
    if (reduce == ReduceOp::sum || reduce == ReduceOp::avg) {
        while (m > 1 && (m - 1) * static_cast<std::uint64_t>(ranks) > limit) {
            m /= 2;
        }
    } else if (reduce == ReduceOp::prod) {
        while (m > 2 && !product_fits(m, ranks, limit)) {
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
        if (reduce_ == ReduceOp::sum || reduce_ == ReduceOp::avg) {
            // n = q*m + t: every residue appears q times, then h, h+1, ... for t more ranks.
            // (avg runs unchecked, -c 0: its expected values are never compared.)
            const std::uint64_t q = n / m;
            const std::uint64_t t = n % m;
            r = q * (m * (m - 1) / 2);
            for (std::uint64_t j = 0; j < t; ++j) {
                r += (h + j) & mask_;
            }
        } else if (reduce_ == ReduceOp::prod) {
            // h, h+1, ... (mod m) over n ranks: 0 once they reach or wrap past it.
            r = 1;
            for (std::uint64_t j = 0; j < n && r != 0; ++j) {
                r *= (h + j) & mask_;
            }
        } else if (reduce_ == ReduceOp::min) {
            // 0 is among h, h+1, ..., h+n-1 (mod m) once they wrap past m-1.
            r = (n >= m || h + n - 1 >= m) ? 0 : h;
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
