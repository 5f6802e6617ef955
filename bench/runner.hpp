#pragma once
// Runs a plan on Google Benchmark: every case is a registered benchmark (one iteration, manual
// time = the median time of one operation); a reporter appends each finished case to the
// results file and shows progress.
#include "bench/path_runner.hpp"
#include "bench/prepared_case_cache.hpp"
#include "core/results_file.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace linkperf::bench {

struct PlannedCase {
    Case test_case;
    PathRunner* runner = nullptr;
};

// Expands every family's plan and applies the filter; each runner adopts its plan
// (PathRunner::use). Families that plan nothing report their skip reason through `notes`
// ("no CUDA device: GPU paths skipped"), and every plan's notes follow.
std::vector<PlannedCase> expand_plan(const std::vector<std::unique_ptr<PathRunner>>& runners,
                                     const Topology& topo, const PlanOptions& options,
                                     std::vector<std::string>& notes);

struct RunOutcome {
    std::vector<Measurement> measurements;
    std::size_t failed = 0;
    std::size_t skipped = 0;
};

// Runs the cases through Google Benchmark. `gbench_args` are passed through to
// benchmark::Initialize (argv[0] first). Every finished case is appended to `results`. A case
// that cannot run here is skipped with its reason and the run goes on; after an interrupt
// (core/interrupt.hpp) the cases not yet started are left out. Throws only for what stops
// the whole run (a fatal GPU error; the file keeps what ran). Each measured case records its
// contention (core/contention.hpp) and, for `linkperf run --repeat`, its `pass`; with `cache`
// (the passes of --repeat) each case's set-up is taken from and kept in it.
RunOutcome run_cases(const std::vector<PlannedCase>& cases, const SamplerConfig& sampler,
                     ResultsFile& results, std::vector<std::string> gbench_args,
                     std::optional<int> pass = std::nullopt, PreparedCaseCache* cache = nullptr);

// Google Benchmark's CPU facts (cpus, MHz, caches, load) as results-file context fields.
void add_benchmark_context(nlohmann::json& context);

} // namespace linkperf::bench
