#include "node/nfd_labels.hpp"

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

CanaryVerdict verdict_from_results(const reports::Run& run) {
    const bool failed = std::any_of(run.cases.begin(), run.cases.end(),
                                    [](const auto& c) { return c.status == CaseStatus::failed; });
    CanaryVerdict v;
    v.verdict = failed ? "fail" : run.info.complete ? "pass" : "incomplete";
    const std::string& when =
        run.info.finished_at.size() >= 10 ? run.info.finished_at : run.info.date;
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
