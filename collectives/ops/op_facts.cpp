#include "collectives/ops/op_facts.hpp"

#include "collectives/ops/op_table.hpp"

#include <array>
#include <cstddef>
#include <utility>

namespace linkperf::coll {
namespace {

constexpr std::array<OpFacts, kOpCount> kFacts = []<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<OpFacts, kOpCount>{std::get<I>(kOpTable).facts...};
}
(std::make_index_sequence<kOpCount>{});

// CollOp indexes the table: its enumerators and the entries must be in the same order.
constexpr bool in_enum_order() {
    for (std::size_t i = 0; i < kFacts.size(); ++i) {
        if (static_cast<std::size_t>(kFacts[i].op) != i) {
            return false;
        }
    }
    return true;
}
static_assert(in_enum_order(), "op_table.hpp: entry i must be the op with CollOp value i");
static_assert(kOpCount == static_cast<std::size_t>(CollOp::op_count),
              "op_table.hpp: every CollOp needs its entry (and no entry without an enumerator)");

} // namespace

const OpFacts& op_facts(CollOp op) {
    return kFacts.at(static_cast<std::size_t>(op));
}

std::span<const OpFacts> all_op_facts() {
    return kFacts;
}

std::string bytes_counted(const OpFacts& f) {
    if (f.metric == Metric::latency) {
        return "one-way time of a message: round trip / 2 (ping-pong)";
    }
    if (f.bus.formula == "1") {
        return "busbw = size / time (nccl-tests)";
    }
    return "busbw = size / time x " + std::string(f.bus.formula) + " (nccl-tests)";
}

double ops_per_call(const OpFacts& f, unsigned window) {
    switch (f.timing) {
    case Timing::per_call:
        return 1;
    case Timing::ping_pong:
        return 2;
    case Timing::per_message:
        return window;
    }
    return 1;
}

} // namespace linkperf::coll
