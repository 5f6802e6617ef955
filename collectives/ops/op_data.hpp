#pragma once
// Where a rank's input comes from and what its result must be, as runs of elements whose
// values come from one rank's pattern (or from the reduction over all ranks). Backends place
// these runs in their buffers (send buffer, or the in-place slot of the receive buffer).
#include "collectives/ops/coll_op.hpp"
#include "collectives/ops/op_counts.hpp"

#include <cstdint>
#include <vector>

namespace linkperf::coll {

inline constexpr int kReducedOverRanks = -1;

struct Segment {
    std::uint64_t offset = 0;     // first element in the buffer
    std::uint64_t count = 0;      // elements
    int rank = 0;                 // whose pattern values, or kReducedOverRanks
    std::uint64_t index_base = 0; // global pattern index of the first element

    bool operator==(const Segment&) const = default;
};

struct OpData {
    std::vector<Segment> input;  // what this rank sends (offsets into its input region)
    std::vector<Segment> result; // what this rank must receive (offsets into its result region)

    bool has_input() const { return !input.empty(); }
    bool has_result() const { return !result.empty(); }
    std::uint64_t result_elements() const;
};

struct RankRole {
    int rank = 0;
    int ranks = 1;
    int root = 0; // broadcast, reduce
    int peer = 1; // point-to-point: rank 0 talks to `peer`
};

// The op's data function (its entry in op_table.hpp).
OpData op_data(CollOp op, const OpCounts& counts, const RankRole& role);

} // namespace linkperf::coll
