#include "collectives/ops/coll_op.hpp"

#include "collectives/ops/op_facts.hpp"
#include "core/error.hpp"
#include "core/path_catalogue.hpp"

#include <algorithm>

namespace linkperf::coll {
namespace {

std::string known_names() {
    std::string s;
    for (const OpFacts& f : all_op_facts()) {
        s += (s.empty() ? "" : ", ") + std::string(f.name);
    }
    return s + ", all";
}

// `f(item)` for each non-empty item of a comma-separated list.
template <class F> void for_each_item(std::string_view list, F f) {
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        if (comma > start) {
            f(list.substr(start, comma - start));
        }
        start = comma + 1;
    }
}

void add_once(std::vector<CollOp>& ops, CollOp op) {
    if (std::find(ops.begin(), ops.end(), op) == ops.end()) {
        ops.push_back(op);
    }
}

} // namespace

const char* to_string(CollOp op) {
    return op_facts(op).name.data(); // the table's names are literals: NUL-terminated
}

std::string path_id(CollOp op) {
    return std::string(kCollectivePrefix) + to_string(op); // core/path_catalogue.hpp
}

CollOp coll_op_from_string(std::string_view name) {
    for (const OpFacts& f : all_op_facts()) {
        if (name == f.name || (!f.alias.empty() && name == f.alias)) {
            return f.op;
        }
    }
    throw usage_error("unknown operation '" + std::string(name) + "' (known: " + known_names() +
                      ")");
}

std::vector<CollOp> parse_op_list(std::string_view list) {
    std::vector<CollOp> ops;
    for_each_item(list, [&](std::string_view item) {
        if (item == "all") {
            for (const OpFacts& f : all_op_facts()) {
                add_once(ops, f.op);
            }
        } else {
            add_once(ops, coll_op_from_string(item));
        }
    });
    if (ops.empty()) {
        throw usage_error("no operation given (known: " + known_names() + ")");
    }
    return ops;
}

std::vector<CollOp> named_ops(std::string_view list) {
    std::vector<CollOp> ops;
    for_each_item(list, [&](std::string_view item) {
        if (item != "all") {
            add_once(ops, coll_op_from_string(item));
        }
    });
    return ops;
}

double bus_factor(CollOp op, int ranks) {
    return op_facts(op).bus.of(ranks);
}

} // namespace linkperf::coll
