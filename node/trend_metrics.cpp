#include "node/trend_metrics.hpp"

#include <cmath>
#include <ctime>
#include <optional>

namespace linkperf {
namespace {

using reports::FleetCase;
using reports::HistoryAnalysis;
using reports::HistoryNode;

std::string side(const std::string& role, const std::string& memory) {
    return memory.empty() || memory == "numa" ? role : role + ":" + memory;
}

std::vector<std::pair<std::string, std::string>> series_labels(const std::string& node,
                                                               const reports::CaseKey& k) {
    return {{"node", node},
            {"path", k.path},
            {"src", side(k.source_role, k.source_memory)},
            {"dst", side(k.destination_role, k.destination_memory)},
            {"size", std::to_string(k.size_bytes)},
            {"threads", std::to_string(k.threads)}};
}

} // namespace

std::optional<double> unix_seconds_of(const std::string& iso) {
    std::tm tm{};
    int consumed = 0;
    if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                    &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6) {
        return std::nullopt;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    double frac = 0;
    std::string rest = iso.substr(static_cast<std::size_t>(consumed));
    if (!rest.empty() && rest[0] == '.') {
        std::size_t i = 1;
        double scale = 0.1;
        for (; i < rest.size() && rest[i] >= '0' && rest[i] <= '9'; ++i, scale /= 10) {
            frac += (rest[i] - '0') * scale;
        }
        rest = rest.substr(i);
    }
    if (rest != "Z" && rest != "+00:00") {
        return std::nullopt;
    }
    const std::time_t t = timegm(&tm);
    return t == static_cast<std::time_t>(-1) ? std::nullopt
                                             : std::optional<double>(static_cast<double>(t) + frac);
}

std::vector<PromFamily> history_metrics(const HistoryAnalysis& a) {
    PromFamily deviation{"linkperf_history_deviation_ratio",
                         "The newest run's value against the median of the case's last stable "
                         "segment on this node (> 0: worse, docs/history.md).",
                         "gauge",
                         {}};
    PromFamily worse{"linkperf_history_change_worse_ratio",
                     "The change of the mean at the newest change point of the case on this "
                     "node (> 0: worse; 0 without change point).",
                     "gauge",
                     {}};
    PromFamily since{"linkperf_history_runs_since_change",
                     "Runs since the newest change point of the case (all runs without one).",
                     "gauge",
                     {}};
    PromFamily count{"linkperf_history_change_points",
                     "Change points found in the case's history on this node.",
                     "gauge",
                     {}};
    PromFamily last{"linkperf_history_last_run_timestamp_seconds",
                    "Unix time at which the node's newest run in the history started.",
                    "gauge",
                    {}};
    for (const reports::SeriesHistory& h : a.series) {
        const HistoryNode& node = a.store->nodes()[h.node];
        const reports::HistorySeries& s = node.series[h.series];
        const FleetCase& fc = a.store->cases()[s.case_index];
        const auto labels = series_labels(node.name, fc.key);
        deviation.samples.push_back({labels, h.deviation});
        double w = 0;
        std::size_t runs = s.points.size();
        if (!h.changes.empty()) {
            const double m = h.changes.back().magnitude;
            w = fc.higher_is_better ? -m : m;
            runs = s.points.size() - h.changes.back().index;
        }
        worse.samples.push_back({labels, w});
        since.samples.push_back({labels, static_cast<double>(runs)});
        count.samples.push_back({labels, static_cast<double>(h.changes.size())});
    }
    for (const HistoryNode& node : a.store->nodes()) {
        if (!node.runs.empty()) {
            if (const auto t = unix_seconds_of(node.runs.back().date)) {
                last.samples.push_back({{{"node", node.name}}, *t});
            }
        }
    }
    return {deviation, worse, since, count, last};
}

std::vector<PromFamily> fleet_metrics(const reports::FleetAnalysis& a, double unix_seconds) {
    PromFamily quarantined{"linkperf_fleet_node_quarantined",
                           "1 when the fleet view quarantines the node (verdict outlier, failed "
                           "or incomplete, docs/fleet.md), else 0.",
                           "gauge",
                           {}};
    PromFamily worst{"linkperf_fleet_node_worst_deviation_ratio",
                     "The node's worst case against its host type's median (> 0: worse; 0 "
                     "when no case was judged).",
                     "gauge",
                     {}};
    PromFamily stamp{"linkperf_fleet_last_run_timestamp_seconds",
                     "Unix time at which linkperf fleet wrote these metrics.",
                     "gauge",
                     {{{}, unix_seconds}}};
    for (std::size_t n = 0; n < a.nodes.size(); ++n) {
        const reports::NodeAssessment& as = a.assessed[n];
        quarantined.samples.push_back(
            {{{"node", a.nodes[n].name}, {"verdict", reports::to_string(as.verdict)}},
             as.verdict == reports::NodeVerdict::ok ? 0.0 : 1.0});
        double w = 0;
        if (as.worst && as.worst->dev.worse) {
            w = std::fabs(as.worst->dev.change);
        }
        worst.samples.push_back({{{"node", a.nodes[n].name}}, w});
    }
    return {quarantined, worst, stamp};
}

} // namespace linkperf
