#include "fleet/fleet_analysis.hpp"

#include "results_model/text_escape.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace linkperf::reports {
namespace {

auto link_key(const LinkFacts& l) {
    return std::tie(l.type, l.generation, l.width);
}

std::optional<LinkFacts> usual_link(const std::vector<const LinkFacts*>& links) {
    std::map<std::tuple<std::string, int, int>, std::pair<int, const LinkFacts*>> counts;
    for (const LinkFacts* l : links) {
        auto& [n, first] = counts[link_key(*l)];
        first = first == nullptr ? l : first;
        ++n;
    }
    const LinkFacts* best = nullptr;
    int most = 0;
    for (const auto& [key, entry] : counts) {
        if (entry.first > most) {
            most = entry.first;
            best = entry.second;
        }
    }
    return best != nullptr ? std::optional<LinkFacts>(*best) : std::nullopt;
}

std::string link_state(int generation, int width, bool with_generation, bool with_width) {
    std::string s;
    if (with_generation && generation > 0) {
        s += fmt::format("gen{}", generation);
    }
    if (with_width && width > 0) {
        s += fmt::format("{}x{}", s.empty() ? "" : " ", width);
    }
    return s;
}

int verdict_rank(NodeVerdict v) {
    switch (v) {
    case NodeVerdict::outlier:
        return 0;
    case NodeVerdict::failed:
        return 1;
    case NodeVerdict::incomplete:
        return 2;
    case NodeVerdict::ok:
        break;
    }
    return 3;
}

double severity(const NodeAssessment& a) {
    if (!a.outliers.empty()) {
        return a.outliers.front().dev.slowdown;
    }
    return a.worst ? a.worst->dev.slowdown : 1.0;
}

} // namespace

const char* to_string(NodeVerdict v) {
    switch (v) {
    case NodeVerdict::ok:
        return "ok";
    case NodeVerdict::outlier:
        return "outlier";
    case NodeVerdict::failed:
        return "failed";
    case NodeVerdict::incomplete:
        return "incomplete";
    }
    return "ok";
}

std::optional<NodeVerdict> node_verdict_from_string(std::string_view text) {
    for (NodeVerdict v :
         {NodeVerdict::ok, NodeVerdict::outlier, NodeVerdict::failed, NodeVerdict::incomplete}) {
        if (text == to_string(v)) {
            return v;
        }
    }
    return std::nullopt;
}

const GroupCase* FleetGroup::find(std::uint32_t case_index) const {
    auto it =
        std::lower_bound(cases.begin(), cases.end(), case_index,
                         [](const GroupCase& c, std::uint32_t i) { return c.case_index < i; });
    return it != cases.end() && it->case_index == case_index ? &*it : nullptr;
}

std::size_t FleetAnalysis::count(NodeVerdict v) const {
    return static_cast<std::size_t>(std::count_if(
        assessed.begin(), assessed.end(), [v](const NodeAssessment& a) { return a.verdict == v; }));
}

std::vector<std::size_t> FleetAnalysis::by_severity() const {
    std::vector<std::size_t> order(nodes.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        const NodeAssessment& a = assessed[x];
        const NodeAssessment& b = assessed[y];
        if (verdict_rank(a.verdict) != verdict_rank(b.verdict)) {
            return verdict_rank(a.verdict) < verdict_rank(b.verdict);
        }
        if (severity(a) != severity(b)) {
            return severity(a) > severity(b);
        }
        return nodes[x].name < nodes[y].name;
    });
    return order;
}

std::string link_note(const std::optional<LinkFacts>& node, const std::optional<LinkFacts>& usual) {
    if (!node || node->width <= 0) {
        return {};
    }
    if (usual && usual->type == node->type && usual->width > 0 &&
        (usual->width != node->width || usual->generation != node->generation)) {
        const bool gen = usual->generation != node->generation;
        const bool width = usual->width != node->width;
        return fmt::format("link {} instead of {}",
                           link_state(node->generation, node->width, gen, width),
                           link_state(usual->generation, usual->width, gen, width));
    }
    if (node->max_width > node->width || node->max_generation > node->generation) {
        return fmt::format("link {} (can do {})",
                           link_state(node->generation, node->width, true, true),
                           link_state(node->max_generation, node->max_width, true, true));
    }
    return {};
}

FleetAnalysis analyze_fleet(FleetNodes&& nodes, const Run* baseline, const OutlierLimits& limits) {
    FleetAnalysis a;
    a.limits = limits;
    a.cases = nodes.cases();
    a.nodes = std::move(nodes.nodes());
    a.assessed.resize(a.nodes.size());
    if (baseline != nullptr) {
        a.baseline = baseline->info.label.empty() ? baseline->info.file : baseline->info.label;
    }

    // Groups by host type; a file that could not be read belongs to none.
    std::map<HostType, std::size_t> group_of;
    for (std::size_t i = 0; i < a.nodes.size(); ++i) {
        if (!a.nodes[i].unreadable.empty()) {
            continue;
        }
        group_of.try_emplace(a.nodes[i].host, 0);
    }
    for (auto& [host, index] : group_of) {
        index = a.groups.size();
        a.groups.push_back(FleetGroup{host, {}, {}});
    }
    for (std::size_t i = 0; i < a.nodes.size(); ++i) {
        if (a.nodes[i].unreadable.empty()) {
            a.assessed[i].group = group_of.at(a.nodes[i].host);
            a.groups[a.assessed[i].group].nodes.push_back(i);
        }
    }

    // Per group and case: the distribution of the medians of the nodes that measured it.
    for (FleetGroup& g : a.groups) {
        std::vector<std::vector<double>> values(a.cases.size());
        std::vector<std::vector<const LinkFacts*>> links(a.cases.size());
        std::vector<std::size_t> present(a.cases.size(), 0);
        for (std::size_t n : g.nodes) {
            for (const NodeCase& c : a.nodes[n].cases) {
                ++present[c.case_index];
                if (c.status != CaseStatus::ok) {
                    continue;
                }
                values[c.case_index].push_back(c.median);
                if (c.link) {
                    links[c.case_index].push_back(&*c.link);
                }
            }
        }
        for (std::uint32_t ci = 0; ci < a.cases.size(); ++ci) {
            if (values[ci].empty()) {
                continue;
            }
            GroupCase gc;
            gc.case_index = ci;
            gc.dist = fleet_distribution(std::move(values[ci]));
            gc.usual_link = usual_link(links[ci]);
            gc.present = present[ci];
            if (baseline != nullptr) {
                const CaseResult* b = baseline->find(a.cases[ci].key);
                if (b != nullptr && b->status == CaseStatus::ok) {
                    gc.baseline = b->stats.median;
                }
            }
            g.cases.push_back(std::move(gc));
        }
    }

    // Per node: every measured case against its group.
    for (std::size_t n = 0; n < a.nodes.size(); ++n) {
        const FleetNode& node = a.nodes[n];
        NodeAssessment& as = a.assessed[n];
        if (!node.unreadable.empty()) {
            as.verdict = NodeVerdict::incomplete;
            as.reason = "results file not readable: " + node.unreadable;
            continue;
        }
        const FleetGroup& g = a.groups[as.group];
        for (const NodeCase& c : node.cases) {
            if (c.status == CaseStatus::failed && as.reason.empty()) {
                as.reason = fmt::format("{} failed: {}", case_label(a.cases[c.case_index].key),
                                        c.error.empty() ? "no reason given" : c.error);
            }
            const GroupCase* gc = g.find(c.case_index);
            if (c.status != CaseStatus::ok || gc == nullptr || gc->dist.count < limits.min_group) {
                continue;
            }
            CaseFinding f;
            f.case_index = c.case_index;
            f.value = c.median;
            f.group_median = gc->dist.median;
            f.dev = deviation(c.median, gc->dist, a.cases[c.case_index].higher_is_better);
            f.note = link_note(c.link, gc->usual_link);
            if (c.throttled) {
                f.note += std::string(f.note.empty() ? "" : ", ") + "throttled during the case";
            }
            if (!c.contended.empty()) {
                f.note += std::string(f.note.empty() ? "" : ", ") + "measured under contention (" +
                          c.contended + ")";
            }
            const bool flagged = is_outlier(f.dev, gc->dist.count, limits);
            if (f.dev.worse && (!as.worst || f.dev.slowdown > as.worst->dev.slowdown)) {
                as.worst = f;
            }
            if (flagged) {
                as.outliers.push_back(std::move(f));
            }
        }
        std::stable_sort(as.outliers.begin(), as.outliers.end(),
                         [](const CaseFinding& x, const CaseFinding& y) {
                             return x.dev.slowdown > y.dev.slowdown;
                         });
        // A case most of the group measured and this node's file lacks: the node did not run
        // the suite its group ran, so it cannot pass on the cases it has.
        std::vector<bool> has(a.cases.size(), false);
        for (const NodeCase& c : node.cases) {
            has[c.case_index] = true;
        }
        std::size_t missing = 0;
        const GroupCase* first_missing = nullptr;
        for (const GroupCase& gc : g.cases) {
            if (!has[gc.case_index] && 2 * gc.present > g.nodes.size()) {
                ++missing;
                first_missing = first_missing != nullptr ? first_missing : &gc;
            }
        }
        if (!as.reason.empty()) {
            as.verdict = NodeVerdict::failed;
        } else if (!node.complete) {
            as.verdict = NodeVerdict::incomplete;
            as.reason = "the run did not finish (complete: false)";
        } else if (missing > 0) {
            as.verdict = NodeVerdict::incomplete;
            as.reason = fmt::format(
                "{} case{} of its group missing, first {} (measured on {} of {} nodes)", missing,
                missing == 1 ? "" : "s", case_label(a.cases[first_missing->case_index].key),
                first_missing->present, g.nodes.size());
        } else if (!as.outliers.empty()) {
            as.verdict = NodeVerdict::outlier;
        }
    }
    return a;
}

std::string finding_text(const FleetAnalysis& a, const CaseFinding& f) {
    std::string s =
        fmt::format("{} {:+.0f}% vs group median (score {:+.1f})",
                    case_label(a.cases[f.case_index].key), 100 * f.dev.change, f.dev.score);
    if (!f.note.empty()) {
        s += ", " + f.note;
    }
    return s;
}

std::string node_line(const FleetAnalysis& a, std::size_t node) {
    const NodeAssessment& as = a.assessed[node];
    std::string s = a.nodes[node].name + ": ";
    switch (as.verdict) {
    case NodeVerdict::outlier: {
        s += finding_text(a, as.outliers.front());
        if (as.outliers.size() > 1) {
            std::map<std::string, int> paths;
            for (std::size_t i = 1; i < as.outliers.size(); ++i) {
                ++paths[a.cases[as.outliers[i].case_index].key.path];
            }
            std::string more;
            for (const auto& [path, n] : paths) {
                more += fmt::format("{}{} {}", more.empty() ? "" : ", ", n, path);
            }
            s += fmt::format("; and {} more case{} ({})", as.outliers.size() - 1,
                             as.outliers.size() == 2 ? "" : "s", more);
        }
        break;
    }
    case NodeVerdict::failed:
    case NodeVerdict::incomplete:
        s += as.reason;
        break;
    case NodeVerdict::ok:
        s += "ok";
        break;
    }
    return s;
}

} // namespace linkperf::reports
