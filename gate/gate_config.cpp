#include "gate/gate_config.hpp"

#include "core/bounded_file.hpp"
#include "core/path_catalogue.hpp"
#include "core/text.hpp"
#include "results_model/report_error.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fnmatch.h>
#include <fstream>
#include <sstream>

namespace linkperf::reports {

const char* to_string(GateFamily f) {
    switch (f) {
    case GateFamily::bandwidth_small:
        return "bandwidth.small";
    case GateFamily::bandwidth_large:
        return "bandwidth.large";
    case GateFamily::latency_small:
        return "latency.small";
    case GateFamily::latency_large:
        return "latency.large";
    case GateFamily::collectives_small:
        return "collectives.small";
    case GateFamily::collectives_large:
        return "collectives.large";
    }
    return "unknown";
}

GateFamily gate_family(const std::string& path, const std::string& metric,
                       std::uint64_t size_bytes) {
    const bool large = size_bytes >= kLargeFrom;
    if (is_collective_path(path)) { // core/path_catalogue.hpp
        return large ? GateFamily::collectives_large : GateFamily::collectives_small;
    }
    if (metric == "latency") {
        return large ? GateFamily::latency_large : GateFamily::latency_small;
    }
    return large ? GateFamily::bandwidth_large : GateFamily::bandwidth_small;
}

double GateConfig::threshold_for(const std::string& path, const std::string& metric,
                                 std::uint64_t size_bytes) const {
    for (const PathThreshold& p : paths) {
        if (::fnmatch(p.glob.c_str(), path.c_str(), 0) != 0) {
            continue;
        }
        if (metric == "bandwidth" && p.bandwidth) {
            return *p.bandwidth;
        }
        if (metric == "latency" && p.latency) {
            return *p.latency;
        }
        if (p.any) {
            return *p.any;
        }
    }
    if (metric == "bandwidth" && bandwidth_threshold) {
        return *bandwidth_threshold;
    }
    if (metric == "latency" && latency_threshold) {
        return *latency_threshold;
    }
    if (threshold) {
        return *threshold;
    }
    return family[static_cast<std::size_t>(gate_family(path, metric, size_bytes))];
}

double parse_threshold(std::string_view text) {
    std::string_view t = text;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) {
        t.remove_prefix(1);
    }
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) {
        t.remove_suffix(1);
    }
    if (!t.empty() && t.back() == '%') {
        t.remove_suffix(1); // one percent sign: "5%%" is not a threshold
    }
    const std::optional<double> value = parse_number<double>(t);
    if (!value || !std::isfinite(*value) || *value < 0 || *value >= 1000) {
        throw ReportError(fmt::format("bad threshold '{}' (a percentage such as 5%)", text));
    }
    return *value / 100.0;
}

namespace {

// Ordered objects: "first matching path rule" is file order, and TOML values share the type.
using json = nlohmann::ordered_json;

// A gate config is three levels deep; anything much deeper is not one, and nlohmann's
// recursive dump/destructor paths must never see a 100k-level document (stack overflow).
constexpr int kMaxConfigDepth = 16;

// The deepest [ / { nesting of a JSON text, strings skipped; stops counting past `limit`.
int json_depth(std::string_view text, int limit) {
    int depth = 0;
    int deepest = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (in_string) {
            if (ch == '\\') {
                ++i;
            } else if (ch == '"') {
                in_string = false;
            }
        } else if (ch == '"') {
            in_string = true;
        } else if (ch == '[' || ch == '{') {
            deepest = std::max(deepest, ++depth);
            if (deepest > limit) {
                return deepest;
            }
        } else if (ch == ']' || ch == '}') {
            --depth;
        }
    }
    return deepest;
}

double threshold_value(const json& v, const std::string& where) {
    if (v.is_string()) {
        return parse_threshold(v.get<std::string>());
    }
    if (v.is_number()) {
        return parse_threshold(fmt::format("{}", v.get<double>()));
    }
    throw ReportError(
        fmt::format("{}: a threshold must be a string like \"5%\" or a number", where));
}

void apply(GateConfig& c, const std::string& section, const std::string& key, const json& v,
           const std::string& where) {
    if (section.empty()) {
        if (key == "threshold") {
            c.threshold = threshold_value(v, where);
        } else if (key == "alpha") {
            if (!v.is_number() || !(v.get<double>() > 0 && v.get<double>() < 1)) {
                throw ReportError(where + ": alpha must be a number in (0, 1)");
            }
            c.alpha = v.get<double>();
        } else if (key == "min_samples") {
            if (!v.is_number_integer() || v.get<long long>() < 2 || v.get<long long>() > 100000) {
                throw ReportError(where + ": min_samples must be an integer >= 2");
            }
            c.min_samples = static_cast<std::size_t>(v.get<long long>());
        } else if (key == "contention") {
            if (!v.is_boolean()) {
                throw ReportError(where + ": contention must be true or false");
            }
            c.contention = v.get<bool>();
        } else if (key == "run_alpha") {
            if (!v.is_number() || !(v.get<double>() > 0 && v.get<double>() < 1)) {
                throw ReportError(where + ": run_alpha must be a number in (0, 1)");
            }
            c.run.alpha = v.get<double>();
        } else if (key == "spread_k" || key == "z_limit") {
            if (!v.is_number() || !(v.get<double>() >= 0 && v.get<double>() <= 100)) {
                throw ReportError(where + ": " + key + " must be a number in [0, 100]");
            }
            (key == "spread_k" ? c.run.spread_k : c.run.z_limit) = v.get<double>();
        } else {
            throw ReportError(fmt::format("{}: unknown key '{}'", where, key));
        }
    } else if (section == "metric") {
        if (key == "bandwidth") {
            c.bandwidth_threshold = threshold_value(v, where);
        } else if (key == "latency") {
            c.latency_threshold = threshold_value(v, where);
        } else {
            throw ReportError(
                fmt::format("{}: unknown metric '{}' (bandwidth, latency)", where, key));
        }
    } else if (section == "family") {
        for (std::size_t i = 0; i < kGateFamilies; ++i) {
            if (key == to_string(static_cast<GateFamily>(i))) {
                c.family[i] = threshold_value(v, where);
                return;
            }
        }
        throw ReportError(fmt::format("{}: unknown family '{}' (bandwidth, latency or "
                                      "collectives, then .small or .large)",
                                      where, key));
    } else if (section == "paths") {
        PathThreshold p;
        p.glob = key;
        if (v.is_object()) {
            for (const auto& [metric, t] : v.items()) {
                if (metric == "bandwidth") {
                    p.bandwidth = threshold_value(t, where);
                } else if (metric == "latency") {
                    p.latency = threshold_value(t, where);
                } else {
                    throw ReportError(
                        fmt::format("{}: path '{}': unknown metric '{}'", where, key, metric));
                }
            }
        } else {
            p.any = threshold_value(v, where);
        }
        c.paths.push_back(std::move(p));
    } else {
        throw ReportError(
            fmt::format("{}: unknown section '{}' (metric, family, paths)", where, section));
    }
}

GateConfig parse_json(std::string_view text, const std::string& file, GateConfig c) {
    if (json_depth(text, kMaxConfigDepth) > kMaxConfigDepth) {
        throw ReportError(
            fmt::format("{}: nested deeper than {} levels: not a gate config (it needs 3)", file,
                        kMaxConfigDepth));
    }
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::exception&) {
        throw ReportError(file + ": not valid JSON");
    }
    if (!doc.is_object()) {
        throw ReportError(file + ": a gate config is a JSON object");
    }
    for (const auto& [key, v] : doc.items()) {
        if ((key == "metric" || key == "family" || key == "paths") && v.is_object()) {
            for (const auto& [k2, v2] : v.items()) {
                apply(c, key, k2, v2, file);
            }
        } else {
            apply(c, "", key, v, file);
        }
    }
    return c;
}

// A value quoted in an error: one line stays one line, however long the config's line is.
std::string excerpt(std::string_view value) {
    constexpr std::size_t kShown = 40;
    return value.size() <= kShown ? std::string(value)
                                  : std::string(value.substr(0, kShown)) + "...";
}

// The TOML subset: comments, [section], key = "string" | number, keys bare or "quoted".
GateConfig parse_toml(std::string_view text, const std::string& file, GateConfig c) {
    std::string section;
    std::size_t line_no = 0;
    std::istringstream in{std::string(text)};
    std::string raw;
    while (std::getline(in, raw)) {
        ++line_no;
        const std::string where = fmt::format("{}:{}", file, line_no);
        std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        if (line.front() == '[') {
            if (line.back() != ']') {
                throw ReportError(where + ": unterminated [section]");
            }
            section = std::string(trim(line.substr(1, line.size() - 2)));
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) {
            throw ReportError(where + ": expected key = value");
        }
        std::string_view key = trim(line.substr(0, eq));
        std::string_view value = trim(line.substr(eq + 1));
        if (key.size() >= 2 && key.front() == '"' && key.back() == '"') {
            key = key.substr(1, key.size() - 2);
        }
        if (key.empty()) {
            throw ReportError(where + ": empty key");
        }
        json v;
        if (!value.empty() && value.front() == '"') {
            const auto close = value.find('"', 1);
            if (close == std::string_view::npos) {
                throw ReportError(where + ": unterminated string");
            }
            const std::string_view rest = trim(value.substr(close + 1));
            if (!rest.empty() && rest.front() != '#') {
                throw ReportError(where + ": unexpected text after the value");
            }
            v = std::string(value.substr(1, close - 1));
        } else {
            if (const auto hash = value.find('#'); hash != std::string_view::npos) {
                value = trim(value.substr(0, hash));
            }
            const std::optional<double> d = parse_number<double>(value);
            if (!d) {
                throw ReportError(
                    fmt::format("{}: '{}' is not a string or a number", where, excerpt(value)));
            }
            if (value.find_first_of(".eE") == std::string_view::npos) {
                // -2^63 and 2^63 are exact doubles; beyond them the cast is undefined.
                if (!(*d >= -9223372036854775808.0 && *d < 9223372036854775808.0)) {
                    throw ReportError(
                        fmt::format("{}: '{}' is out of range", where, excerpt(value)));
                }
                v = static_cast<long long>(*d);
            } else {
                v = *d;
            }
        }
        apply(c, section, std::string(key), v, where);
    }
    return c;
}

} // namespace

GateConfig parse_gate_config(std::string_view text, std::string_view format,
                             const std::string& file, GateConfig defaults) {
    if (format == "json") {
        return parse_json(text, file, std::move(defaults));
    }
    if (format == "toml") {
        return parse_toml(text, file, std::move(defaults));
    }
    throw ReportError(fmt::format("{}: unknown config format '{}' (json or toml)", file, format));
}

GateConfig load_gate_config(const std::filesystem::path& path, GateConfig defaults) {
    const std::string ext = path.extension().string();
    const std::string format = ext == ".toml" ? "toml" : ext == ".json" ? "json" : "";
    if (format.empty()) {
        throw ReportError(fmt::format("{}: a gate config ends in .json or .toml", path.string()));
    }
    // A FIFO would block the read and a device never end: only a bounded regular file is read.
    constexpr std::uint64_t kMaxConfigBytes = std::uint64_t{1} << 20;
    std::string why;
    const auto text = read_bounded_file(path, kMaxConfigBytes, &why);
    if (!text) {
        throw ReportError(fmt::format("{}: {}", path.string(),
                                      why == "no such file" ? "no such gate config" : why));
    }
    return parse_gate_config(*text, format, path.string(), std::move(defaults));
}

} // namespace linkperf::reports
