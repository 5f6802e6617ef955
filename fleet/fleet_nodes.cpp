#include "fleet/fleet_nodes.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>

namespace linkperf::reports {

const NodeCase* FleetNode::find(std::uint32_t case_index) const {
    auto it = std::lower_bound(cases.begin(), cases.end(), case_index,
                               [](const NodeCase& c, std::uint32_t i) { return c.case_index < i; });
    return it != cases.end() && it->case_index == case_index ? &*it : nullptr;
}

std::string node_name_from_file(const std::string& file) {
    std::filesystem::path p(file);
    std::string stem = p.extension() == ".json" ? p.stem().string() : p.filename().string();
    return stem.empty() ? file : stem;
}

std::uint32_t FleetNodes::intern(const CaseResult& c) {
    auto [it, added] = index_.try_emplace(c.key, static_cast<std::uint32_t>(cases_.size()));
    if (added) {
        cases_.push_back(FleetCase{c.key, c.metric, c.unit, c.higher_is_better});
    }
    return it->second;
}

void FleetNodes::add(const Run& run, NodeNaming naming, std::string* replaced) {
    FleetNode node;
    node.file = run.info.file;
    node.name = naming == NodeNaming::file || run.info.hostname.empty()
                    ? node_name_from_file(run.info.file)
                    : run.info.hostname;
    node.date = run.info.date;
    node.host = host_type_of(run.info);
    node.complete = run.info.complete;
    node.cases.reserve(run.cases.size());
    for (const CaseResult& c : run.cases) {
        NodeCase nc;
        nc.case_index = intern(c);
        nc.status = c.status;
        nc.median = c.stats.median;
        nc.link = c.link;
        nc.throttled = c.throttled;
        nc.contended = c.contended;
        std::size_t passes = 0;
        std::string why;
        for (const std::string& w : c.run_contended) {
            passes += w.empty() ? 0 : 1;
            why = why.empty() ? w : why;
        }
        if (passes > 0) {
            nc.contended =
                fmt::format("{} of {} measured passes: {}", passes, c.run_contended.size(), why);
        }
        if (c.status == CaseStatus::failed) {
            nc.error = c.error;
        }
        node.cases.push_back(std::move(nc));
    }
    std::sort(node.cases.begin(), node.cases.end(),
              [](const NodeCase& a, const NodeCase& b) { return a.case_index < b.case_index; });
    keep(std::move(node), replaced);
}

void FleetNodes::add_unreadable(const std::string& file, const std::string& why) {
    FleetNode node;
    node.file = file;
    node.name = node_name_from_file(file);
    node.unreadable = why;
    keep(std::move(node), nullptr);
}

void FleetNodes::keep(FleetNode node, std::string* replaced) {
    auto [it, added] = by_name_.try_emplace(node.name, nodes_.size());
    if (added) {
        nodes_.push_back(std::move(node));
        return;
    }
    FleetNode& old = nodes_[it->second];
    // ISO 8601 dates order as text; an unreadable file never replaces a readable one.
    const bool newer =
        node.unreadable.empty() && (!old.unreadable.empty() || node.date >= old.date);
    if (replaced != nullptr) {
        *replaced = newer ? old.file : node.file;
    }
    if (newer) {
        old = std::move(node);
    }
}

} // namespace linkperf::reports
