#pragma once
// Prometheus text exposition format (version 0.0.4) for node_exporter's textfile collector:
// `linkperf run --prom FILE`. Base units: bandwidth in bytes per second (from GB/s), latency in
// seconds (from ns).
//
//   linkperf_bandwidth_bytes_per_second{path,src,dst,size,threads}  median of an ok case
//   linkperf_latency_seconds{path,src,dst,size,threads}             median of an ok case
//   linkperf_case_failed{...}   1 when the case failed (measurement or data check), else 0
//   linkperf_case_skipped{...}  1 when the case could not run here, else 0
//   linkperf_case_throttled{...} 1 when clocks throttled during the case (cases with telemetry)
//   linkperf_link_efficiency_ratio{...} median / the link's theoretical rate (extra.efficiency)
//   linkperf_last_run_timestamp_seconds  when the file was written
#include "core/measurement.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace linkperf {

struct PromSample {
    std::vector<std::pair<std::string, std::string>> labels;
    double value = 0;
};

struct PromFamily {
    std::string name;
    std::string help;
    std::string type = "gauge";
    std::vector<PromSample> samples;
};

// Backslash, double quote and line feed escaped as the format requires.
std::string escape_label_value(std::string_view value);
// A value as the format spells it: Go float syntax, "+Inf", "-Inf", "NaN".
std::string format_sample_value(double value);
// HELP and TYPE lines, then every sample; families without samples are left out.
std::string render_prometheus(const std::vector<PromFamily>& families);

// The families above for the measured cases; `unix_seconds` is the run's timestamp.
std::vector<PromFamily> measurement_metrics(const std::vector<Measurement>& measurements,
                                            double unix_seconds);

} // namespace linkperf
