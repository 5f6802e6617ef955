#include "core/contention.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace linkperf {

ContentionSummary summarize_contention(const CpuCounters& before, const CpuCounters& after,
                                       unsigned cpus, unsigned threads,
                                       const std::optional<TelemetrySummary>& telemetry) {
    ContentionSummary c;
    c.cpus = cpus;
    c.threads = threads;
    const auto add = [&c](const std::string& why) { c.why += (c.why.empty() ? "" : "; ") + why; };
    if (after.total_ticks > before.total_ticks && after.steal_ticks >= before.steal_ticks) {
        c.steal = static_cast<double>(after.steal_ticks - before.steal_ticks) /
                  static_cast<double>(after.total_ticks - before.total_ticks);
    }
    const double wall = after.seconds - before.seconds;
    if (before.pressure_some_us && after.pressure_some_us && wall > 0 &&
        *after.pressure_some_us >= *before.pressure_some_us) {
        c.pressure_some =
            std::min(1.0, static_cast<double>(*after.pressure_some_us - *before.pressure_some_us) /
                              1e6 / wall);
    }
    // procs_running counts the reader; the case's own threads are not running at either read.
    const auto others = [](const CpuCounters& k) {
        return k.procs_running > 0 ? k.procs_running - 1 : 0u;
    };
    c.runnable_others = std::max(others(before), others(after));
    if (telemetry) {
        c.throttled = telemetry->throttled;
        if (telemetry->cpu_mhz && telemetry->cpu_mhz->max > 0) {
            c.clock_changed =
                (telemetry->cpu_mhz->max - telemetry->cpu_mhz->min) / telemetry->cpu_mhz->max >
                kClockChangeLimit;
        }
    }
    if (c.steal && *c.steal > kStealLimit) {
        add(fmt::format("steal {:.0f}%", *c.steal * 100));
    }
    if (c.pressure_some && *c.pressure_some > kPressureLimit) {
        add(fmt::format("cpu pressure {:.0f}%", *c.pressure_some * 100));
    }
    // More other tasks wanting a CPU than the machine has: some of them ran on the case's.
    if (cpus > 0 && c.runnable_others > cpus) {
        add(fmt::format("{} other runnable tasks on {} CPUs", c.runnable_others, cpus));
    }
    if (c.clock_changed) {
        add("CPU clock changed");
    }
    if (c.throttled) {
        add("throttled");
    }
    c.contended = !c.why.empty();
    return c;
}

nlohmann::json to_json(const ContentionSummary& c) {
    nlohmann::json j;
    j["steal"] = c.steal ? nlohmann::json(*c.steal) : nlohmann::json(nullptr);
    j["pressure_some"] =
        c.pressure_some ? nlohmann::json(*c.pressure_some) : nlohmann::json(nullptr);
    j["runnable_others"] = c.runnable_others;
    j["cpus"] = c.cpus;
    j["clock_changed"] = c.clock_changed;
    j["throttled"] = c.throttled;
    j["contended"] = c.contended;
    j["why"] = c.why;
    return j;
}

} // namespace linkperf
