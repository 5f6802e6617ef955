#pragma once
// Thresholds of the regression gate: a default, one per metric, and per path glob
// (fnmatch, first match wins), plus the significance level and the minimum number of samples
// for the Mann-Whitney test. Read from JSON or from a small TOML subset (docs/reports.md).
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linkperf::reports {

struct PathThreshold {
    std::string glob;                // "host.c2c", "coll.*"
    std::optional<double> any;       // for every metric of the path
    std::optional<double> bandwidth; // or per metric
    std::optional<double> latency;
};

struct GateConfig {
    double threshold = 0.05; // relative change of the median (0.05 = 5%)
    std::optional<double> bandwidth_threshold;
    std::optional<double> latency_threshold;
    std::vector<PathThreshold> paths;
    double alpha = 0.05;         // two-sided significance level
    std::size_t min_samples = 5; // per side, for the U test; fewer: p5-p95 intervals decide

    // The threshold for one case: the first matching path rule, then the metric's, then the
    // default.
    double threshold_for(const std::string& path, const std::string& metric) const;
};

// "5%" -> 0.05, "5" -> 0.05 (a bare number is a percentage). Throws ReportError(usage).
double parse_threshold(std::string_view text);

// Parses a config; `format` is "json" or "toml"; `file` names it in messages.
GateConfig parse_gate_config(std::string_view text, std::string_view format,
                             const std::string& file, GateConfig defaults = {});
// Reads a config file; the format follows the extension (.json, .toml).
GateConfig load_gate_config(const std::filesystem::path& path, GateConfig defaults = {});

} // namespace linkperf::reports
