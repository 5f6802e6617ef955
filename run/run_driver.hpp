#pragma once
// The run driver: `linkperf run` from a checked request to its exit code. It owns what the run
// writes and how it ends: the results file (core/results_file), Ctrl-C/SIGTERM (a stop after
// the case in flight, a partial file), the passes of --repeat (each case's set-up kept across
// them, bench/prepared_case_cache), the saturation records and the Prometheus text (--prom).
// The CLI (cli/run_cli.cpp) parses and checks the options, opens the outputs and calls it.
#include "bench/path_runner.hpp"
#include "core/interrupt.hpp"
#include "core/measurement.hpp"
#include "core/output_file.hpp"
#include "core/plan.hpp"
#include "core/sampler.hpp"
#include "platform/topology.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace linkperf::run {

// Every family `linkperf run` and `linkperf list` plan and measure: host, then GPU.
std::vector<std::unique_ptr<bench::PathRunner>> make_runners();

// What a run is asked to do, its options parsed and checked.
struct RunRequest {
    std::vector<std::unique_ptr<bench::PathRunner>> runners; // make_runners(), or a test's
    PlanOptions options;
    SamplerConfig sampler; // one run's budget and criterion; each --repeat pass gets its share
    int repeat = 1;        // --repeat N: independent passes, each in its own shuffled order
    std::optional<std::uint64_t> seed;        // the shuffle of --repeat (default: random)
    std::vector<std::string> benchmark_flags; // passed through to Google Benchmark
    // --check: after a complete run with no failed case and something measured, judges the
    // results file (named as given) and its code is the run's; empty: none.
    std::function<int(const std::string& results)> judge;
};

class RunDriver {
public:
    // From here on Ctrl-C/SIGTERM stop the run after the case in flight: make it before the
    // options are checked, so a signal that comes while planning stops the run with no case.
    RunDriver() = default;

    // Plans, runs and records; returns the exit code (README): 0, 1 (a case failed), 3 (every
    // case skipped), 128+N (interrupted by signal N, the results file partial or, during the
    // judge, complete), or the judge's. `outputs` holds --out and --prom, checked and open
    // (OutputSet::check_and_open); without --out the results go to
    // results/<host>-<date>.json. Throws Error(usage) when no case is planned, and what
    // stops the whole run (a fatal GPU error; the results file keeps what ran).
    int run(RunRequest request, const Topology& topo, OutputSet& outputs);

private:
    InterruptScope interrupts_;
};

// --repeat N: each pass gets a 1/N share of one run's sampling budget and at least 3 samples
// (2 once two spend the share); no warm-up samples beyond the batch calibration. N <= 1: the
// budget as given.
SamplerConfig pass_budget(SamplerConfig c, int passes);

// Per case of a --repeat run: its pass medians, their run-to-run spread and the minimum
// detectable change of the recipe (this many runs on each side, the family threshold).
nlohmann::json repeat_summary(const std::vector<Measurement>& all, int passes);

// A --repeat run's figure per case for the outputs that carry one figure (--prom, the
// saturation records): the last pass's entry with the median of every ok pass's median.
std::vector<Measurement> run_level(const std::vector<Measurement>& last,
                                   const std::vector<Measurement>& every_pass);

} // namespace linkperf::run
