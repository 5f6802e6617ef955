#include "fleet/fleet_verdicts.hpp"

#include "core/json_text.hpp"
#include "results_model/json_depth.hpp"
#include "results_model/report_error.hpp"
#include "results_model/results_loader.hpp"
#include "results_model/text_escape.hpp"

#include <linkperf/version.hpp>

#include <fmt/core.h>

namespace linkperf::reports {
namespace {

using nlohmann::json;

json finding_json(const FleetAnalysis& a, const CaseFinding& f) {
    const FleetCase& c = a.cases[f.case_index];
    return {{"case", case_label(c.key)},
            {"case_key", key_string(c.key)},
            {"path", c.key.path},
            {"size_bytes", c.key.size_bytes},
            {"unit", c.unit},
            {"value", f.value},
            {"group_median", f.group_median},
            {"change", f.dev.change},
            {"score", f.dev.score},
            {"note", f.note}};
}

json host_json(const HostType& h) {
    return {{"label", host_type_label(h)}, {"isa", h.isa},
            {"emulated", h.emulated},      {"cpu_model", h.cpu_model},
            {"gpu_model", h.gpu_model},    {"link_kind", h.link_kind}};
}

json group_json(const FleetAnalysis& a, const FleetGroup& g) {
    json cases = json::array();
    for (const GroupCase& gc : g.cases) {
        const FleetCase& c = a.cases[gc.case_index];
        const FleetDistribution& d = gc.dist;
        cases.push_back({{"case", case_label(c.key)},
                         {"case_key", key_string(c.key)},
                         {"unit", c.unit},
                         {"higher_is_better", c.higher_is_better},
                         {"count", d.count},
                         {"median", d.median},
                         {"p5", d.p5},
                         {"p95", d.p95},
                         {"min", d.min},
                         {"max", d.max},
                         {"mad", d.mad},
                         {"baseline", gc.baseline ? json(*gc.baseline) : json(nullptr)}});
    }
    return {{"host_type", host_json(g.host)}, {"nodes", g.nodes.size()}, {"cases", cases}};
}

[[noreturn]] void bad(const std::string& file, const std::string& what) {
    throw ReportError(fmt::format("{}: fleet verdict file: {}", file, what));
}

std::string text_field(const json& obj, const char* key, const std::string& file,
                       const std::string& where, bool required) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
        if (required) {
            bad(file, fmt::format("{}: missing string field '{}'", where, key));
        }
        return {};
    }
    if (!it->is_string()) {
        bad(file, fmt::format("{}: field '{}' is {}, want a string", where, key, it->type_name()));
    }
    return it->get<std::string>();
}

} // namespace

std::string fleet_verdicts_json(const FleetAnalysis& a, const std::string& generated_at) {
    json nodes = json::array();
    for (std::size_t n : a.by_severity()) {
        const FleetNode& node = a.nodes[n];
        const NodeAssessment& as = a.assessed[n];
        json cases = json::array();
        for (const CaseFinding& f : as.outliers) {
            cases.push_back(finding_json(a, f));
        }
        nodes.push_back(
            {{"node", node.name},
             {"verdict", to_string(as.verdict)},
             {"host_type", as.group == kNoGroup ? json(nullptr)
                                                : json(host_type_label(a.groups[as.group].host))},
             {"file", node.file},
             {"date", node.date},
             {"summary", node_line(a, n)},
             {"reason", as.reason},
             {"worst", as.worst ? finding_json(a, *as.worst) : json(nullptr)},
             {"outlier_cases", cases}});
    }
    json groups = json::array();
    for (const FleetGroup& g : a.groups) {
        groups.push_back(group_json(a, g));
    }
    json doc = {{"linkperf_fleet_verdicts", kFleetVerdictsVersion},
                {"generated_at", generated_at},
                {"linkperf_version", kVersion},
                {"limits",
                 {{"relative", a.limits.relative},
                  {"score", a.limits.score},
                  {"min_group", a.limits.min_group}}},
                {"baseline", a.baseline},
                {"counts",
                 {{"ok", a.count(NodeVerdict::ok)},
                  {"outlier", a.count(NodeVerdict::outlier)},
                  {"failed", a.count(NodeVerdict::failed)},
                  {"incomplete", a.count(NodeVerdict::incomplete)}}},
                {"nodes", nodes},
                {"groups", groups}};
    return json_text(doc, 1) + "\n";
}

std::string fleet_verdicts_csv(const FleetAnalysis& a) {
    std::string out = "node,verdict,host_type,worst_case,worst_change_pct,worst_score,"
                      "outlier_cases,reason,file\n";
    for (std::size_t n : a.by_severity()) {
        const NodeAssessment& as = a.assessed[n];
        const std::optional<CaseFinding>& w =
            as.outliers.empty() ? as.worst : std::optional<CaseFinding>(as.outliers.front());
        out += fmt::format(
            "{},{},{},{},{},{},{},{},{}\n", csv_field(a.nodes[n].name), to_string(as.verdict),
            csv_field(as.group == kNoGroup ? "" : host_type_label(a.groups[as.group].host)),
            w ? csv_field(case_label(a.cases[w->case_index].key)) : "",
            w ? fmt::format("{:.2f}", 100 * w->dev.change) : "",
            w ? fmt::format("{:.2f}", w->dev.score) : "", as.outliers.size(), csv_field(as.reason),
            csv_field(a.nodes[n].file));
    }
    return out;
}

const NodeVerdictEntry* FleetVerdicts::find(const std::string& node) const {
    for (const NodeVerdictEntry& e : nodes) {
        if (e.node == node) {
            return &e;
        }
    }
    return nullptr;
}

bool is_fleet_verdicts(const nlohmann::json& doc) {
    return doc.is_object() && doc.contains("linkperf_fleet_verdicts");
}

FleetVerdicts parse_fleet_verdicts(const nlohmann::json& doc, const std::string& file) {
    if (!is_fleet_verdicts(doc)) {
        bad(file, "no 'linkperf_fleet_verdicts' field");
    }
    const json& version = doc["linkperf_fleet_verdicts"];
    if (!version.is_number_integer() || version.get<long long>() < 1) {
        bad(file, "'linkperf_fleet_verdicts' is not a format version (a positive integer)");
    }
    if (version.get<long long>() > kFleetVerdictsVersion) {
        bad(file, fmt::format("format version {} is newer than this linkperf understands ({})",
                              version.get<long long>(), kFleetVerdictsVersion));
    }
    FleetVerdicts v;
    v.file = file;
    v.generated_at = text_field(doc, "generated_at", file, "document", false);
    auto nodes = doc.find("nodes");
    if (nodes == doc.end() || !nodes->is_array()) {
        bad(file, "no 'nodes' array");
    }
    std::size_t i = 0;
    for (const json& n : *nodes) {
        const std::string where = fmt::format("nodes[{}]", i++);
        if (!n.is_object()) {
            bad(file, where + ": not an object");
        }
        NodeVerdictEntry e;
        e.node = text_field(n, "node", file, where, true);
        if (e.node.empty()) {
            bad(file, where + ": empty node name");
        }
        const std::string verdict = text_field(n, "verdict", file, where, true);
        const auto parsed = node_verdict_from_string(verdict);
        if (!parsed) {
            bad(file, fmt::format("{}: unknown verdict '{}' (ok, outlier, failed, incomplete)",
                                  where, verdict));
        }
        e.verdict = *parsed;
        e.date = text_field(n, "date", file, where, false);
        e.summary = text_field(n, "summary", file, where, false);
        v.nodes.push_back(std::move(e));
    }
    return v;
}

namespace {

// The document, or a discarded one when the text is not JSON or is nested too deep to parse
// safely (60 million '[' would build 60 million nested arrays).
json parse_bounded(std::string_view text) {
    if (json_nesting_depth(text) > kMaxJsonDepth) {
        return json(json::value_t::discarded);
    }
    return json::parse(text, nullptr, false);
}

} // namespace

bool is_fleet_verdicts_text(std::string_view text) {
    const json doc = parse_bounded(text);
    return !doc.is_discarded() && is_fleet_verdicts(doc);
}

FleetVerdicts parse_fleet_verdicts_text(std::string_view text, const std::string& file) {
    const json doc = parse_bounded(text);
    if (doc.is_discarded()) {
        bad(file, fmt::format("not JSON, or nested deeper than {} levels", kMaxJsonDepth));
    }
    return parse_fleet_verdicts(doc, file);
}

} // namespace linkperf::reports
