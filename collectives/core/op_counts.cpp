#include "collectives/core/op_counts.hpp"

#include "core/error.hpp"
#include "core/units.hpp"

#include <string>

namespace linkperf::coll {
namespace {

bool split_across_ranks(CollOp op) {
    return op == CollOp::all_gather || op == CollOp::reduce_scatter || op == CollOp::alltoall;
}

} // namespace

std::uint64_t size_multiple(CollOp op, DataType type, int ranks) {
    const std::uint64_t e = element_size(type);
    return split_across_ranks(op) ? e * static_cast<std::uint64_t>(ranks) : e;
}

std::uint64_t rounded_size(CollOp op, std::uint64_t size_bytes, DataType type, int ranks) {
    if (ranks < 1) {
        throw usage_error("an operation needs at least one rank");
    }
    const std::uint64_t multiple = size_multiple(op, type, ranks);
    const std::uint64_t down = size_bytes / multiple * multiple;
    return down > 0 ? down : multiple;
}

OpCounts op_counts(CollOp op, std::uint64_t size_bytes, DataType type, int ranks) {
    if (ranks < 1) {
        throw usage_error("an operation needs at least one rank");
    }
    const std::uint64_t e = element_size(type);
    const std::uint64_t multiple = size_multiple(op, type, ranks);
    if (size_bytes == 0 || size_bytes % multiple != 0) {
        std::string why = split_across_ranks(op)
                              ? std::to_string(ranks) + " ranks x " + std::to_string(e) + " B (" +
                                    to_string(type) + ")"
                              : std::to_string(e) + " B (" + std::string(to_string(type)) + ")";
        throw usage_error(std::string(to_string(op)) + " cannot run at " +
                          std::to_string(size_bytes) + " B: sizes must be a non-zero multiple of " +
                          std::to_string(multiple) + " B = " + why + "; try -b " +
                          format_size(multiple));
    }
    const std::uint64_t total = size_bytes / e;
    const std::uint64_t n = static_cast<std::uint64_t>(ranks);
    OpCounts c;
    c.size_bytes = size_bytes;
    switch (op) {
    case CollOp::all_gather:
        c.block = total / n;
        c.count = c.block;
        c.send = c.block;
        c.recv = total;
        break;
    case CollOp::reduce_scatter:
        c.block = total / n;
        c.count = c.block;
        c.send = total;
        c.recv = c.block;
        break;
    case CollOp::alltoall:
        c.block = total / n;
        c.count = c.block;
        c.send = total;
        c.recv = total;
        break;
    case CollOp::all_reduce:
    case CollOp::broadcast:
    case CollOp::reduce:
    case CollOp::sendrecv:
    case CollOp::p2p_latency:
    case CollOp::p2p_bw:
        c.block = total;
        c.count = total;
        c.send = total;
        c.recv = total;
        break;
    }
    return c;
}

} // namespace linkperf::coll
