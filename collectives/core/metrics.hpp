#pragma once
// nccl-tests' metrics: time per op (max over ranks; min and mean kept), algbw = size / time,
// busbw = algbw x the op's bus factor. GB/s = 1e9 bytes/s.
#include "collectives/core/coll_op.hpp"

#include <cstdint>

namespace linkperf::coll {

// One op's time across the ranks that took part, in seconds.
struct RankTimes {
    double min = 0;
    double mean = 0;
    double max = 0; // the collective's time: it is done when the slowest rank is
};

struct Bandwidth {
    double algbw = 0; // GB/s
    double busbw = 0; // GB/s
};

Bandwidth bandwidth(CollOp op, std::uint64_t size_bytes, int ranks, double seconds);

} // namespace linkperf::coll
