#pragma once
// The fleet view's judgement: nodes grouped by host type, per group and case the distribution
// of the nodes' medians (and the baseline's figure), and per node a verdict -- ok, outlier (past
// the limits on some case, docs/fleet.md), failed (a case failed) or incomplete (the run did not
// finish, its file could not be read, or it lacks a case most of its group measured).
#include "fleet/fleet_nodes.hpp"
#include "fleet/fleet_score.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linkperf::reports {

enum class NodeVerdict { ok, outlier, failed, incomplete };

const char* to_string(NodeVerdict v);
std::optional<NodeVerdict> node_verdict_from_string(std::string_view text);

struct GroupCase {
    std::uint32_t case_index = 0;
    FleetDistribution dist;              // over the nodes that measured the case
    std::size_t present = 0;             // nodes whose file has the case, whatever its status
    std::optional<double> baseline;      // the baseline run's median
    std::optional<LinkFacts> usual_link; // the link most of the group's nodes ran over
};

struct FleetGroup {
    HostType host;
    std::vector<std::size_t> nodes; // indices into FleetAnalysis::nodes
    std::vector<GroupCase> cases;   // sorted by case_index

    const GroupCase* find(std::uint32_t case_index) const;
};

// One case of one node against its group.
struct CaseFinding {
    std::uint32_t case_index = 0;
    double value = 0;
    double group_median = 0;
    Deviation dev;
    std::string note; // "link x8 instead of x16", "throttled"
};

inline constexpr std::size_t kNoGroup = static_cast<std::size_t>(-1);

struct NodeAssessment {
    NodeVerdict verdict = NodeVerdict::ok;
    std::size_t group = kNoGroup;
    std::vector<CaseFinding> outliers; // the cases past the limits, worst first
    std::optional<CaseFinding> worst;  // the worst deviation of any judged case
    std::string reason;                // failed or incomplete: why
};

struct FleetAnalysis {
    std::vector<FleetCase> cases;
    std::vector<FleetNode> nodes;
    std::vector<NodeAssessment> assessed; // one per node, same order
    std::vector<FleetGroup> groups;       // sorted by host type
    OutlierLimits limits;
    std::string baseline; // the baseline run's label; empty without one

    std::size_t count(NodeVerdict v) const;
    // Node indices: outliers (worst first), failed, incomplete, then ok nodes by their worst
    // deviation.
    std::vector<std::size_t> by_severity() const;
};

// `baseline` may be null. Nodes are moved out of `nodes`.
FleetAnalysis analyze_fleet(FleetNodes&& nodes, const Run* baseline, const OutlierLimits& limits);

// "host.copy local(numa)->local(numa) threads:1@4M -48% vs group median (score -31.2)" plus the
// note.
std::string finding_text(const FleetAnalysis& a, const CaseFinding& f);
// One line per node that is not ok: "node0173: ce.h2d ...@64M -48% vs group median (score -31),
// link x8 instead of x16; and 3 more cases".
std::string node_line(const FleetAnalysis& a, std::size_t node);
// "x16", "gen4 x8 instead of gen5 x16", or "" when the node's link is the group's usual one.
std::string link_note(const std::optional<LinkFacts>& node, const std::optional<LinkFacts>& usual);

} // namespace linkperf::reports
