#include "collectives/core/coll_op.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <utility>

namespace linkperf::coll {
namespace {

constexpr std::array<std::pair<CollOp, const char*>, 9> kNames{{
    {CollOp::all_reduce, "all_reduce"},
    {CollOp::all_gather, "all_gather"},
    {CollOp::reduce_scatter, "reduce_scatter"},
    {CollOp::broadcast, "broadcast"},
    {CollOp::reduce, "reduce"},
    {CollOp::alltoall, "alltoall"},
    {CollOp::sendrecv, "sendrecv"},
    {CollOp::p2p_latency, "p2p.latency"},
    {CollOp::p2p_bw, "p2p.bw"},
}};

std::string known_names() {
    std::string s;
    for (const auto& [op, name] : kNames) {
        s += (s.empty() ? "" : ", ") + std::string(name);
    }
    return s + ", all";
}

} // namespace

const char* to_string(CollOp op) {
    for (const auto& [o, name] : kNames) {
        if (o == op) {
            return name;
        }
    }
    return "unknown";
}

std::string path_id(CollOp op) {
    return std::string("coll.") + to_string(op);
}

CollOp coll_op_from_string(std::string_view name) {
    for (const auto& [op, n] : kNames) {
        if (name == n) {
            return op;
        }
    }
    // nccl-tests binary names (all_reduce_perf) and the spellings without underscore.
    if (name == "allreduce") {
        return CollOp::all_reduce;
    }
    if (name == "allgather") {
        return CollOp::all_gather;
    }
    if (name == "reducescatter") {
        return CollOp::reduce_scatter;
    }
    throw usage_error("unknown operation '" + std::string(name) + "' (known: " + known_names() +
                      ")");
}

std::vector<CollOp> parse_op_list(std::string_view list) {
    std::vector<CollOp> ops;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const std::string_view item = list.substr(start, comma - start);
        if (item == "all") {
            for (const CollOp op : kAllOps) {
                if (std::find(ops.begin(), ops.end(), op) == ops.end()) {
                    ops.push_back(op);
                }
            }
        } else if (!item.empty()) {
            const CollOp op = coll_op_from_string(item);
            if (std::find(ops.begin(), ops.end(), op) == ops.end()) {
                ops.push_back(op);
            }
        }
        start = comma + 1;
    }
    if (ops.empty()) {
        throw usage_error("no operation given (known: " + known_names() + ")");
    }
    return ops;
}

bool is_reduction(CollOp op) {
    return op == CollOp::all_reduce || op == CollOp::reduce_scatter || op == CollOp::reduce;
}

bool has_root(CollOp op) {
    return op == CollOp::broadcast || op == CollOp::reduce;
}

bool is_point_to_point(CollOp op) {
    return op == CollOp::p2p_latency || op == CollOp::p2p_bw;
}

bool reports_latency(CollOp op) {
    return op == CollOp::p2p_latency;
}

bool has_in_place(CollOp op) {
    return !is_point_to_point(op);
}

double bus_factor(CollOp op, int ranks) {
    const double n = ranks;
    switch (op) {
    case CollOp::all_reduce:
        return 2.0 * (n - 1) / n;
    case CollOp::all_gather:
    case CollOp::reduce_scatter:
    case CollOp::alltoall:
        return (n - 1) / n;
    case CollOp::broadcast:
    case CollOp::reduce:
    case CollOp::sendrecv:
    case CollOp::p2p_latency:
    case CollOp::p2p_bw:
        return 1.0;
    }
    return 1.0;
}

} // namespace linkperf::coll
