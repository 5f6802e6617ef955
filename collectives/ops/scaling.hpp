#pragma once
// --scaling: the same sweep on 2, 4, 8, ... N ranks (N included when it is not a power of
// two), with busbw and efficiency = busbw(k ranks) / busbw(smallest rank count).
#include "collectives/ops/coll_op.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace linkperf::coll {

std::vector<int> scaling_rank_counts(int ranks);

class ScalingReport {
public:
    void add(CollOp op, bool in_place, std::uint64_t size, int ranks, double busbw);
    // busbw at `ranks` over busbw at the smallest rank count measured for the same case;
    // empty when the base is missing or zero.
    std::optional<double> efficiency(CollOp op, bool in_place, std::uint64_t size, int ranks) const;
    int base_ranks() const { return base_ranks_; }
    // One table per op and variant: size, busbw per rank count, efficiency per rank count.
    std::string text() const;

private:
    using Key = std::tuple<int, bool, std::uint64_t>; // op, in_place, size
    std::map<Key, std::map<int, double>> busbw_;
    std::vector<int> counts_;
    int base_ranks_ = 0;
};

} // namespace linkperf::coll
