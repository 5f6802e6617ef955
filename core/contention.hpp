#pragma once
// What made one measured case (one pass of it) untrustworthy, recorded rather than guessed
// (docs/results-schema.md, `contention`): CPU time stolen by the hypervisor (/proc/stat steal),
// time other tasks waited for a CPU (/proc/pressure/cpu "some"), other runnable tasks as the
// case started and ended (/proc/stat procs_running), the measuring CPUs' clock changing or
// throttling (telemetry). Beyond a documented limit the case is `contended` and a regression
// it alone carries is `inconclusive` (gate/gate.hpp).
#include "core/telemetry.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace linkperf {

// Counters read before and after the case (platform/cpu_contention.hpp).
struct CpuCounters {
    std::uint64_t total_ticks = 0; // every field of /proc/stat's "cpu" line
    std::uint64_t steal_ticks = 0;
    std::optional<std::uint64_t> pressure_some_us; // /proc/pressure/cpu "some ... total="
    unsigned procs_running = 0;                    // including the reader itself
    double seconds = 0;                            // steady clock when read
};

// The limits beyond which a case is contended (docs/results-schema.md).
inline constexpr double kStealLimit = 0.05;       // of the CPU time of the case
inline constexpr double kPressureLimit = 0.50;    // of the case's wall time
inline constexpr double kClockChangeLimit = 0.25; // (max - min) / max of the CPU clock

struct ContentionSummary {
    std::optional<double> steal;         // fraction of all CPU time stolen during the case
    std::optional<double> pressure_some; // fraction of wall time some task waited for a CPU
    unsigned runnable_others = 0;        // most other runnable tasks seen at start or end
    unsigned cpus = 0;                   // online CPUs
    unsigned threads = 0;                // the case's measuring threads
    bool clock_changed = false;
    bool throttled = false;
    bool contended = false;
    std::string why; // "steal 7%; cpu pressure 63%; 3 other runnable tasks"; "" when clean
};

// Judges the counters of one case against the limits; `telemetry` adds clock and throttling.
ContentionSummary summarize_contention(const CpuCounters& before, const CpuCounters& after,
                                       unsigned cpus, unsigned threads,
                                       const std::optional<TelemetrySummary>& telemetry);

// {steal, pressure_some, runnable_others, clock_changed, throttled, contended, why}; an
// unreadable counter is null.
nlohmann::json to_json(const ContentionSummary& c);

} // namespace linkperf
