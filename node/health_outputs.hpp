#pragma once
// What `linkperf check` hands to fleet tooling (docs/health.md):
//   Prometheus (node_exporter textfile collector), one sample per finding, labels path, src, dst,
//   size, threads, expectation, provenance:
//     linkperf_check_level            0 ok, 1 warning, 2 failing
//     linkperf_check_measured         the case's median in its unit (GB/s, ns); absent when the
//                                     case failed
//     linkperf_check_warning_level    the expectation's warning level, same unit
//     linkperf_check_failing_level    the expectation's failing level, same unit
//   and per run linkperf_check_unmatched_cases, linkperf_check_exit_code.
//   NFD: the label linkperf.dev/health = ok | warning | failing | unmatched.
#include "gate/expectation_check.hpp"
#include "node/nfd_labels.hpp"
#include "node/prometheus_text.hpp"

#include <string>
#include <vector>

namespace linkperf {

std::vector<PromFamily> health_metrics(const reports::HealthReport& report);
// "ok", "warning", "failing", or "unmatched" when no expectation matched any case.
std::string health_label_value(const reports::HealthReport& report);
NfdLabel health_label(const reports::HealthReport& report);

} // namespace linkperf
