#pragma once
// Prometheus families of the fleet-wide commands, for node_exporter's textfile collector
// (docs/history.md, deploy/monitoring/): `linkperf history --prom FILE` and
// `linkperf fleet --prom FILE`. Rendered by prometheus_text.hpp.
//
//   linkperf_history_deviation_ratio{node,path,src,dst,size,threads}
//       the newest run against the median of its last stable segment, > 0: worse
//   linkperf_history_change_worse_ratio{...}   the newest change point's change (> 0 worse), 0
//   linkperf_history_runs_since_change{...}    runs since the newest change point (all: none)
//   linkperf_history_change_points{...}        change points in the series
//   linkperf_history_last_run_timestamp_seconds{node}  the newest run's start time
//   linkperf_fleet_node_quarantined{node,verdict}      1 when the fleet view quarantines it
//   linkperf_fleet_node_worst_deviation_ratio{node}    its worst case against its host type's
//       median (> 0: worse; 0 when no case was judged)
#include "fleet/fleet_analysis.hpp"
#include "history/history.hpp"
#include "node/prometheus_text.hpp"

#include <vector>

namespace linkperf {

std::vector<PromFamily> history_metrics(const reports::HistoryAnalysis& a);
std::vector<PromFamily> fleet_metrics(const reports::FleetAnalysis& a, double unix_seconds);

// Seconds since the epoch of an ISO 8601 UTC time ("2026-11-28T18:00:00Z", fractions and a
// +00:00 offset accepted); nullopt when it is not one.
std::optional<double> unix_seconds_of(const std::string& iso);

} // namespace linkperf
