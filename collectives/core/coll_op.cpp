#include "collectives/core/coll_op.hpp"

#include "collectives/core/op_facts.hpp"
#include "core/error.hpp"

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
    return std::string("coll.") + to_string(op);
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
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const std::string_view item = list.substr(start, comma - start);
        if (item == "all") {
            for (const OpFacts& f : all_op_facts()) {
                add_once(ops, f.op);
            }
        } else if (!item.empty()) {
            add_once(ops, coll_op_from_string(item));
        }
        start = comma + 1;
    }
    if (ops.empty()) {
        throw usage_error("no operation given (known: " + known_names() + ")");
    }
    return ops;
}

double bus_factor(CollOp op, int ranks) {
    return op_facts(op).bus.of(ranks);
}

} // namespace linkperf::coll
