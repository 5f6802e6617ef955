#pragma once
// Seeded test data with exact expected results. Rank r's value at global element index i is
// (h(seed, i) + r) mod m: a small integer that every type holds exactly, different on every
// rank, and whose sum, product, min or max over n ranks depends only on h, so a check costs
// O(1) per element at any rank count. m is a power of two (at most 16) small enough that the
// sum (product) over all ranks stays exact in the type.
#include "collectives/ops/data_type.hpp"

#include <cstdint>
#include <vector>

namespace linkperf::coll {

class TestPattern {
public:
    TestPattern(std::uint64_t seed, int ranks, DataType type, ReduceOp reduce);

    std::uint64_t range() const { return mask_ + 1; } // m
    int ranks() const { return ranks_; }
    ReduceOp reduce() const { return reduce_; }

    std::uint64_t value(int rank, std::uint64_t index) const {
        return (base(index) + static_cast<std::uint64_t>(rank)) & mask_;
    }
    // The value every rank's element `index` reduces to over all ranks.
    std::uint64_t reduced(std::uint64_t index) const;

private:
    std::uint64_t base(std::uint64_t index) const;

    std::uint64_t seed_ = 0;
    int ranks_ = 1;
    ReduceOp reduce_ = ReduceOp::sum;
    std::uint64_t mask_ = 15;
    std::vector<std::uint64_t> reduced_by_base_; // reduced value for each h in [0, m)
};

// A seed that differs for every op, size, in-place flag and cycle, so data left over from an
// earlier case never passes a check by accident.
std::uint64_t case_seed(std::uint64_t user_seed, int op, std::uint64_t size_bytes, bool in_place,
                        std::uint64_t cycle);

} // namespace linkperf::coll
