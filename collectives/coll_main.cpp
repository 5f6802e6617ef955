// linkperf-coll: collectives (NCCL on GPUs, MPI on hosts) measured and reported like
// nccl-tests, started by mpirun/srun or as a single process. docs/collectives.md.
#include "collectives/agreement.hpp"
#include "collectives/backend_factory.hpp"
#include "collectives/guarded_results.hpp"
#include "collectives/interrupt_watch.hpp"
#include "collectives/local_rank.hpp"
#include "collectives/ops/coll_options.hpp"
#include "collectives/ops/op_counts.hpp"
#include "collectives/ops/scaling.hpp"
#include "collectives/sweep.hpp"
#include "collectives/watchdog.hpp"
#include "core/error.hpp"
#include "core/exit_status.hpp"
#include "core/interrupt.hpp"
#include "core/results_file.hpp"
#include "core/standard_streams.hpp"
#include "core/units.hpp"
#include "core/utf8_text.hpp"
#include "platform/host_info.hpp"
#include "platform/topology.hpp"

#ifdef LINKPERF_COLL_HAVE_MPI
#include "collectives/mpi/mpi_group.hpp"
#endif

#include <linkperf/version.hpp>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace linkperf::coll {
namespace {

std::string command_line(int argc, char** argv) {
    std::string s;
    for (int i = 0; i < argc; ++i) {
        s += (i == 0 ? "" : " ") + std::string(argv[i]);
    }
    return s;
}

std::string ops_text(const std::vector<CollOp>& ops) {
    std::string s;
    for (const CollOp op : ops) {
        s += (s.empty() ? "" : ",") + std::string(to_string(op));
    }
    return s;
}

nlohmann::json job_json(const CollOptions& o, const JobFacts& job) {
    std::vector<std::string> ops;
    for (const CollOp op : o.ops) {
        ops.emplace_back(to_string(op));
    }
    return {{"backend", to_string(o.backend)},
            {"ranks", job.ranks},
            {"nodes", job.nodes},
            {"ranks_per_node", job.ranks_per_node},
            {"hostnames", job.hostnames},
            {"ops", ops},
            {"sizes", o.sizes},
            {"type", to_string(o.type)},
            {"reduce_op", to_string(o.reduce)},
            {"root", o.root},
            {"warmup_iters", o.warmup_iters},
            {"iters", o.iters},
            {"batches", o.batches},
            {"max_batches", o.max_batches},
            {"budget_s", o.budget_s},
            {"rank_time", to_string(o.average)},
            {"blocking", o.blocking},
            {"check", o.check},
            {"timeout_s", o.timeout_s},
            {"seed", o.seed},
            {"scaling", o.scaling}};
}

// The ranks of one sweep: the first `processes` processes of the job.
struct Members {
    ProcessGroup* group = nullptr; // null on processes outside
    std::unique_ptr<ProcessGroup> owned;
};

Members members(ProcessGroup& world, int processes) {
    Members m;
    if (processes >= world.size()) {
        m.group = &world;
        return m;
    }
    m.owned = world.first(processes);
    m.group = m.owned.get();
    return m;
}

int run_job(CollOptions o, ProcessGroup& world, Watchdog& watchdog, const std::string& cmdline,
            GuardedResults& results) {
    const bool printer = world.rank() == 0;
    const HostInfo host = read_host_info();
    const JobLayout world_layout = job_layout(world, host.hostname);
    const int g = o.backend == BackendKind::nccl ? o.gpus_per_process : 1;
    const int world_ranks = world.size() * g;

    std::vector<int> counts{world_ranks};
    Topology topo;
    std::string skipped;
    agree(world, [&] {
        topo = Topology::load();
        if (o.scaling) {
            if (world_ranks < 2) {
                throw usage_error("--scaling needs 2 ranks or more (this run has " +
                                  std::to_string(world_ranks) + ")");
            }
            if (g > 1 && world.size() > 1) {
                throw usage_error("--scaling with -g > 1 scales the GPUs of one process: run it "
                                  "without mpirun, or with -g 1");
            }
            counts = scaling_rank_counts(world_ranks);
        }
        skipped = skip_ops_needing_more_ranks(o, *std::min_element(counts.begin(), counts.end()));
        for (const int k : counts) {
            validate_for_ranks(o, k);
        }
    });

    JobFacts world_job;
    world_job.backend = o.backend;
    world_job.ranks = world_ranks;
    world_job.nodes = world_layout.nodes;
    world_job.ranks_per_node = world_layout.max_per_node * g;
    for (const std::string& h : world_layout.hostnames) {
        for (int i = 0; i < g; ++i) {
            world_job.hostnames.push_back(h);
        }
    }
    world_job.memory = o.backend == BackendKind::nccl ? "device" : "numa";

    std::filesystem::path out;
    agree(world, [&] {
        if (!printer) {
            return;
        }
        nlohmann::json context = benchmark_context(host, "linkperf-coll");
        context["linkperf"] = linkperf_context(host, topo);
        context["linkperf"]["suite"] = "coll";
        context["linkperf"]["command_line"] = cmdline;
        context["linkperf"]["collectives"] = job_json(o, world_job);
        if (o.repeat > 1) {
            context["linkperf"]["repeat"] = {
                {"passes", o.repeat}, {"seed", o.seed}, {"order", "ops shuffled per pass"}};
        }
        out = o.out.empty() ? default_results_path(host.hostname, "-coll")
                            : std::filesystem::path(o.out);
        results.open(out, std::move(context));
    });

    // `--out -`: the results file is stdout, so the nccl-tests table goes to stderr.
    std::FILE* const text = o.out == "-" ? stderr : stdout;
    if (printer) {
        fmt::print(
            text,
            "# linkperf-coll {} ({}) on {}: backend {}, {} rank{} on {} node{} ({} per node)\n",
            kVersion, kGitSha, host.hostname, to_string(o.backend), world_ranks,
            world_ranks == 1 ? "" : "s", world_job.nodes, world_job.nodes == 1 ? "" : "s",
            world_job.ranks_per_node);
        fmt::print(text,
                   "# ops {}; sizes {} .. {} ({} sizes); type {}; reduce {}; root {}; -w {} -n {} "
                   "--batches {} --max-batches {} --budget {} s; time of rank {}; check {}; "
                   "timeout {} s\n",
                   ops_text(o.ops), format_size(o.sizes.front()), format_size(o.sizes.back()),
                   o.sizes.size(), to_string(o.type), to_string(o.reduce), o.root, o.warmup_iters,
                   o.iters, o.batches, o.max_batches, o.budget_s, to_string(o.average),
                   o.check ? "on" : "off", o.timeout_s);
        if (!skipped.empty()) {
            fmt::print(text, "# note: {}\n", skipped);
        }
        std::fflush(text);
    }

    // The largest size any op runs at: a size below an op's multiple rounds up to it.
    std::uint64_t buffer_bytes = 0;
    for (const int k : counts) {
        for (const CollOp op : o.ops) {
            for (const std::uint64_t size : o.sizes) {
                buffer_bytes = std::max(buffer_bytes, rounded_size(op, size, o.type, k));
            }
        }
    }
    ScalingReport scaling;
    SweepTotals totals;
    int family_index = 0;
    for (const int k : counts) {
        const bool one_process = world.size() == 1;
        const int processes = one_process ? 1 : k / g;
        Members m = members(world, processes);
        std::unique_ptr<Backend> backend;
        std::optional<JobLayout> layout;
        if (m.group != nullptr) {
            layout = job_layout(*m.group, host.hostname);
        }
        agree(world, [&] {
            if (m.group == nullptr) {
                return;
            }
            BackendRequest request{
                o, *m.group, topo, *layout, watchdog, one_process ? k : g, buffer_bytes};
            backend = make_backend(request);
        });
        if (m.group != nullptr) {
            watchdog.arm(fmt::format("{} communicator setup ({} ranks)", to_string(o.backend), k));
            backend->connect();
            watchdog.disarm();
            const std::vector<std::string> lines = m.group->all_gather(backend->rank_lines());
            const nlohmann::json described = backend->describe();
            if (printer) {
                fmt::print(text, "#\n# {} ranks{}\n", k, o.scaling ? " (scaling step)" : "");
                for (const std::string& l : lines) {
                    fmt::print(text, "{}", l);
                }
                results.set_collectives("library", described);
            }
            JobFacts job;
            job.backend = o.backend;
            job.ranks = backend->ranks();
            job.nodes = layout->nodes;
            job.ranks_per_node = layout->max_per_node * (one_process ? k : g);
            for (const std::string& h : layout->hostnames) {
                for (int i = 0; i < (one_process ? k : g); ++i) {
                    job.hostnames.push_back(h);
                }
            }
            job.memory = backend->memory();
            // --repeat: independent passes, the ops in an order every rank draws alike from
            // --seed, each pass with a share of the sampling budget (1.5x one run in all).
            std::mt19937_64 order(o.seed);
            for (int pass = 0; pass < o.repeat; ++pass) {
                CollOptions po = o;
                if (o.repeat > 1) {
                    std::shuffle(po.ops.begin(), po.ops.end(), order);
                    const double share = std::min(1.0, 1.5 / o.repeat);
                    po.budget_s = o.budget_s * share;
                    po.max_batches = std::max(
                        po.batches, static_cast<int>(static_cast<double>(o.max_batches) * share));
                }
                SweepSetup setup{po,
                                 *m.group,
                                 *backend,
                                 watchdog,
                                 job,
                                 printer ? &results : nullptr,
                                 o.scaling ? &scaling : nullptr,
                                 &family_index,
                                 text,
                                 o.repeat > 1 ? pass : -1};
                const SweepTotals t = run_sweep(setup);
                totals.wrong += t.wrong;
                totals.failed += t.failed;
            }
        }
        backend.reset();
        world.quiet_barrier(); // ranks outside this step wait here, unarmed and asleep
    }

    std::uint64_t outcome[2] = {totals.wrong, static_cast<std::uint64_t>(totals.failed)};
    world.all_reduce(std::span<std::uint64_t>(outcome), Reduction::max);
    if (printer) {
        if (o.scaling) {
            fmt::print(text, "{}", scaling.text());
        }
        results.finish();
        fmt::print(text, "#\n# results: {} ({} entries)\n", out.string(), results.entries());
        if (outcome[0] > 0) {
            fmt::print(stderr,
                       "linkperf-coll: error: {} wrong elements: the results are not "
                       "trustworthy\n",
                       outcome[0]);
        }
        std::fflush(text);
    }
    return outcome[0] > 0 || outcome[1] > 0 ? static_cast<int>(ExitCode::failed) : 0;
}

// Rank 0's line after Ctrl-C, SIGTERM or --timeout (`by`): where the partial results are.
void say_interrupted(const std::string& by, const GuardedResults::Stopped& s) {
    const std::string where =
        s.path == "-" ? "standard output" : linkperf::terminal_text(s.path.string());
    if (s.busy) {
        fmt::print(stderr,
                   "linkperf-coll: interrupted by {} during a results write that did not finish: "
                   "the file keeps its last complete write (complete: false)\n",
                   by);
    } else if (!s.opened) {
        fmt::print(stderr, "linkperf-coll: interrupted by {} before a results file was opened\n",
                   by);
    } else if (s.finished) {
        fmt::print(stderr, "linkperf-coll: interrupted by {} after the run: results in {}\n", by,
                   where);
    } else {
        fmt::print(stderr,
                   "linkperf-coll: interrupted by {}: partial results ({} entries, complete: "
                   "false) in {}{}\n",
                   by, s.entries, where,
                   s.error.empty() ? "" : " (" + linkperf::terminal_text(s.error) + ")");
    }
    std::fflush(stderr);
}

// The watchdog's end of the job. Rank 0 first records the stop in its results file and closes
// it (no lock left behind): the abort that follows kills every rank without unwinding.
[[noreturn]] void on_timeout(ProcessGroup& world, GuardedResults& results, const std::string& host,
                             const std::string& what, double timeout_s) {
    const int code = static_cast<int>(ExitCode::timeout);
    fmt::print(stderr,
               "linkperf-coll: error: rank {} on {}: {} made no progress for {} s (--timeout): "
               "a rank died or hung; aborting the job (exit {})\n",
               world.rank(), host, what, timeout_s, code);
    if (world.rank() == 0) {
        say_interrupted("timeout", results.stop("timeout"));
    } else {
        // The other ranks' watchdogs fire within a poll of rank 0's: give rank 0 that long to
        // record the stop before this abort kills it.
        std::this_thread::sleep_for(std::chrono::duration<double>(0.5 + 0.1 * timeout_s));
    }
    world.abort(code);
    std::_Exit(code); // abort() does not return; this keeps the promise if it did
}

int run(const CollOptions& o, int& argc, char**& argv, const std::string& cmdline) {
#ifdef LINKPERF_COLL_HAVE_MPI
    MpiRuntime runtime(argc, argv);
    MpiGroup world(MPI_COMM_WORLD, false);
#else
    (void)argc;
    (void)argv;
    if (o.backend == BackendKind::mpi) {
        throw environment_error("the mpi backend is not available: linkperf-coll was built "
                                "without MPI (install libopenmpi-dev and rebuild)");
    }
    const std::unique_ptr<ProcessGroup> world_holder = make_single_process_group();
    ProcessGroup& world = *world_holder;
#endif
    const std::string host = read_host_info().hostname;
    GuardedResults results;
    Watchdog watchdog(o.timeout_s,
                      [&world, &results, &host](const std::string& what, double timeout_s) {
                          on_timeout(world, results, host, what, timeout_s);
                      });
    const bool printer = world.rank() == 0;
    const InterruptWatch interrupts([printer, &results](int signal) {
        if (printer) {
            say_interrupted(signal_name(signal), results.stop(signal_name(signal)));
        } else {
            // mpirun signals every rank at once: a rank that ends first can make rank 0's
            // collective fail (exit 1) before rank 0 has recorded the stop. Give it that time.
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
    });
    try {
        return run_job(o, world, watchdog, cmdline, results);
    } catch (const AgreedFailure&) {
        throw;
    } catch (...) { // the one mapping to exit codes (core/exit_status), shared with linkperf
        // Only this rank failed, mid-run: the others may be inside a collective already.
        const ExitStatus status = exit_status_of(std::current_exception());
        if (status.cause == ExitStatus::Cause::lost_stdout) {
            fmt::print(stderr, "linkperf-coll: {}\n", status.message());
        } else {
            fmt::print(stderr, "linkperf-coll: error: rank {}: {}\n", world.rank(),
                       linkperf::terminal_text(status.reason));
        }
        world.abort(status.code);
        return status.code; // a one-process group's abort may return
    }
}

} // namespace
} // namespace linkperf::coll

int main(int argc, char** argv) {
    using linkperf::ExitCode;
    using namespace linkperf::coll;
    linkperf::install_interrupt_handlers("linkperf-coll"); // before anything can be interrupted
    linkperf::keep_standard_descriptors();
    CLI::App app{"linkperf-coll: collectives on NCCL (GPUs) and MPI (hosts), reported like "
                 "nccl-tests. Start with mpirun/srun, or as one process."};
    app.set_version_flag("--version", std::string("linkperf-coll ") + linkperf::kVersion + " (" +
                                          linkperf::kGitSha + ")");
    CollFlags flags;
    add_coll_flags(app, flags);
    const bool speaker = launcher_rank_zero();
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return speaker ? app.exit(e) : 0;
    } catch (const CLI::ParseError& e) {
        if (speaker) {
            fmt::print(stderr, "linkperf-coll: {} (see linkperf-coll --help)\n",
                       linkperf::terminal_text(e.what()));
        }
        return static_cast<int>(ExitCode::usage);
    }
    try {
        const CollOptions options = to_options(flags);
        const int code = run(options, argc, argv, command_line(argc, argv));
        // The nccl-tests table must have arrived (stdout on a full disk, or closed).
        if (std::string why; !linkperf::stdout_ok(why)) {
            fmt::print(stderr, "linkperf-coll: error: cannot write to standard output: {}\n", why);
            return code != 0 ? code : static_cast<int>(ExitCode::usage);
        }
        return code;
    } catch (const AgreedFailure& e) {
        return static_cast<int>(e.code());
    } catch (...) { // the one mapping to exit codes (core/exit_status), shared with linkperf
        const linkperf::ExitStatus status = linkperf::exit_status_of(std::current_exception());
        // Every rank throws the same Error for a bad option: rank 0 alone says it.
        if (speaker || status.cause != linkperf::ExitStatus::Cause::error) {
            fmt::print(stderr, "linkperf-coll: {}\n", linkperf::terminal_text(status.message()));
        }
        return status.code;
    }
}
