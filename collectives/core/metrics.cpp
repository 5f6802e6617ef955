#include "collectives/core/metrics.hpp"

#include "core/units.hpp"

namespace linkperf::coll {

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
