#include "fleet/nfd_labels.hpp"

#include "core/error.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace linkperf {
namespace {

bool alnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// 1..63 chars of [A-Za-z0-9-_.], alphanumeric at both ends.
bool valid_segment(std::string_view s) {
    if (s.empty() || s.size() > 63 || !alnum(s.front()) || !alnum(s.back())) {
        return false;
    }
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return alnum(c) || c == '-' || c == '_' || c == '.'; });
}

bool valid_dns_label(std::string_view s) {
    auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (s.empty() || s.size() > 63 || !lower_alnum(s.front()) || !lower_alnum(s.back())) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [&](char c) { return lower_alnum(c) || c == '-'; });
}

std::string most_common_link(const std::vector<std::string>& links) {
    if (links.empty()) {
        return "none";
    }
    const bool same = std::all_of(links.begin(), links.end(),
                                  [&](const std::string& l) { return l == links.front(); });
    return same ? links.front() : "mixed";
}

} // namespace

bool valid_dns_subdomain(std::string_view text) {
    if (text.empty() || text.size() > 253) {
        return false;
    }
    while (true) {
        const auto dot = text.find('.');
        if (!valid_dns_label(text.substr(0, dot))) {
            return false;
        }
        if (dot == std::string_view::npos) {
            return true;
        }
        text.remove_prefix(dot + 1);
    }
}

bool valid_label_name(std::string_view name) {
    const auto slash = name.find('/');
    if (slash == std::string_view::npos) {
        return valid_segment(name);
    }
    return valid_dns_subdomain(name.substr(0, slash)) && valid_segment(name.substr(slash + 1));
}

bool valid_label_value(std::string_view value) {
    return value.empty() || valid_segment(value);
}

std::string to_label_value(std::string_view text) {
    std::string out;
    for (const char c : text) {
        out += alnum(c) || c == '-' || c == '_' || c == '.' ? c : '-';
    }
    if (out.size() > 63) {
        out.resize(63);
    }
    while (!out.empty() && !alnum(out.back())) {
        out.pop_back();
    }
    const auto first = std::find_if(out.begin(), out.end(), alnum);
    out.erase(out.begin(), first);
    return out;
}

CanaryVerdict verdict_from_results(const nlohmann::json& results) {
    if (!results.is_object() || !results.contains("context") || !results["context"].is_object() ||
        !results["context"].contains("linkperf") || !results.contains("benchmarks") ||
        !results["benchmarks"].is_array()) {
        throw usage_error("not a linkperf results file (no context.linkperf or benchmarks)");
    }
    const auto& ctx = results["context"]["linkperf"];
    if (!ctx.is_object()) {
        throw usage_error("results file: context.linkperf is not an object");
    }
    // A field of the wrong type is bad input (exit 2, one line naming it), never a library
    // type_error.
    auto optional_field = [&ctx](const char* name, bool (nlohmann::json::*is)() const noexcept,
                                 const char* type) -> const nlohmann::json* {
        if (!ctx.contains(name) || ctx[name].is_null()) {
            return nullptr;
        }
        if (!(ctx[name].*is)()) {
            throw usage_error(fmt::format("results file: context.linkperf.{} is {}, want {}", name,
                                          ctx[name].type_name(), type));
        }
        return &ctx[name];
    };
    CanaryVerdict v;
    const auto* complete_field =
        optional_field("complete", &nlohmann::json::is_boolean, "a boolean");
    const bool complete = complete_field != nullptr && complete_field->get<bool>();
    bool failed = false;
    std::size_t i = 0;
    for (const auto& b : results["benchmarks"]) {
        if (!b.is_object()) {
            throw usage_error(fmt::format("results file: benchmarks[{}] is {}, want an object", i,
                                          b.type_name()));
        }
        if (b.contains("linkperf")) {
            const auto& lp = b["linkperf"];
            if (!lp.is_object()) {
                throw usage_error(
                    fmt::format("results file: benchmarks[{}].linkperf is {}, want an object", i,
                                lp.type_name()));
            }
            if (lp.contains("status") && !lp["status"].is_string()) {
                throw usage_error(
                    fmt::format("results file: benchmarks[{}].linkperf.status is {}, want a string",
                                i, lp["status"].type_name()));
            }
            if (lp.value("status", "") == "failed") {
                failed = true;
            }
        }
        ++i;
    }
    v.verdict = failed ? "fail" : complete ? "pass" : "incomplete";
    const auto* finished = optional_field("finished_at", &nlohmann::json::is_string, "a string");
    const auto* started = optional_field("started_at", &nlohmann::json::is_string, "a string");
    std::string when = finished != nullptr ? finished->get<std::string>() : "";
    if (when.size() < 10) {
        when = started != nullptr ? started->get<std::string>() : "";
    }
    v.date = to_label_value(when.substr(0, std::min<std::size_t>(10, when.size())));
    return v;
}

std::vector<NfdLabel> nfd_labels(const NfdFacts& facts) {
    const std::string p = std::string(kNfdPrefix) + "/";
    std::vector<NfdLabel> labels{
        {p + "isa", to_label_value(facts.isa)},
        {p + "gpu.count", std::to_string(facts.gpu_count)},
        {p + "gpu.link", most_common_link(facts.gpu_links)},
        {p + "gpu.coherent", facts.gpu_count == 0 ? "false"
                             : facts.coherent     ? (*facts.coherent ? "true" : "false")
                                                  : "unknown"},
        {p + "numa.nodes", std::to_string(facts.numa_nodes)},
        {p + "numa.cpuless", std::to_string(facts.cpuless_numa_nodes)},
    };
    if (facts.canary) {
        labels.push_back({p + "canary.verdict", to_label_value(facts.canary->verdict)});
        labels.push_back({p + "canary.date", to_label_value(facts.canary->date)});
    }
    if (facts.fleet_verdict) {
        labels.push_back({p + "fleet.verdict", to_label_value(*facts.fleet_verdict)});
        labels.push_back({p + "fleet.quarantine", *facts.fleet_verdict == "ok" ? "false" : "true"});
    }
    for (const auto& l : labels) {
        if (!valid_label_name(l.name) || !valid_label_value(l.value)) {
            throw usage_error("invalid Kubernetes label " + l.name + "=" + l.value);
        }
    }
    return labels;
}

std::string nfd_feature_file(const std::vector<NfdLabel>& labels,
                             std::chrono::system_clock::time_point expiry) {
    const std::time_t t = std::chrono::system_clock::to_time_t(expiry);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    std::string out = "# linkperf node features (linkperf nfd); NFD local source, features.d\n";
    out += fmt::format("# +expiry-time={}\n", stamp);
    for (const auto& l : labels) {
        out += l.name + "=" + l.value + "\n";
    }
    return out;
}

} // namespace linkperf
