#pragma once
// nccl-tests' metrics: time per op (max over ranks; min and mean kept), algbw = size / time,
// busbw = algbw x the op's bus factor. GB/s = 1e9 bytes/s.
#include "collectives/ops/coll_op.hpp"

#include <cstdint>

namespace linkperf::coll {

// nccl-tests' -a: which time over the ranks a batch reports. linkperf's default is the slowest
// rank's (the collective is done when it is); nccl-tests' default is the average.
enum class RankTime { rank0 = 0, mean = 1, min = 2, max = 3 };
const char* to_string(RankTime t); // "rank0", "avg", "min", "max"

// One op's time across the ranks that took part, in seconds.
struct RankTimes {
    double min = 0;
    double mean = 0;
    double max = 0;      // the collective's time: it is done when the slowest rank is
    double rank0 = 0;    // rank 0's
    double reported = 0; // the one -a picks (max unless asked otherwise): time, algbw, busbw
};

double pick(const RankTimes& t, RankTime which);

struct Bandwidth {
    double algbw = 0; // GB/s
    double busbw = 0; // GB/s
};

Bandwidth bandwidth(CollOp op, std::uint64_t size_bytes, int ranks, double seconds);

} // namespace linkperf::coll
