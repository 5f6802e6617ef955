#pragma once
// The fleet verdict file (docs/fleet.md): one verdict per node -- ok, outlier, failed,
// incomplete -- with the cases that made it, as JSON (with each group's distributions) or CSV,
// for CI and operator scripts; and its one reader, which `linkperf nfd --results` uses to turn a
// node's verdict into its labels.
#include "fleet/fleet_analysis.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linkperf::reports {

// The JSON file's "linkperf_fleet_verdicts" field: its format version.
inline constexpr int kFleetVerdictsVersion = 1;

std::string fleet_verdicts_json(const FleetAnalysis& a, const std::string& generated_at);
// node,verdict,host_type,worst_case,worst_change_pct,worst_score,outlier_cases,reason,file
std::string fleet_verdicts_csv(const FleetAnalysis& a);

struct NodeVerdictEntry {
    std::string node;
    NodeVerdict verdict = NodeVerdict::ok;
    std::string date;    // the node's run, as its results file says
    std::string summary; // the report's line for the node
};

struct FleetVerdicts {
    std::string file;
    std::string generated_at;
    std::vector<NodeVerdictEntry> nodes;

    const NodeVerdictEntry* find(const std::string& node) const;
};

// Whether a parsed JSON document is a fleet verdict file (and not a results file).
bool is_fleet_verdicts(const nlohmann::json& doc);
// Validates and reads it; ReportError(usage) naming `file` and the field on anything else.
FleetVerdicts parse_fleet_verdicts(const nlohmann::json& doc, const std::string& file);

// The same from a file's whole text (as read_results_text reads it): the one place that tells a
// fleet verdict file from a results file, so no caller parses JSON of its own. False for text
// that is not JSON or is nested deeper than kMaxJsonDepth (the results loader refuses both).
bool is_fleet_verdicts_text(std::string_view text);
FleetVerdicts parse_fleet_verdicts_text(std::string_view text, const std::string& file);

} // namespace linkperf::reports
