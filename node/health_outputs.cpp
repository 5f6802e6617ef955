#include "node/health_outputs.hpp"

#include <utility>

namespace linkperf {
namespace {

std::string endpoint(const std::string& role, const std::string& memory) {
    return memory.empty() || memory == "numa" ? role : role + ":" + memory;
}

} // namespace

std::vector<PromFamily> health_metrics(const reports::HealthReport& report) {
    PromFamily level{"linkperf_check_level",
                     "linkperf check: 0 ok, 1 warning, 2 failing against the profile's expectation",
                     "gauge",
                     {}};
    PromFamily measured{"linkperf_check_measured",
                        "linkperf check: the case's median in its unit (GB/s or ns)",
                        "gauge",
                        {}};
    PromFamily warning{"linkperf_check_warning_level",
                       "linkperf check: the expectation's warning level, in the case's unit",
                       "gauge",
                       {}};
    PromFamily failing{"linkperf_check_failing_level",
                       "linkperf check: the expectation's failing level, in the case's unit",
                       "gauge",
                       {}};
    for (const reports::HealthFinding& f : report.findings) {
        const std::vector<std::pair<std::string, std::string>> labels = {
            {"path", f.key.path},
            {"src", endpoint(f.key.source_role, f.key.source_memory)},
            {"dst", endpoint(f.key.destination_role, f.key.destination_memory)},
            {"size", std::to_string(f.key.size_bytes)},
            {"threads", std::to_string(f.key.threads)},
            {"expectation", f.expectation},
            {"provenance", reports::to_string(f.provenance.kind)}};
        level.samples.push_back({labels, static_cast<double>(static_cast<int>(f.level))});
        if (f.note.rfind("case failed", 0) != 0) {
            measured.samples.push_back({labels, f.measured});
        }
        warning.samples.push_back({labels, f.warning});
        failing.samples.push_back({labels, f.failing});
    }
    PromFamily unmatched{"linkperf_check_unmatched_cases",
                         "linkperf check: measured cases no expectation of the profile matched",
                         "gauge",
                         {{{}, static_cast<double>(report.unmatched)}}};
    PromFamily code{"linkperf_check_exit_code",
                    "linkperf check's exit code: 0 ok, 1 failing, 5 warnings, 6 nothing matched",
                    "gauge",
                    {{{}, static_cast<double>(reports::health_exit_code(report))}}};
    return {level, measured, warning, failing, unmatched, code};
}

std::string health_label_value(const reports::HealthReport& report) {
    return report.findings.empty() ? "unmatched" : reports::to_string(report.worst());
}

NfdLabel health_label(const reports::HealthReport& report) {
    return {std::string(kNfdPrefix) + "/health", health_label_value(report)};
}

} // namespace linkperf
