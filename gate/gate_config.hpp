#pragma once
// Thresholds of the regression gate: per path glob (fnmatch, first match wins), per metric,
// one for every case, else per path family (bandwidth, latency, collectives x small, large
// sizes) from measured A/A noise (scripts/gate-calibrate.sh); plus the significance level and
// the minimum number of samples for the Mann-Whitney test. Read from JSON or from a small TOML
// subset (docs/reports.md).
#include "gate/run_stats.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
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

// The families the default thresholds are chosen for: host/GPU bandwidth and latency paths
// and collectives (coll.*), each split at kLargeFrom bytes.
enum class GateFamily {
    bandwidth_small,
    bandwidth_large,
    latency_small,
    latency_large,
    collectives_small,
    collectives_large
};
inline constexpr std::size_t kGateFamilies = 6;
inline constexpr std::uint64_t kLargeFrom = 1ULL << 20;
const char* to_string(GateFamily f); // "bandwidth.small", ..., "collectives.large"
GateFamily gate_family(const std::string& path, const std::string& metric,
                       std::uint64_t size_bytes);

// Defaults per family, after scripts/gate-calibrate.sh on the shared development VM
// (docs/reports.md): the families that can be quiet there (small bandwidth, small collectives
// on 2 ranks) had 1.4-2.1% false alarms at 15%; the others had 10-40% at any usable threshold
// (whole-run shifts from neighbours' load). 15% still fails a collective 20% worse. A starting
// point: a fleet sets its own from its canaries (scripts/gate-calibrate.sh).
inline constexpr std::array<double, kGateFamilies> kDefaultFamilyThresholds = {0.15, 0.15, 0.15,
                                                                               0.15, 0.15, 0.15};

struct GateConfig {
    std::optional<double> threshold; // one for every case (config or --threshold): beats families
    std::array<double, kGateFamilies> family = kDefaultFamilyThresholds;
    std::optional<double> bandwidth_threshold;
    std::optional<double> latency_threshold;
    std::vector<PathThreshold> paths;
    double alpha = 0.05;         // two-sided significance level
    std::size_t min_samples = 5; // per side, for the U test; fewer: p5-p95 intervals decide
    RunLevelRule run;            // verdicts from several runs per side (gate/run_stats.hpp)
    bool contention = true;      // false: contended passes count as clean (calibration, A/B)

    // The threshold for one case: the first matching path rule, then the metric's, then the
    // one for every case, then the family's.
    double threshold_for(const std::string& path, const std::string& metric,
                         std::uint64_t size_bytes = 0) const;
};

// "5%" -> 0.05, "5" -> 0.05 (a bare number is a percentage). Throws ReportError(usage).
double parse_threshold(std::string_view text);

// Parses a config; `format` is "json" or "toml"; `file` names it in messages.
GateConfig parse_gate_config(std::string_view text, std::string_view format,
                             const std::string& file, GateConfig defaults = {});
// Reads a config file; the format follows the extension (.json, .toml).
GateConfig load_gate_config(const std::filesystem::path& path, GateConfig defaults = {});

} // namespace linkperf::reports
