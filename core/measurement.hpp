#pragma once
// What running a case produced: the samples in the metric's unit, their statistics, where the
// threads and memory really were, and whether the data survived the transfer.
#include "core/case.hpp"
#include "core/contention.hpp"
#include "core/statistics.hpp"
#include "core/stopping_criterion.hpp"
#include "core/telemetry.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace linkperf {

enum class CaseStatus { ok, failed, skipped };
const char* to_string(CaseStatus status);

struct Placement {
    bool verified = false;             // memory and threads were checked where they should be
    std::vector<int> memory_nodes;     // NUMA node(s) the buffers were found on
    std::vector<unsigned> cpus_ran_on; // PUs the measuring threads were seen on
    std::string detail;                // what was found when verification failed
};

struct Measurement {
    Case test_case;
    CaseStatus status = CaseStatus::ok;
    std::string error;              // why the case failed or was skipped
    std::vector<double> samples;    // in the path's unit (GB/s or ns)
    Statistics stats;               // of samples
    double seconds_per_op = 0;      // median time of one operation
    std::uint64_t bytes_per_op = 0; // bytes counted per operation (bandwidth paths)
    std::uint64_t reps_per_sample = 1;
    bool converged = false;
    // The stopping criterion the samples were judged by (converged: it ended the sampling);
    // nullopt for a case that took no samples.
    std::optional<Criterion> criterion;
    bool data_verified = false;
    Placement placement;
    nlohmann::json extra = nlohmann::json::object(); // per-path facts (store kind, link, ...)
    // CPU frequency and GPU clocks/power/throttling sampled while the case ran (the runner's
    // sampler; nullopt for measurements made without it).
    std::optional<TelemetrySummary> telemetry;
    // CPU steal, pressure, other runnable tasks and clock changes over the case (the runner;
    // nullopt for measurements made without it).
    std::optional<ContentionSummary> contention;
    // Which pass of `linkperf run --repeat N` measured it; nullopt for a single run.
    std::optional<int> pass;
};

} // namespace linkperf
