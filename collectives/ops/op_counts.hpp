#pragma once
// How many elements each rank sends and receives for an op at a size, with nccl-tests'
// meaning of size: the larger of a rank's send and receive bytes (all_gather: the gathered
// output; reduce_scatter: the input being scattered).
#include "collectives/ops/coll_op.hpp"
#include "collectives/ops/data_type.hpp"

#include <cstdint>

namespace linkperf::coll {

struct OpCounts {
    std::uint64_t size_bytes = 0; // nccl-tests' size column
    std::uint64_t count = 0;      // nccl-tests' count column: elements per call argument
    std::uint64_t send = 0;       // elements a rank sends
    std::uint64_t recv = 0;       // elements a rank receives
    std::uint64_t block = 0;      // elements per rank block (all_gather, reduce_scatter, alltoall)
};

// Throws Error(usage) naming the op, size and the multiple it needs when the size is
// zero, not a whole number of elements, or (for ops split across ranks) not divisible by
// ranks x element size.
OpCounts op_counts(CollOp op, std::uint64_t size_bytes, DataType type, int ranks);

// The smallest size (bytes) that op_counts accepts for the op: the multiple sizes must keep.
std::uint64_t size_multiple(CollOp op, DataType type, int ranks);

// The size an op runs at when asked for `size_bytes` (> 0), as nccl-tests does: rounded down
// to a whole number of elements (per rank block for ops split across ranks), and up to that
// multiple when it would round to nothing.
std::uint64_t rounded_size(CollOp op, std::uint64_t size_bytes, DataType type, int ranks);

} // namespace linkperf::coll
