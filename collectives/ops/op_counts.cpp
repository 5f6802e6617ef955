#include "collectives/ops/op_counts.hpp"

#include "collectives/ops/op_facts.hpp"
#include "core/error.hpp"
#include "core/units.hpp"

#include <string>

namespace linkperf::coll {

std::uint64_t size_multiple(CollOp op, DataType type, int ranks) {
    const std::uint64_t e = element_size(type);
    return op_facts(op).layout.split ? e * static_cast<std::uint64_t>(ranks) : e;
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
    const Layout layout = op_facts(op).layout;
    const std::uint64_t e = element_size(type);
    const std::uint64_t multiple = size_multiple(op, type, ranks);
    if (size_bytes == 0 || size_bytes % multiple != 0) {
        std::string why = layout.split
                              ? std::to_string(ranks) + " ranks x " + std::to_string(e) + " B (" +
                                    to_string(type) + ")"
                              : std::to_string(e) + " B (" + std::string(to_string(type)) + ")";
        throw usage_error(std::string(to_string(op)) + " cannot run at " +
                          std::to_string(size_bytes) + " B: sizes must be a non-zero multiple of " +
                          std::to_string(multiple) + " B = " + why + "; try -b " +
                          format_size(multiple));
    }
    const std::uint64_t total = size_bytes / e;
    OpCounts c;
    c.size_bytes = size_bytes;
    c.block = layout.split ? total / static_cast<std::uint64_t>(ranks) : total;
    c.count = c.block;
    c.send = layout.send == Extent::block ? c.block : total;
    c.recv = layout.recv == Extent::block ? c.block : total;
    return c;
}

} // namespace linkperf::coll
