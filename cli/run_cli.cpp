// `linkperf run` and `linkperf list`: topology -> plan -> Google Benchmark run -> results file.
#include "bench/path_runner.hpp"
#include "bench/results_table.hpp"
#include "bench/runner.hpp"
#include "bench/saturation_record.hpp"
#include "cli/check_command.hpp"
#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/output_file.hpp"
#include "core/results_file.hpp"
#include "core/units.hpp"
#include "fleet/prometheus_text.hpp"
#include "platform/cpu_list.hpp"
#include "platform/host_info.hpp"
#include "reports/gate_config.hpp"
#include "reports/run_stats.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>

namespace linkperf::cli {
namespace {

struct PlanFlags {
    std::string suite = "quick";
    std::string filter;
    std::string sizes;
    unsigned threads = 0;
    static constexpr long long kMaxThreads = 1 << 16;
    std::string numa;
    std::string cpus;
    std::string topology;
    std::optional<std::string> sweep; // set when --sweep is given, even empty
    double knee = 0.95;
    bool suite_given = false; // --suite quick given, not the default
    bool knee_given = false;
    bool cold = false;
};

struct RunFlags {
    PlanFlags plan;
    std::string criterion = "stdrel";
    std::string out;
    std::string prom;
    std::string check; // --check PROFILE|auto (docs/health.md)
    std::vector<std::string> benchmark_flags;
    int repeat = 1;                    // --repeat N: independent passes
    std::optional<std::uint64_t> seed; // --seed: the case-order shuffle (default: random)
};

void add_plan_flags(CLI::App* cmd, PlanFlags& f) {
    cmd->add_option("--suite", f.suite,
                    "quick (smoke, < 60 s), standard (canary), full, saturation (concurrency "
                    "sweeps: knee and plateau per link) or contention (victim alone and under an "
                    "aggressor) (docs/saturation.md)")
        ->check(CLI::IsMember({"quick", "standard", "full", "saturation", "contention"}))
        ->each([&f](const std::string&) { f.suite_given = true; });
    cmd->add_option_function<std::string>(
        "--sweep", [&f](const std::string& v) { f.sweep = v; },
        "saturation sweeps to run: threads (host memory), gpus (host<->GPU), peers "
        "(GPU<->GPU) or all, comma-separated (implies --suite saturation)");
    cmd->add_option("--knee", f.knee,
                    "a saturation curve's knee: the smallest concurrency reaching this fraction "
                    "of the plateau (default 0.95)")
        ->check(non_empty())
        ->each([&f](const std::string&) { f.knee_given = true; });
    cmd->add_option("--filter", f.filter, "only cases whose name matches this regex")
        ->check(non_empty());
    cmd->add_option("--sizes", f.sizes,
                    "sizes in bytes (K/M/G = 2^10/2^20/2^30): a list 4K,64K,1M or a range "
                    "4K:1G:x2")
        ->check(non_empty());
    cmd->add_option("--threads", f.threads, "most threads per case (default: all of the node)")
        ->check(whole_number(1, PlanFlags::kMaxThreads));
    cmd->add_option("--numa", f.numa,
                    "SRC:DST: memory of NUMA node SRC measured by threads of node DST")
        ->check(non_empty());
    cmd->add_option("--cpus", f.cpus, "explicit CPUs for the measuring threads, e.g. 0,2,4-7")
        ->check(non_empty());
    cmd->add_option("--topology", f.topology, "plan from an hwloc XML export instead of this host")
        ->check(regular_file());
    cmd->add_flag("--cold", f.cold,
                  "also measure host.read (1 thread) and host.latency with the buffer's cache "
                  "lines flushed before every pass, at sizes that fit in the last-level cache "
                  "(docs/cold-cache.md)");
}

// Runs parse(text) and names `option` in its usage error.
template <typename Parse>
auto parse_option(const char* option, const std::string& text, Parse parse) {
    try {
        return parse(text);
    } catch (const Error& e) {
        if (e.code() != ExitCode::usage) {
            throw;
        }
        throw usage_error(std::string(option) + ": " + e.what());
    }
}

PlanOptions to_options(const PlanFlags& f) {
    PlanOptions o;
    // saturation and contention are studies sampled like the standard suite: one figure per
    // concurrency level carries a knee (docs/saturation.md).
    if (f.suite == "saturation" || f.suite == "contention" || f.sweep) {
        o.study.study = f.suite == "contention" ? Study::contention : Study::saturation;
        if (f.sweep && f.suite != "saturation" && (f.suite_given || f.suite != "quick")) {
            throw usage_error("--sweep belongs to --suite saturation, not --suite " + f.suite);
        }
        if (f.sweep) {
            o.study.sweeps = parse_sweeps(*f.sweep);
        }
        o.suite = Suite::standard;
    } else {
        o.suite = suite_from_string(f.suite);
    }
    o.study.knee_fraction = check_knee_fraction(f.knee);
    if (f.knee_given && o.study.study != Study::saturation) {
        // Only a saturation study has curves to read a knee from; ignoring it would be silent.
        throw usage_error("--knee reads saturation curves: give it with --suite saturation or "
                          "--sweep, not --suite " +
                          f.suite);
    }
    if (f.cold && o.study.study != Study::links) {
        // The studies plan their own cases; a flag they would not use must not pass silently.
        throw usage_error("--cold adds cases to --suite quick, standard or full, not to --suite " +
                          f.suite);
    }
    o.cold_cache = f.cold;
    if (!f.sizes.empty()) {
        o.sizes = parse_option("--sizes", f.sizes,
                               [](const std::string& t) { return parse_size_spec(t); });
    }
    if (f.threads > 0) {
        o.threads = f.threads;
    }
    if (!f.numa.empty()) {
        o.numa =
            parse_option("--numa", f.numa, [](const std::string& t) { return parse_numa_pair(t); });
    }
    if (!f.cpus.empty()) {
        o.cpus = parse_option("--cpus", f.cpus, [](const std::string& t) {
            std::string why;
            auto cpus = parse_cpu_list(t, &why);
            if (!cpus) {
                throw usage_error(why);
            }
            if (cpus->empty()) {
                throw usage_error("empty CPU list");
            }
            return *cpus;
        });
    }
    if (!f.filter.empty()) {
        o.filter = f.filter;
    }
    return o;
}

std::vector<std::unique_ptr<bench::PathRunner>> make_runners() {
    std::vector<std::unique_ptr<bench::PathRunner>> runners;
    runners.push_back(bench::make_host_runner());
    runners.push_back(bench::make_gpu_runner());
    return runners;
}

Topology load_topology(const PlanFlags& f) {
    if (!f.topology.empty()) {
        check_stdout_not_input({{"--topology", f.topology}}); // list --topology x.xml >> x.xml
    }
    return Topology::load(f.topology.empty() ? std::nullopt
                                             : std::optional<std::filesystem::path>(f.topology));
}

// node_exporter's textfile collector reads FILE; it is replaced atomically.
void write_prom(std::optional<OutputFile>& prom, const std::vector<Measurement>& measurements) {
    if (!prom) {
        return;
    }
    const double now =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    prom->write(render_prometheus(measurement_metrics(measurements, now)));
}

// --repeat N: each pass gets a 1.5/N share of one run's sampling budget and at least 3 samples;
// no warm-up samples beyond the batch calibration, whose batches run the case first. Each
// case's set-up (allocation, first touch, chases) is kept across passes
// (bench/prepared_case_cache.hpp), so 5 passes of quick cost about 1.5x one run (docs/reports.md).
SamplerConfig pass_budget(SamplerConfig c, int passes) {
    if (passes <= 1) {
        return c;
    }
    const double share = std::min(1.0, 1.5 / passes);
    c.max_seconds = std::max(0.02, c.max_seconds * share);
    c.min_samples = std::min<std::size_t>(c.min_samples, 3);
    c.max_samples = std::max(c.min_samples,
                             static_cast<std::size_t>(static_cast<double>(c.max_samples) * share));
    c.warmup_samples = 0;
    return c;
}

// Per case of a --repeat run: its pass medians, their run-to-run spread and the minimum
// detectable change of the recipe (this many runs on each side, the family threshold).
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

// A --repeat run's figure per case for the outputs that carry one figure (--prom, the saturation
// records): the last pass's entry with the median of every ok pass's median, as the results file
// and the gate read it (reports/results_loader), not the last pass alone.
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

int run_command(const RunFlags& flags) {
    // Ctrl-C/SIGTERM from the first moment of the run: stop after the case in flight (before
    // the first case, a signal that came while planning stops it with no case measured).
    const InterruptScope interrupts;
    check_benchmark_flags(flags.benchmark_flags);
    if (flags.seed && flags.repeat <= 1) {
        throw usage_error("--seed orders the passes of --repeat N (N >= 2); a single run has none");
    }
    if (flags.repeat > 1) {
        for (const std::string& f : flags.benchmark_flags) {
            if (f.rfind("--benchmark_repetitions", 0) == 0) {
                // Repetitions inside one pass are not independent runs: the run-level gate
                // would count N x K back-to-back repetitions as N x K runs.
                throw usage_error("--repeat N and " + f +
                                  " do not combine: each pass is one run (use --repeat alone)");
            }
        }
    }
    const PlanOptions options = to_options(flags.plan);
    SamplerConfig sampler = pass_budget(sampler_for(options.suite), flags.repeat);
    sampler.criterion = parse_option("--criterion", flags.criterion, criterion_from_string);
    // Outputs are resolved, checked against the inputs and locked before anything is measured.
    std::optional<OutputFile> out_file;
    std::optional<OutputFile> prom;
    std::vector<const OutputFile*> outputs;
    if (!flags.out.empty()) {
        outputs.push_back(&out_file.emplace("--out", flags.out));
    }
    if (!flags.prom.empty()) {
        outputs.push_back(&prom.emplace("--prom", flags.prom));
    }
    std::vector<InputFile> inputs;
    if (!flags.plan.topology.empty()) {
        inputs.push_back({"--topology", flags.plan.topology});
    }
    if (!flags.check.empty()) {
        if (flags.out == "-") {
            throw usage_error("--check judges the results file: give --out FILE, not -");
        }
        if (flags.prom == "-") {
            // The check's lines would land in the Prometheus text on stdout.
            throw usage_error("--check prints its findings on standard output: give --prom FILE, "
                              "not -");
        }
        if (flags.check != "auto") {
            inputs.push_back({"--check", flags.check});
            reports::load_profile(flags.check); // a bad profile fails before anything runs
        }
    }
    check_distinct(outputs, inputs);
    bool to_stdout = false;
    for (const OutputFile* o : outputs) {
        to_stdout = to_stdout || o->kind() == OutputFile::Kind::standard_output;
    }
    for (OutputFile* o : {out_file ? &*out_file : nullptr, prom ? &*prom : nullptr}) {
        if (o) {
            o->open();
        }
    }
    // With an output on stdout, the human-readable lines go to stderr.
    std::FILE* human = to_stdout ? stderr : stdout;
    const Topology topo = load_topology(flags.plan);
    auto runners = make_runners();
    std::vector<std::string> notes;
    const auto cases = bench::expand_plan(runners, topo, options, notes);
    if (cases.empty()) {
        // The families' notes say why a whole family planned nothing (no device, no CUDA).
        std::string why;
        for (const auto& n : notes) {
            why += "; " + n;
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
    const std::uint64_t seed = flags.seed ? *flags.seed : std::random_device{}();
    if (flags.repeat > 1) {
        context["linkperf"]["repeat"] = {{"passes", flags.repeat},
                                         {"seed", seed},
                                         {"order", "shuffled per pass"},
                                         {"max_seconds_per_case", sampler.max_seconds},
                                         {"max_samples_per_case", sampler.max_samples}};
    }
    for (const auto& r : runners) {
        r->describe(context["linkperf"]);
    }
    if (!out_file) {
        out_file.emplace("--out", default_results_path(host.hostname).string());
    }
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
    gb_args.insert(gb_args.end(), flags.benchmark_flags.begin(), flags.benchmark_flags.end());
    bench::RunOutcome outcome;
    std::vector<Measurement> every_pass;
    if (flags.repeat <= 1) {
        outcome = bench::run_cases(cases, sampler, results, gb_args);
    } else {
        // Independent passes, each in its own shuffled order: drift and neighbours' load spread
        // over every case instead of landing on the ones run last.
        // Each case is set up once (buffers placed and filled, chases built) and kept for the
        // next pass within a quarter of each node's free memory, so a pass costs its
        // measurements: 5 passes of quick cost about 1.5x one run (docs/reports.md).
        std::mt19937_64 rng(seed);
        bench::PreparedCaseCache prepared;
        for (int pass = 0; pass < flags.repeat && interrupt_signal() == 0; ++pass) {
            std::vector<bench::PlannedCase> order = cases;
            std::shuffle(order.begin(), order.end(), rng);
            fmt::print(human, "pass {}/{}\n", pass + 1, flags.repeat);
            std::fflush(human);
            if (pass + 1 == flags.repeat) {
                prepared.last_pass();
            }
            bench::RunOutcome o =
                bench::run_cases(order, sampler, results, gb_args, pass, &prepared);
            outcome.failed += o.failed;
            outcome.skipped = o.skipped;
            every_pass.insert(every_pass.end(), o.measurements.begin(), o.measurements.end());
            outcome.measurements = std::move(o.measurements);
        }
        results.context()["linkperf"]["repeat"]["cases"] = repeat_summary(every_pass, flags.repeat);
    }
    const std::vector<Measurement> figures =
        flags.repeat > 1 ? run_level(outcome.measurements, every_pass) : outcome.measurements;
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
    write_prom(prom, figures);

    bench::print_tables(human, outcome.measurements);
    for (const std::string& line : bench::study_lines(saturation, figures)) {
        fmt::print(human, "{}\n", line);
    }
    if (flags.repeat > 1) {
        std::size_t contended = 0;
        for (const Measurement& m : every_pass) {
            contended += m.contention && m.contention->contended ? 1 : 0;
        }
        fmt::print(human,
                   "\n{} passes (the table shows the last); {} of {} case passes contended; "
                   "per case run medians, run-to-run spread and minimum detectable change in "
                   "context.linkperf.repeat.cases\n",
                   flags.repeat, contended, every_pass.size());
    }
    fmt::print(human, "\nresults: {} ({} cases, {} failed, {} skipped)\n",
               out == "-" ? std::string("standard output") : out, outcome.measurements.size(),
               outcome.failed, outcome.skipped);
    if (outcome.failed > 0) {
        // Every pass's failures, each case once: a case that failed in an earlier pass of
        // --repeat and passed in the last is still named.
        std::set<std::string> named;
        for (const auto& m : flags.repeat > 1 ? every_pass : outcome.measurements) {
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
    if (!flags.check.empty()) {
        std::fflush(human);
        CheckOptions check;
        check.profile = flags.check;
        const int code = run_check(check, {out});
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

int list_command(const PlanFlags& flags) {
    const PlanOptions options = to_options(flags);
    const Topology topo = load_topology(flags);
    auto runners = make_runners();
    std::vector<std::string> notes;
    const auto cases = bench::expand_plan(runners, topo, options, notes);
    // Notes, not errors: stderr keeps stdout the plain case list, the "note:" prefix as in run.
    for (const auto& n : notes) {
        fmt::print(stderr, "note: {}\n", n);
    }
    for (const auto& pc : cases) {
        const Case& c = pc.test_case;
        fmt::print("{:<56} {}:{} -> {}:{}\n", c.name(), c.source.role, c.source.memory,
                   c.destination.role, c.destination.memory);
    }
    fmt::print("{} cases\n", cases.size());
    return 0;
}

} // namespace

void add_run_commands(CLI::App& app, CommandState& state) {
    auto run_flags = std::make_shared<RunFlags>();
    CLI::App* run = app.add_subcommand("run", "measure the links of this machine");
    add_plan_flags(run, run_flags->plan);
    run->add_option("--criterion", run_flags->criterion,
                    "what ends a case's sampling before the sample and time caps: stdrel "
                    "(spread below the suite's target, default) or entropy (the distribution "
                    "stopped changing; for noisy machines) (docs/sampling.md)")
        ->check(non_empty());
    run->add_option("--out", run_flags->out,
                    "results file (default results/<host>-<date>.json), written atomically "
                    "after every case; - for stdout")
        ->check(non_empty());
    run->add_option("--prom", run_flags->prom,
                    "also write Prometheus metrics (text format, bytes/s and seconds) for "
                    "node_exporter's textfile collector, atomically; - for stdout")
        ->check(non_empty());
    run->add_option("--repeat", run_flags->repeat,
                    "run the plan N times as independent passes, the case order shuffled per "
                    "pass, each pass with a 1.5/N share of the sampling budget (5 passes of "
                    "quick cost about 4x one run); the gate then judges run medians "
                    "(docs/reports.md)")
        ->check(whole_number(1, 100));
    run->add_option("--seed", run_flags->seed,
                    "seed of the --repeat case-order shuffle (default: random; recorded in "
                    "context.linkperf.repeat.seed)")
        ->check(non_empty());
    run->add_option("--check", run_flags->check,
                    "after the run, judge its results against a profile (FILE or auto) like "
                    "linkperf check and exit with check's code; a failed case (1) or a run "
                    "that measured nothing (3) is reported first, without the check "
                    "(docs/health.md)")
        ->check(non_empty());
    run->add_option("benchmark_flags", run_flags->benchmark_flags,
                    "after --: Google Benchmark flags (--benchmark_*) passed through");
    run->callback([run_flags, &state] { state.exit_code = run_command(*run_flags); });

    auto list_flags = std::make_shared<PlanFlags>();
    CLI::App* list = app.add_subcommand("list", "print the cases a run would measure");
    add_plan_flags(list, *list_flags);
    list->callback([list_flags, &state] { state.exit_code = list_command(*list_flags); });
}

} // namespace linkperf::cli
