#pragma once
// The key GPU figures of linkperf results files (`linkperf gpu-figures`, printed by the GPU
// check): per GPU, each key figure with the nvbandwidth testcase that measures the same thing
// and whether the convention is the same, then the targets of docs/gpu-paths.md, each MET or
// MISS. Reads the raw results JSON (extra fields included); no CUDA.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace linkperf::reports {

// One key figure's counterpart in nvbandwidth (0.8).
struct NvbandwidthMatch {
    std::string testcase;   // empty: nvbandwidth has none
    bool same = false;      // the same convention (counting, footprint), so figures compare
    std::string convention; // how nvbandwidth counts, and how linkperf differs where it does
};
// The counterpart of a key figure by its label ("ce.h2d", "lat.gpu_host_stride", ...); throws
// std::out_of_range for a label that is not a key figure.
const NvbandwidthMatch& nvbandwidth_match(const std::string& key);

struct KeyFigureReport {
    std::string text;
    int met = 0;    // targets met
    int missed = 0; // targets missed (a figure below target, or not measured)
};

// The key figures of `docs` (results documents; a case is taken from the first document that
// has it measured): every GPU the first document's context lists, or the GPUs its cases name.
KeyFigureReport gpu_key_figures(const std::vector<nlohmann::json>& docs);

// A results file read for the key figures: checked as `linkperf report` checks it (size, depth,
// schema), then kept as JSON. Throws ReportError (exit 2).
nlohmann::json read_results_json(const std::filesystem::path& path);

} // namespace linkperf::reports
