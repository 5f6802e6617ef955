#include "collectives/ops/metrics.hpp"

#include "core/units.hpp"

namespace linkperf::coll {

const char* to_string(RankTime t) {
    switch (t) {
    case RankTime::rank0:
        return "rank0";
    case RankTime::mean:
        return "avg";
    case RankTime::min:
        return "min";
    case RankTime::max:
        return "max";
    }
    return "max";
}

double pick(const RankTimes& t, RankTime which) {
    switch (which) {
    case RankTime::rank0:
        return t.rank0;
    case RankTime::mean:
        return t.mean;
    case RankTime::min:
        return t.min;
    case RankTime::max:
        return t.max;
    }
    return t.max;
}

Bandwidth bandwidth(CollOp op, std::uint64_t size_bytes, int ranks, double seconds) {
    Bandwidth b;
    if (seconds <= 0) {
        return b;
    }
    b.algbw = to_gbps(static_cast<double>(size_bytes), seconds);
    b.busbw = b.algbw * bus_factor(op, ranks);
    return b;
}

} // namespace linkperf::coll
