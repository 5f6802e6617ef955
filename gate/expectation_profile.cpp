#include "gate/expectation_profile.hpp"

#include "core/json_text.hpp"
#include "core/units.hpp"
#include "results_model/host_type.hpp"
#include "results_model/json_depth.hpp"
#include "results_model/report_error.hpp"
#include "results_model/results_loader.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fnmatch.h>
#include <initializer_list>

namespace linkperf::reports {
namespace {

using json = nlohmann::json;

// A profile nests 4 levels ({"expectations": [{"match": {...}}]}).
constexpr std::size_t kMaxProfileDepth = 8;
constexpr std::uint64_t kMaxProfileBytes = std::uint64_t{16} << 20;

void refuse_unknown(const json& object, std::initializer_list<const char*> known,
                    const std::string& where) {
    for (const auto& [key, v] : object.items()) {
        bool ok = false;
        for (const char* k : known) {
            ok = ok || key == k;
        }
        if (!ok) {
            std::string list;
            for (const char* k : known) {
                list += list.empty() ? k : std::string(", ") + k;
            }
            throw ReportError(fmt::format("{}: unknown key '{}' (known: {})", where,
                                          key.size() > 40 ? key.substr(0, 40) + "..." : key, list));
        }
    }
}

const json& object_at(const json& parent, const char* key, const std::string& where) {
    const auto it = parent.find(key);
    if (it == parent.end() || !it->is_object()) {
        throw ReportError(fmt::format("{}: '{}' must be an object", where, key));
    }
    return *it;
}

std::string text_at(const json& o, const char* key, const std::string& where,
                    bool required = false) {
    const auto it = o.find(key);
    if (it == o.end()) {
        if (required) {
            throw ReportError(fmt::format("{}: '{}' is required", where, key));
        }
        return {};
    }
    if (!it->is_string() || (required && it->get<std::string>().empty())) {
        throw ReportError(fmt::format("{}: '{}' must be a non-empty string", where, key));
    }
    return it->get<std::string>();
}

double number_at(const json& o, const char* key, const std::string& where) {
    const auto it = o.find(key);
    if (it == o.end() || !it->is_number() || !std::isfinite(it->get<double>()) ||
        it->get<double>() < 0) {
        throw ReportError(fmt::format("{}: '{}' must be a number >= 0", where, key));
    }
    return it->get<double>();
}

std::optional<int> int_at(const json& o, const char* key, const std::string& where) {
    const auto it = o.find(key);
    if (it == o.end()) {
        return std::nullopt;
    }
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 ||
        it->get<std::int64_t>() > 1000000) {
        throw ReportError(fmt::format("{}: '{}' must be an integer in [0, 1000000]", where, key));
    }
    return static_cast<int>(it->get<std::int64_t>());
}

std::uint64_t size_at(const json& o, const char* key, std::uint64_t fallback,
                      const std::string& where) {
    const auto it = o.find(key);
    if (it == o.end()) {
        return fallback;
    }
    if (it->is_number_unsigned()) {
        return it->get<std::uint64_t>();
    }
    if (it->is_string()) {
        try {
            return parse_size(it->get<std::string>());
        } catch (const Error& e) {
            throw ReportError(fmt::format("{}: '{}': {}", where, key, e.what()));
        }
    }
    throw ReportError(fmt::format("{}: '{}' must be a size (\"64M\" or bytes)", where, key));
}

ExpectationMatch parse_match(const json& o, const std::string& where) {
    refuse_unknown(o,
                   {"path", "source_role", "destination_role", "memory", "min_size", "max_size",
                    "min_threads", "threads", "op", "ranks", "gpu_model", "link_kind", "pcie_width",
                    "host_type", "case_key"},
                   where);
    ExpectationMatch m;
    m.path = text_at(o, "path", where);
    m.source_role = text_at(o, "source_role", where);
    m.destination_role = text_at(o, "destination_role", where);
    m.memory = text_at(o, "memory", where);
    m.min_size = size_at(o, "min_size", 0, where);
    m.max_size = size_at(o, "max_size", m.max_size, where);
    if (m.min_size > m.max_size) {
        throw ReportError(fmt::format("{}: min_size is above max_size", where));
    }
    m.min_threads = int_at(o, "min_threads", where);
    m.threads = int_at(o, "threads", where);
    m.op = text_at(o, "op", where);
    m.ranks = int_at(o, "ranks", where);
    m.gpu_model = text_at(o, "gpu_model", where);
    m.link_kind = text_at(o, "link_kind", where);
    m.pcie_width = int_at(o, "pcie_width", where);
    m.host_type = text_at(o, "host_type", where);
    m.case_key = text_at(o, "case_key", where);
    return m;
}

Provenance parse_provenance(const json& o, const std::string& where) {
    refuse_unknown(o, {"kind", "detail", "source", "group", "date", "nodes"}, where);
    Provenance p;
    const std::string kind = text_at(o, "kind", where, true);
    if (kind == "theoretical") {
        p.kind = ProvenanceKind::theoretical;
    } else if (kind == "fleet") {
        p.kind = ProvenanceKind::fleet;
    } else if (kind == "public") {
        p.kind = ProvenanceKind::public_figure;
    } else {
        throw ReportError(fmt::format("{}: kind '{}' is not theoretical, fleet or public", where,
                                      kind.substr(0, 40)));
    }
    p.detail = text_at(o, "detail", where, true);
    p.source = text_at(o, "source", where, p.kind == ProvenanceKind::public_figure);
    p.group = text_at(o, "group", where, p.kind == ProvenanceKind::fleet);
    p.date = text_at(o, "date", where, p.kind == ProvenanceKind::fleet);
    p.nodes = int_at(o, "nodes", where).value_or(0);
    return p;
}

Expectation parse_expectation(const json& o, const std::string& where) {
    if (!o.is_object()) {
        throw ReportError(where + ": an expectation is an object");
    }
    refuse_unknown(o, {"name", "metric", "unit", "warning", "failing", "match", "provenance"},
                   where);
    Expectation e;
    e.name = text_at(o, "name", where, true);
    const std::string at = fmt::format("{} '{}'", where, e.name.substr(0, 60));
    e.metric = text_at(o, "metric", at, true);
    if (e.metric != "bandwidth" && e.metric != "latency") {
        throw ReportError(at + ": metric is bandwidth or latency");
    }
    e.unit = text_at(o, "unit", at, true);
    e.warning = number_at(o, "warning", at);
    e.failing = number_at(o, "failing", at);
    if (e.higher_is_better() ? e.failing > e.warning : e.failing < e.warning) {
        throw ReportError(fmt::format("{}: the failing level {} is {} the warning level {}", at,
                                      e.failing, e.higher_is_better() ? "above" : "below",
                                      e.warning));
    }
    e.match = parse_match(object_at(o, "match", at), at + " match");
    e.provenance = parse_provenance(object_at(o, "provenance", at), at + " provenance");
    return e;
}

json match_json(const ExpectationMatch& m) {
    json o = json::object();
    auto put = [&](const char* k, const std::string& v) {
        if (!v.empty()) {
            o[k] = v;
        }
    };
    put("path", m.path);
    put("source_role", m.source_role);
    put("destination_role", m.destination_role);
    put("memory", m.memory);
    if (m.min_size > 0) {
        o["min_size"] = format_size(m.min_size);
    }
    if (m.max_size != std::numeric_limits<std::uint64_t>::max()) {
        o["max_size"] = format_size(m.max_size);
    }
    if (m.min_threads) {
        o["min_threads"] = *m.min_threads;
    }
    if (m.threads) {
        o["threads"] = *m.threads;
    }
    put("op", m.op);
    if (m.ranks) {
        o["ranks"] = *m.ranks;
    }
    put("gpu_model", m.gpu_model);
    put("link_kind", m.link_kind);
    if (m.pcie_width) {
        o["pcie_width"] = *m.pcie_width;
    }
    put("host_type", m.host_type);
    put("case_key", m.case_key);
    return o;
}

bool glob(const std::string& pattern, const std::string& text) {
    return pattern.empty() || fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

} // namespace

const char* to_string(ProvenanceKind kind) {
    switch (kind) {
    case ProvenanceKind::theoretical:
        return "theoretical";
    case ProvenanceKind::fleet:
        return "fleet";
    case ProvenanceKind::public_figure:
        return "public";
    }
    return "unknown";
}

std::string Provenance::text() const {
    switch (kind) {
    case ProvenanceKind::fleet:
        return fmt::format("fleet: {} ({} node(s), {})", group, nodes, date);
    case ProvenanceKind::public_figure:
        return fmt::format("public: {} ({})", detail, source);
    case ProvenanceKind::theoretical:
        break;
    }
    return fmt::format("theoretical: {}", detail);
}

Profile parse_profile(std::string_view text, const std::string& file) {
    if (json_nesting_depth(text) > kMaxProfileDepth) {
        throw ReportError(
            fmt::format("{}: nested deeper than {} levels: not a profile", file, kMaxProfileDepth));
    }
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::exception&) {
        throw ReportError(file + ": not valid JSON (a profile is JSON, docs/health.md)");
    }
    if (!doc.is_object()) {
        throw ReportError(file + ": a profile is a JSON object");
    }
    const auto version = doc.find("linkperf_profile");
    if (version == doc.end() || !version->is_number_integer()) {
        throw ReportError(file + ": not a linkperf profile (no integer 'linkperf_profile')");
    }
    if (version->get<std::int64_t>() != kProfileSchemaVersion) {
        throw ReportError(fmt::format("{}: profile schema version {} (this linkperf reads {})",
                                      file, version->get<std::int64_t>(), kProfileSchemaVersion));
    }
    refuse_unknown(doc, {"linkperf_profile", "name", "description", "expectations"}, file);
    Profile p;
    p.name = text_at(doc, "name", file, true);
    p.description = text_at(doc, "description", file);
    const auto list = doc.find("expectations");
    if (list == doc.end() || !list->is_array()) {
        throw ReportError(file + ": 'expectations' must be an array");
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        p.expectations.push_back(
            parse_expectation((*list)[i], fmt::format("{}: expectations[{}]", file, i)));
    }
    return p;
}

Profile load_profile(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxProfileBytes) {
        throw ReportError(fmt::format("{}: larger than 16 MiB: not a profile", path.string()));
    }
    // The results reader refuses what is missing, not a regular file (FIFO, device) or huge.
    return parse_profile(read_results_text(path), path.string());
}

std::string profile_json(const Profile& profile) {
    json doc = json::object();
    doc["linkperf_profile"] = profile.schema_version;
    doc["name"] = profile.name;
    if (!profile.description.empty()) {
        doc["description"] = profile.description;
    }
    json list = json::array();
    for (const Expectation& e : profile.expectations) {
        json p = json::object();
        p["kind"] = to_string(e.provenance.kind);
        p["detail"] = e.provenance.detail;
        if (!e.provenance.source.empty()) {
            p["source"] = e.provenance.source;
        }
        if (!e.provenance.group.empty()) {
            p["group"] = e.provenance.group;
        }
        if (!e.provenance.date.empty()) {
            p["date"] = e.provenance.date;
        }
        if (e.provenance.nodes > 0) {
            p["nodes"] = e.provenance.nodes;
        }
        list.push_back({{"name", e.name},
                        {"metric", e.metric},
                        {"unit", e.unit},
                        {"warning", e.warning},
                        {"failing", e.failing},
                        {"match", match_json(e.match)},
                        {"provenance", p}});
    }
    doc["expectations"] = list;
    return json_text(doc, 2) + "\n";
}

const std::string& gpu_model_of(const Run& run, const CaseResult& c) {
    static const std::string none;
    for (const Endpoint* e : {&c.source, &c.destination}) {
        if (e->kind.rfind("gpu", 0) == 0 && e->id >= 0 &&
            static_cast<std::size_t>(e->id) < run.info.gpu_names.size()) {
            return run.info.gpu_names[static_cast<std::size_t>(e->id)];
        }
    }
    return run.info.gpu_names.empty() ? none : run.info.gpu_names.front();
}

std::string link_kind_of(const CaseResult& c) {
    return c.link ? c.link->type : "none";
}

bool matches(const ExpectationMatch& m, const Run& run, const CaseResult& c) {
    const CaseKey& k = c.key;
    if (!glob(m.path, k.path) || !glob(m.source_role, k.source_role) ||
        !glob(m.destination_role, k.destination_role)) {
        return false;
    }
    if (!m.memory.empty() && !glob(m.memory, k.source_memory) &&
        !glob(m.memory, k.destination_memory)) {
        return false;
    }
    if (k.size_bytes < m.min_size || k.size_bytes > m.max_size) {
        return false;
    }
    if ((m.min_threads && k.threads < *m.min_threads) || (m.threads && k.threads != *m.threads)) {
        return false;
    }
    if (!m.case_key.empty() && m.case_key != key_string(k)) {
        return false;
    }
    if (!m.host_type.empty() && m.host_type != host_type_label(host_type_of(run.info))) {
        return false;
    }
    if (!m.op.empty() && (k.op.empty() || !glob(m.op, k.op))) {
        return false;
    }
    if (m.ranks && k.ranks != *m.ranks) {
        return false;
    }
    if (!m.gpu_model.empty() && !glob(m.gpu_model, gpu_model_of(run, c))) {
        return false;
    }
    if (!m.link_kind.empty() && m.link_kind != link_kind_of(c)) {
        return false;
    }
    if (m.pcie_width && (!c.link || c.link->max_width != *m.pcie_width)) {
        return false;
    }
    return true;
}

const Expectation* find_expectation(const Profile& profile, const Run& run, const CaseResult& c) {
    for (const Expectation& e : profile.expectations) {
        if (e.metric == c.metric && e.unit == c.unit && matches(e.match, run, c)) {
            return &e;
        }
    }
    return nullptr;
}

} // namespace linkperf::reports
