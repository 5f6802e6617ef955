#include "results_model/case_key.hpp"

#include "core/units.hpp"

#include <fmt/core.h>

namespace linkperf::reports {

CaseKey series_of(const CaseKey& key) {
    CaseKey s = key;
    s.size_bytes = 0;
    return s;
}

namespace {

std::string endpoint_label(const std::string& role, const std::string& memory) {
    if (memory.empty()) {
        return role.empty() ? "-" : role;
    }
    return fmt::format("{}({})", role.empty() ? "-" : role, memory);
}

} // namespace

std::string series_label(const CaseKey& key) {
    std::string label = key.path;
    if (!key.op.empty()) {
        label += fmt::format(" {} {} ranks:{}", key.type, key.in_place, key.ranks);
        if (!key.reduce_op.empty()) {
            label += " reduce:" + key.reduce_op;
        }
        if (key.nodes > 1) {
            label += fmt::format(" nodes:{}", key.nodes);
        }
        if (key.root >= 0) {
            label += fmt::format(" root:{}", key.root);
        }
        if (key.window > 0) {
            label += fmt::format(" window:{}", key.window);
        }
    } else {
        label += " " + endpoint_label(key.source_role, key.source_memory) + "->" +
                 endpoint_label(key.destination_role, key.destination_memory);
    }
    label += fmt::format(" threads:{}", key.threads);
    return label;
}

std::string case_label(const CaseKey& key) {
    return series_label(key) + "@" + format_size(key.size_bytes);
}

std::string key_string(const CaseKey& key) {
    return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", key.path, key.source_role,
                       key.source_memory, key.destination_role, key.destination_memory,
                       key.size_bytes, key.threads, key.op, key.ranks, key.in_place, key.type,
                       key.reduce_op, key.nodes, key.root, key.window);
}

} // namespace linkperf::reports
