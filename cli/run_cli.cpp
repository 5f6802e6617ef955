// `linkperf run` and `linkperf list`: their options, parsed and checked; the run itself is the
// run driver's (run/run_driver.hpp: results file, interrupts, --repeat, records, --prom).
#include "bench/path_runner.hpp"
#include "bench/runner.hpp"
#include "cli/check_command.hpp"
#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "core/error.hpp"
#include "core/output_file.hpp"
#include "core/units.hpp"
#include "platform/cpu_list.hpp"
#include "run/run_driver.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
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

Topology load_topology(const PlanFlags& f) {
    if (!f.topology.empty()) {
        check_stdout_not_input({{"--topology", f.topology}}); // list --topology x.xml >> x.xml
    }
    return Topology::load(f.topology.empty() ? std::nullopt
                                             : std::optional<std::filesystem::path>(f.topology));
}

int run_command(const RunFlags& flags) {
    // Ctrl-C/SIGTERM from the first moment of the run: stop after the case in flight (before
    // the first case, a signal that came while planning stops it with no case measured).
    run::RunDriver driver;
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
    SamplerConfig sampler = sampler_for(options.suite); // the driver gives each pass its share
    sampler.criterion = parse_option("--criterion", flags.criterion, criterion_from_string);
    // Outputs are resolved, checked against the inputs and locked before anything is measured.
    OutputSet outputs;
    outputs.add("--out", flags.out);
    outputs.add("--prom", flags.prom);
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
    outputs.check_and_open(inputs);
    const Topology topo = load_topology(flags.plan);
    run::RunRequest request;
    request.runners = run::make_runners();
    request.options = options;
    request.sampler = sampler;
    request.repeat = flags.repeat;
    request.seed = flags.seed;
    request.benchmark_flags = flags.benchmark_flags;
    if (!flags.check.empty()) {
        request.judge = [&flags](const std::string& results) {
            CheckOptions check;
            check.profile = flags.check;
            return run_check(check, {results});
        };
    }
    return driver.run(std::move(request), topo, outputs);
}

int list_command(const PlanFlags& flags) {
    const PlanOptions options = to_options(flags);
    const Topology topo = load_topology(flags);
    auto runners = run::make_runners();
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
                    "run the plan N times as passes, the case order shuffled per pass, each "
                    "with a 1/N share of the sampling budget; a case of 16 MiB or more keeps "
                    "its buffers across passes (extra.setup says which), a smaller one gets "
                    "fresh pages each pass (5 passes of quick cost about 1.35x one run); the "
                    "gate then judges run medians (docs/reports.md)")
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
