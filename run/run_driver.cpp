#include "run/run_driver.hpp"

#include "bench/results_table.hpp"
#include "bench/runner.hpp"
#include "bench/saturation_record.hpp"
#include "core/error.hpp"
#include "core/results_file.hpp"
#include "gate/gate_config.hpp"
#include "gate/run_stats.hpp"
#include "node/prometheus_text.hpp"
#include "platform/host_info.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <utility>

namespace linkperf::run {
namespace {

// node_exporter's textfile collector reads FILE; it is replaced atomically.
void write_prom(OutputFile* prom, const std::vector<Measurement>& measurements) {
    if (prom == nullptr) {
        return;
    }
    const double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    prom->write(render_prometheus(measurement_metrics(measurements, now)));
}

} // namespace

std::vector<std::unique_ptr<bench::PathRunner>> make_runners() {
    std::vector<std::unique_ptr<bench::PathRunner>> runners;
    runners.push_back(bench::make_host_runner());
    runners.push_back(bench::make_gpu_runner());
    return runners;
}

// The N passes together sample as long as one run: what a pass costs beyond its samples
// (a case's warm-up, batch calibration and data check, fresh pages for a small case) is the
// rest of the 1.5x budget, since a large case's set-up is kept across passes
// (bench/prepared_case_cache.hpp). A shorter pass costs the gate little: a pass median's
// noise here comes from the conditions of its moment, not from its number of samples
// (docs/reports.md, "Where the noise comes from").
SamplerConfig pass_budget(SamplerConfig c, int passes) {
    if (passes <= 1) {
        return c;
    }
    const double share = 1.0 / passes;
    c.max_seconds = std::max(0.02, c.max_seconds * share);
    c.min_samples = std::min<std::size_t>(c.min_samples, 3);
    // Two samples when two already spend the share: a case of long samples (256 MiB copies)
    // would otherwise pay a third one per pass.
    c.min_samples_past_time = std::min<std::size_t>(c.min_samples, 2);
    c.max_samples = std::max(c.min_samples,
                             static_cast<std::size_t>(static_cast<double>(c.max_samples) * share));
    c.warmup_samples = 0;
    return c;
}

nlohmann::json repeat_summary(const std::vector<Measurement>& all, int passes) {
    std::map<std::string, std::pair<const Measurement*, std::vector<double>>> by_case;
    for (const Measurement& m : all) {
        if (m.status == CaseStatus::ok) {
            auto& [first, medians] = by_case[m.test_case.name()];
            first = first ? first : &m;
            medians.push_back(m.stats.median);
        }
    }
    const reports::GateConfig gate;
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, entry] : by_case) {
        const Measurement& m = *entry.first;
        const double spread = reports::run_spread(entry.second);
        const bool higher = m.test_case.path.metric == Metric::bandwidth;
        const std::string metric = higher ? "bandwidth" : "latency";
        const double threshold =
            gate.threshold_for(m.test_case.path.id, metric, m.test_case.size_bytes);
        out[name] = {{"run_medians", entry.second},
                     {"run_spread", spread},
                     {"min_detectable_change",
                      reports::min_detectable_change(spread, static_cast<std::size_t>(passes),
                                                     static_cast<std::size_t>(passes), threshold,
                                                     higher, gate.run)}};
    }
    return out;
}

// As the results file and the gate read it (results_model/results_loader), not the last pass alone.
std::vector<Measurement> run_level(const std::vector<Measurement>& last,
                                   const std::vector<Measurement>& every_pass) {
    std::map<std::string, std::vector<double>> medians;
    for (const Measurement& m : every_pass) {
        if (m.status == CaseStatus::ok) {
            medians[m.test_case.name()].push_back(m.stats.median);
        }
    }
    std::vector<Measurement> out = last;
    for (Measurement& m : out) {
        if (const auto it = medians.find(m.test_case.name());
            it != medians.end() && m.status == CaseStatus::ok) {
            m.stats.median = reports::median_of(it->second);
        }
    }
    return out;
}

namespace {

// True when --filter matched nothing but would match cases that --cold adds: the plans are
// asked again with --cold (planning only; nothing is adopted).
bool filter_wants_cold(const std::vector<std::unique_ptr<bench::PathRunner>>& runners,
                       const Topology& topo, const PlanOptions& options) {
    if (options.cold_cache || !options.filter || options.study.study != Study::links) {
        return false;
    }
    PlanOptions cold = options;
    cold.cold_cache = true;
    for (const auto& r : runners) {
        if (!apply_filter(r->plan(topo, cold).cases, options.filter).empty()) {
            return true;
        }
    }
    return false;
}

} // namespace

int RunDriver::run(RunRequest request, const Topology& topo, OutputSet& outputs) {
    const PlanOptions& options = request.options;
    const int repeat = request.repeat;
    const SamplerConfig sampler = pass_budget(request.sampler, repeat);
    // With an output on stdout, the human-readable lines go to stderr.
    std::FILE* human = outputs.any_on_stdout() ? stderr : stdout;
    std::vector<std::string> notes;
    const auto cases = bench::expand_plan(request.runners, topo, options, notes);
    if (cases.empty()) {
        // The families' notes say why a whole family planned nothing (no device, no CUDA).
        std::string why;
        for (const auto& n : notes) {
            why += "; " + n;
        }
        if (filter_wants_cold(request.runners, topo, options)) {
            why += "; the cold-cache paths are planned only with --cold";
        }
        throw usage_error("no case to run (check --filter, --numa, --cpus and --sizes)" + why);
    }

    const HostInfo host = read_host_info();
    nlohmann::json context = benchmark_context(host, "linkperf");
    bench::add_benchmark_context(context);
    context["linkperf"] = linkperf_context(host, topo);
    context["linkperf"]["suite"] = options.study.study == Study::links
                                       ? to_string(options.suite)
                                       : to_string(options.study.study);
    context["linkperf"]["notes"] = notes;
    const std::uint64_t seed = request.seed ? *request.seed : std::random_device{}();
    if (repeat > 1) {
        context["linkperf"]["repeat"] = {{"passes", repeat},
                                         {"seed", seed},
                                         {"order", "shuffled per pass"},
                                         {"max_seconds_per_case", sampler.max_seconds},
                                         {"max_samples_per_case", sampler.max_samples}};
    }
    for (const auto& r : request.runners) {
        r->describe(context["linkperf"]);
    }
    if (outputs.get("--out") == nullptr) {
        outputs.add("--out", default_results_path(host.hostname).string());
    }
    std::optional<OutputFile> out_file = outputs.take("--out");
    const std::string out = out_file->spec();
    ResultsFile results(std::move(*out_file), context);

    fmt::print(human, "linkperf {} on {} ({}, {}): {} cases, suite {}\n",
               context["linkperf"]["version"].get<std::string>(), host.hostname, host.isa,
               host.cpu_model, cases.size(), context["linkperf"]["suite"].get<std::string>());
    // Facts about the run as a whole (no GPU, which memory figure sized it), with the run's
    // output rather than on stderr, which holds errors only.
    for (const auto& n : notes) {
        fmt::print(human, "note: {}\n", n);
    }
    std::fflush(human);
    std::vector<std::string> gb_args{"linkperf"};
    gb_args.insert(gb_args.end(), request.benchmark_flags.begin(), request.benchmark_flags.end());
    bench::RunOutcome outcome;
    std::vector<Measurement> every_pass;
    if (repeat <= 1) {
        outcome = bench::run_cases(cases, sampler, results, gb_args);
    } else {
        // Independent passes, each in its own shuffled order: drift and neighbours' load spread
        // over every case instead of landing on the ones run last.
        // A case holding 16 MiB or more (costly buffers to place and fill, chases to build) is
        // set up once and kept for the next pass within a quarter of each node's free memory,
        // so a pass costs its measurements (pass_budget; docs/reports.md).
        std::mt19937_64 rng(seed);
        bench::PreparedCaseCache prepared;
        for (int pass = 0; pass < repeat && interrupt_signal() == 0; ++pass) {
            std::vector<bench::PlannedCase> order = cases;
            std::shuffle(order.begin(), order.end(), rng);
            fmt::print(human, "pass {}/{}\n", pass + 1, repeat);
            std::fflush(human);
            if (pass + 1 == repeat) {
                prepared.last_pass();
            }
            bench::RunOutcome o =
                bench::run_cases(order, sampler, results, gb_args, pass, &prepared);
            outcome.failed += o.failed;
            outcome.skipped = o.skipped;
            every_pass.insert(every_pass.end(), o.measurements.begin(), o.measurements.end());
            outcome.measurements = std::move(o.measurements);
        }
        results.context()["linkperf"]["repeat"]["cases"] = repeat_summary(every_pass, repeat);
    }
    const std::vector<Measurement> figures =
        repeat > 1 ? run_level(outcome.measurements, every_pass) : outcome.measurements;
    const nlohmann::json saturation =
        bench::saturation_records(figures, {options.study.knee_fraction});
    if (options.study.study == Study::saturation) {
        results.context()["linkperf"]["saturation"] = saturation;
    }
    // The saturation records of what was measured go into a partial file too.
    if (const int sig = interrupt_signal(); sig != 0) {
        results.interrupt(signal_name(sig));
        bench::print_tables(human, outcome.measurements);
        std::fflush(human);
        fmt::print(stderr, "linkperf: interrupted by {}: partial results ({} of {} cases) in {}\n",
                   signal_name(sig), outcome.measurements.size(), cases.size(),
                   out == "-" ? std::string("standard output") : out);
        return interrupted_exit_code(sig);
    }
    results.finish();
    write_prom(outputs.get("--prom"), figures);

    bench::print_tables(human, outcome.measurements);
    for (const std::string& line : bench::study_lines(saturation, figures)) {
        fmt::print(human, "{}\n", line);
    }
    if (repeat > 1) {
        std::size_t contended = 0;
        for (const Measurement& m : every_pass) {
            contended += m.contention && m.contention->contended ? 1 : 0;
        }
        fmt::print(human,
                   "\n{} passes (the table shows the last); {} of {} case passes contended; "
                   "per case run medians, run-to-run spread and minimum detectable change in "
                   "context.linkperf.repeat.cases\n",
                   repeat, contended, every_pass.size());
    }
    fmt::print(human, "\nresults: {} ({} cases, {} failed, {} skipped)\n",
               out == "-" ? std::string("standard output") : out, outcome.measurements.size(),
               outcome.failed, outcome.skipped);
    if (outcome.failed > 0) {
        // Every pass's failures, each case once: a case that failed in an earlier pass of
        // --repeat and passed in the last is still named.
        std::set<std::string> named;
        for (const auto& m : repeat > 1 ? every_pass : outcome.measurements) {
            if (m.status == CaseStatus::failed && named.insert(m.test_case.name()).second) {
                fmt::print(stderr, "linkperf: case failed: {}: {}\n", m.test_case.name(), m.error);
            }
        }
        return static_cast<int>(ExitCode::failed);
    }
    if (!outcome.measurements.empty() && outcome.skipped == outcome.measurements.size()) {
        // Every case skipped: nothing was measured, which a CI job must not read as a pass.
        const Measurement& first = outcome.measurements.front();
        fmt::print(stderr,
                   "linkperf: nothing measured: all {} case(s) skipped here (first: {}: {})\n",
                   outcome.skipped, first.test_case.name(), first.error);
        return static_cast<int>(ExitCode::nothing_measured);
    }
    if (request.judge) {
        std::fflush(human);
        const int code = request.judge(out);
        // The run's interrupt scope still holds: a Ctrl-C during the check ends it as one.
        if (const int sig = interrupt_signal(); sig != 0) {
            fmt::print(stderr,
                       "linkperf: interrupted by {} during --check: the results in {} "
                       "are complete\n",
                       signal_name(sig), out);
            return interrupted_exit_code(sig);
        }
        return code;
    }
    return 0;
}

} // namespace linkperf::run
