#include "collectives/core/op_data.hpp"

namespace linkperf::coll {

std::uint64_t OpData::result_elements() const {
    std::uint64_t n = 0;
    for (const Segment& s : result) {
        n += s.count;
    }
    return n;
}

OpData op_data(CollOp op, const OpCounts& c, const RankRole& role) {
    const int r = role.rank;
    const int n = role.ranks;
    const std::uint64_t rr = static_cast<std::uint64_t>(r);
    OpData d;
    switch (op) {
    case CollOp::all_reduce:
        d.input = {{0, c.send, r, 0}};
        d.result = {{0, c.recv, kReducedOverRanks, 0}};
        break;
    case CollOp::reduce:
        d.input = {{0, c.send, r, 0}};
        if (r == role.root) {
            d.result = {{0, c.recv, kReducedOverRanks, 0}};
        }
        break;
    case CollOp::reduce_scatter:
        d.input = {{0, c.send, r, 0}};
        d.result = {{0, c.recv, kReducedOverRanks, rr * c.block}};
        break;
    case CollOp::all_gather:
        // Indexes are positions in the gathered output, so block j holds rank j's run.
        d.input = {{0, c.send, r, rr * c.block}};
        for (int j = 0; j < n; ++j) {
            const std::uint64_t at = static_cast<std::uint64_t>(j) * c.block;
            d.result.push_back({at, c.block, j, at});
        }
        break;
    case CollOp::alltoall:
        // Block j of a rank's input goes to rank j; block j of its output came from rank j.
        d.input = {{0, c.send, r, 0}};
        for (int j = 0; j < n; ++j) {
            const std::uint64_t at = static_cast<std::uint64_t>(j) * c.block;
            d.result.push_back({at, c.block, j, rr * c.block});
        }
        break;
    case CollOp::broadcast:
        if (r == role.root) {
            d.input = {{0, c.send, r, 0}};
        }
        d.result = {{0, c.recv, role.root, 0}};
        break;
    case CollOp::sendrecv:
        d.input = {{0, c.send, r, 0}};
        d.result = {{0, c.recv, (r + n - 1) % n, 0}};
        break;
    case CollOp::p2p_latency:
        // Ping-pong: both sides send their own data and check what came back from the other.
        if (r == 0 || r == role.peer) {
            const int other = r == 0 ? role.peer : 0;
            d.input = {{0, c.send, r, 0}};
            d.result = {{0, c.recv, other, 0}};
        }
        break;
    case CollOp::p2p_bw:
        if (r == 0) {
            d.input = {{0, c.send, r, 0}};
        } else if (r == role.peer) {
            d.result = {{0, c.recv, 0, 0}};
        }
        break;
    }
    return d;
}

} // namespace linkperf::coll
