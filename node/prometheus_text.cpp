#include "node/prometheus_text.hpp"

#include <fmt/core.h>

#include <cmath>

namespace linkperf {
namespace {

std::string endpoint_label(const Endpoint& e) {
    return e.memory.empty() || e.memory == "numa" ? e.label() : e.label() + ":" + e.memory;
}

std::vector<std::pair<std::string, std::string>> case_labels(const Case& c) {
    return {{"path", c.path.id},
            {"src", endpoint_label(c.source)},
            {"dst", endpoint_label(c.destination)},
            {"size", std::to_string(c.size_bytes)},
            {"threads", std::to_string(c.threads)}};
}

// HELP text escapes backslash and line feed only.
std::string escape_help(std::string_view text) {
    std::string out;
    for (const char c : text) {
        out += c == '\\' ? "\\\\" : c == '\n' ? "\\n" : std::string(1, c);
    }
    return out;
}

} // namespace

std::string escape_label_value(std::string_view value) {
    std::string out;
    for (const char c : value) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string format_sample_value(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    return fmt::format("{}", value); // shortest round-trip form: 1e+09, 6.12e-08, 0
}

std::string render_prometheus(const std::vector<PromFamily>& families) {
    std::string out;
    for (const auto& f : families) {
        if (f.samples.empty()) {
            continue;
        }
        out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", f.name, escape_help(f.help), f.name,
                           f.type);
        for (const auto& s : f.samples) {
            out += f.name;
            if (!s.labels.empty()) {
                out += "{";
                for (std::size_t i = 0; i < s.labels.size(); ++i) {
                    out += fmt::format("{}{}=\"{}\"", i > 0 ? "," : "", s.labels[i].first,
                                       escape_label_value(s.labels[i].second));
                }
                out += "}";
            }
            out += " " + format_sample_value(s.value) + "\n";
        }
    }
    return out;
}

std::vector<PromFamily> measurement_metrics(const std::vector<Measurement>& measurements,
                                            double unix_seconds) {
    PromFamily bw{"linkperf_bandwidth_bytes_per_second",
                  "Median bandwidth of a linkperf case in bytes per second (bytes counted as "
                  "the path states).",
                  "gauge",
                  {}};
    PromFamily lat{
        "linkperf_latency_seconds", "Median latency of a linkperf case in seconds.", "gauge", {}};
    PromFamily failed{"linkperf_case_failed",
                      "1 when the case's measurement or data verification failed, else 0.",
                      "gauge",
                      {}};
    PromFamily skipped{"linkperf_case_skipped",
                       "1 when the case could not run on this host, else 0.",
                       "gauge",
                       {}};
    PromFamily throttled{"linkperf_case_throttled",
                         "1 when GPU or CPU clocks throttled while the case was measured "
                         "(docs/results-schema.md, telemetry), else 0.",
                         "gauge",
                         {}};
    // The link's expectation: measured over the link's theoretical rate (extra.efficiency, cases
    // over a link with a known rate), for alerts on a link below it (deploy/monitoring/).
    PromFamily efficiency{"linkperf_link_efficiency_ratio",
                          "Median of the case over its link's theoretical rate (0..1), for cases "
                          "whose link has a known rate.",
                          "gauge",
                          {}};
    PromFamily stamp{"linkperf_last_run_timestamp_seconds",
                     "Unix time at which linkperf wrote these metrics.",
                     "gauge",
                     {{{}, unix_seconds}}};
    for (const auto& m : measurements) {
        const auto labels = case_labels(m.test_case);
        failed.samples.push_back({labels, m.status == CaseStatus::failed ? 1.0 : 0.0});
        skipped.samples.push_back({labels, m.status == CaseStatus::skipped ? 1.0 : 0.0});
        if (m.telemetry) {
            throttled.samples.push_back({labels, m.telemetry->throttled ? 1.0 : 0.0});
        }
        if (m.status != CaseStatus::ok || m.stats.count == 0) {
            continue;
        }
        if (const auto e = m.extra.find("efficiency");
            e != m.extra.end() && e->is_number() && std::isfinite(e->get<double>())) {
            efficiency.samples.push_back({labels, e->get<double>()});
        }
        if (m.test_case.path.metric == Metric::bandwidth) {
            bw.samples.push_back({labels, m.stats.median * 1e9}); // GB/s -> bytes/s
        } else {
            lat.samples.push_back({labels, m.stats.median * 1e-9}); // ns -> s
        }
    }
    return {bw, lat, failed, skipped, throttled, efficiency, stamp};
}

} // namespace linkperf
