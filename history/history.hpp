#pragma once
// A fleet's nightly history (docs/history.md): runs grouped per node (its hostname and host
// type), ordered by run date (context.linkperf.started_at), and per case key the series of
// run-level values (history_value.hpp); then change points per series (change_points.hpp) and
// what changed in the runs' context where a series changed. Only what the analysis needs is kept
// of each file (no samples), so thousands of files fit in little memory.
#include "fleet/fleet_nodes.hpp"
#include "history/change_points.hpp"
#include "results_model/results_model.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace linkperf::reports {

// The facts of one run a change point is explained by.
struct HistoryRun {
    std::string file;
    std::string date; // context.linkperf.started_at (ISO 8601 UTC)
    std::string kernel;
    std::string os;
    std::string cpu_model;
    std::string driver; // CUDA driver
    std::string cuda_runtime;
    std::string linkperf_version; // "0.1.0 (0123456789ab)"
    std::string gpus;             // the host type's GPU models
    bool complete = true;
};

struct HistoryPoint {
    std::uint32_t run = 0; // into HistoryNode::runs
    double value = 0;
};

struct HistorySeries {
    std::uint32_t case_index = 0;     // into HistoryStore::cases()
    std::vector<HistoryPoint> points; // by run date
};

struct HistoryNode {
    std::string name;
    HostType host;
    std::vector<HistoryRun> runs;      // by date (then file name) after finish()
    std::vector<HistorySeries> series; // by case key after finish()
};

class HistoryStore {
public:
    // Keeps what the history needs of `run`: ok, unthrottled cases with a finite positive
    // value. A run without a date is refused (ReportError naming the file). `naming`: the node
    // is the run's hostname, or its file name (when hostnames are pod names, as in the nightly
    // CronJob's per-night directories).
    void add(const Run& run, NodeNaming naming = NodeNaming::hostname);
    // Orders runs by date and series by case key; call once, after the last add.
    void finish();

    const std::vector<FleetCase>& cases() const { return cases_; }
    const std::vector<HistoryNode>& nodes() const { return nodes_; }
    std::size_t runs() const { return runs_; }
    std::size_t points_left_out() const { return left_out_; }

private:
    std::vector<FleetCase> cases_;
    std::map<CaseKey, std::uint32_t> case_index_;
    std::vector<HistoryNode> nodes_;
    std::map<std::pair<std::string, HostType>, std::size_t> node_index_;
    std::vector<std::map<std::uint32_t, std::size_t>> series_index_; // per node: case -> series
    std::size_t runs_ = 0;
    std::size_t left_out_ = 0;
};

// A fact of the runs' context that differs across a change point.
struct ContextChange {
    std::string fact; // "kernel", "CUDA driver", "linkperf", "CPU model", "OS", ...
    std::string before;
    std::string after;
    std::string date; // the first run with `after`
};

struct Segment {
    std::size_t begin = 0; // point index, inclusive
    std::size_t end = 0;   // exclusive
    double median = 0;
};

struct SeriesHistory {
    std::size_t node = 0;
    std::size_t series = 0; // into nodes[node].series
    std::vector<ChangePoint> changes;
    std::vector<Segment> segments;
    // The newest value relative to the median of the newest stable segment before it (the
    // last segment with at least min_segment points before the newest run), in the bad
    // direction (> 0: worse); 0 when there is no such segment.
    double deviation = 0;
};

struct HistoryChange {
    std::size_t node = 0;
    std::size_t series_history = 0; // into HistoryAnalysis::series
    ChangePoint point;
    std::string date; // the first run of the new segment
    std::string file;
    double worse = 0; // the magnitude in the bad direction (> 0: worse)
    std::vector<ContextChange> context;
};

struct HistoryAnalysis {
    const HistoryStore* store = nullptr;
    ChangePointOptions options;
    std::vector<SeriesHistory> series;  // by node, then case key
    std::vector<HistoryChange> changes; // worst first
};

HistoryAnalysis analyse_history(const HistoryStore& store, const ChangePointOptions& options);

// The context facts that differ between consecutive runs of `node` with a boundary in
// [from_run, to_run] (run indexes; the boundary before run i is between i-1 and i).
std::vector<ContextChange> context_changes(const HistoryNode& node, std::size_t from_run,
                                           std::size_t to_run);

// The last stable segment of every case of `node` as a Run the gate compares with: per case
// the segment's runs' values as samples and their median as the case's median (the metric,
// unit and direction of the case). The segment is the newest one with at least min_segment
// points, else the whole series.
Run stable_baseline(const HistoryStore& store, const HistoryNode& node,
                    const ChangePointOptions& options);

// The results files of the command line: files as given, directories searched recursively for
// *.json regular files (sorted, so the run order never depends on the directory's order).
// ReportError(usage) for a path that does not exist or is neither a file nor a directory.
std::vector<std::filesystem::path> history_files(const std::vector<std::string>& args);

struct HistoryLoad {
    std::size_t read = 0;
    std::size_t other_nodes = 0;         // left out by the node filter
    std::vector<std::string> unreadable; // "FILE: why", files the loader refused (left out)
};

// Loads `files` one at a time into `store` (kept: the runs of `node` only, when not empty). A
// file the loader refuses (a crashed run, a verdict file in the same directory) is left out and
// named in the result, so one bad night never hides the history.
HistoryLoad load_history(HistoryStore& store, const std::vector<std::filesystem::path>& files,
                         const std::string& node, NodeNaming naming = NodeNaming::hostname);

} // namespace linkperf::reports
