#include "collectives/ops/op_data.hpp"

#include "collectives/ops/op_facts.hpp"

namespace linkperf::coll {

std::uint64_t OpData::result_elements() const {
    std::uint64_t n = 0;
    for (const Segment& s : result) {
        n += s.count;
    }
    return n;
}

OpData op_data(CollOp op, const OpCounts& counts, const RankRole& role) {
    return op_facts(op).data(counts, role);
}

} // namespace linkperf::coll
