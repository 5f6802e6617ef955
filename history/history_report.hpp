#pragma once
// `linkperf history` outputs (docs/history.md): one self-contained HTML page (the change points
// worst first, then per node and case a trend chart with the change points marked and the
// segments' medians, with its figures table), JSON and CSV for machines.
#include "history/history.hpp"

#include <string>

namespace linkperf::reports {

std::string history_html(const HistoryAnalysis& a);
std::string history_json(const HistoryAnalysis& a);
// One row per change point, worst first.
std::string history_csv(const HistoryAnalysis& a);

// "kernel 6.1.0-26 -> 6.1.0-28 (2026-11-28T02:30:00Z)", "; "-joined; "none recorded" if empty.
std::string context_text(const std::vector<ContextChange>& changes);

} // namespace linkperf::reports
