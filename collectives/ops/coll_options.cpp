#include "collectives/ops/coll_options.hpp"

#include "collectives/ops/op_counts.hpp"
#include "collectives/ops/op_facts.hpp"
#include "collectives/ops/size_sweep.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/units.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <limits>

namespace linkperf::coll {

const char* to_string(BackendKind kind) {
    return kind == BackendKind::mpi ? "mpi" : "nccl";
}

namespace {

// CLI11 turns an empty value into 0 and wraps "-2" into an unsigned: refuse both before
// conversion, so `-c ""` never means "check off" and `-f -2` never means 2^64 - 2.
const CLI::Validator kNotEmpty(
    [](std::string& v) { return v.empty() ? std::string("an empty value is not allowed") : ""; },
    "", "not empty");
const CLI::Validator kWhole(
    [](std::string& v) {
        const bool digits = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
        if (!digits) {
            return "'" + v + "' is not a whole number (0 or more)";
        }
        // CLI11 clamps a number past 64 bits to 2^64 - 1 without a word (--seed 2^64).
        return parse_number<std::uint64_t>(v) ? std::string()
                                              : "'" + v + "' is larger than 18446744073709551615";
    },
    "", "whole number");

std::uint64_t parse_step_factor(const std::string& text) {
    const std::optional<std::uint64_t> f = parse_number<std::uint64_t>(text);
    if (!f || *f < 1 || *f > kMaxStepFactor) {
        throw usage_error("-f '" + text + "': the step factor is a whole number from 1 to " +
                          std::to_string(kMaxStepFactor));
    }
    return *f;
}

// nccl-tests' flags with no linkperf-coll equivalent: a value other than the one that runs is
// refused with the reason (exit 2), never accepted and ignored.
void refuse_unless(bool runs, const std::string& flag, const std::string& why) {
    if (!runs) {
        throw usage_error(flag + ": " + why);
    }
}

void check_nccl_tests_flags(const CollFlags& f, BackendKind backend) {
    const bool mpi = backend == BackendKind::mpi;
    const std::string with = mpi ? "--backend mpi" : "--backend nccl";
    refuse_unless(f.average >= 0 && f.average <= 3, "-a " + std::to_string(f.average),
                  "takes 0 (rank 0), 1 (average over ranks), 2 (minimum) or 3 (maximum)");
    refuse_unless(f.blocking >= -1 && f.blocking <= 1, "-z " + std::to_string(f.blocking),
                  "takes 0 or 1");
    refuse_unless(!mpi || f.blocking != 0, "-z 0",
                  "with --backend mpi every call returns when its op is done (-z 1); MPI's "
                  "nonblocking collectives are not measured");
    refuse_unless(f.agg_iters >= 1, "-m " + std::to_string(f.agg_iters), "must be at least 1");
    refuse_unless(f.agg_iters == 1, "-m " + std::to_string(f.agg_iters),
                  mpi ? "MPI has no group of collectives to aggregate ops into"
                      : "aggregating ops into one NCCL group is not implemented in "
                        "linkperf-coll (each op is its own group)");
    refuse_unless(f.threads >= 1, "-t " + std::to_string(f.threads), "must be at least 1");
    refuse_unless(f.threads == 1, "-t " + std::to_string(f.threads),
                  "linkperf-coll runs one thread per process: start more ranks (mpirun -np)" +
                      std::string(mpi ? "" : " or drive more GPUs per process (-g)"));
    refuse_unless(f.graph_launches >= 0, "-G " + std::to_string(f.graph_launches),
                  "must be 0 or more");
    refuse_unless(f.graph_launches == 0, "-G " + std::to_string(f.graph_launches),
                  mpi ? "CUDA graphs capture GPU work; MPI's host calls have none"
                      : "capturing NCCL ops in a CUDA graph is not implemented in linkperf-coll "
                        "(each op is launched from the host)");
    refuse_unless(f.report_cputime == 0 || f.report_cputime == 1,
                  "-C " + std::to_string(f.report_cputime), "takes 0 or 1");
    refuse_unless(mpi || f.report_cputime == 0, "-C 1",
                  "with --backend nccl linkperf-coll times ops until the GPUs are done; the "
                  "host's launch time alone is not reported");
    refuse_unless(f.run_cycles == 1, "-N " + std::to_string(f.run_cycles),
                  "linkperf-coll runs the sweep once (one results file per run); run it again "
                  "for more cycles" +
                      std::string(f.run_cycles == 0 ? ", never endlessly (0)" : ""));
    refuse_unless(f.parallel_init == 0 || f.parallel_init == 1,
                  "-p " + std::to_string(f.parallel_init), "takes 0 or 1");
    refuse_unless(f.parallel_init == 0, "-p 1",
                  mpi ? "MPI has no communicators to initialise in parallel threads"
                      : "linkperf-coll creates a process's NCCL communicators from one thread "
                        "(ncclCommInitRank in one group, or ncclCommInitAll)");
    refuse_unless(f.local_register >= 0 && f.local_register <= 2,
                  "-R " + std::to_string(f.local_register), "takes 0, 1 or 2");
    refuse_unless(f.local_register == 0, "-R " + std::to_string(f.local_register),
                  mpi ? "buffer registration is NCCL's (ncclCommRegister); MPI registers "
                        "nothing ahead"
                      : "registering buffers with NCCL (local or symmetric) is not implemented "
                        "in linkperf-coll");
}

} // namespace

void add_coll_flags(CLI::App& app, CollFlags& f) {
    std::string names;
    for (const OpFacts& op : all_op_facts()) {
        names += (names.empty() ? "" : ", ") + std::string(op.name) +
                 (op.op == CollOptions{}.ops.front() ? " (default)" : "");
    }
    app.add_option("ops", f.ops, "operations: " + names + ", or all");
    app.add_option("--backend", f.backend, "mpi (host buffers) or nccl (GPU buffers)")
        ->check(CLI::IsMember({"mpi", "nccl"}));
    app.add_option("-b,--minbytes", f.min_bytes, "smallest size (B, K, M, G = 2^10...)");
    app.add_option("-e,--maxbytes", f.max_bytes, "largest size");
    app.add_option("-f,--stepfactor", f.step_factor, "multiply the size by this each step");
    app.add_option("-i,--stepbytes", f.step_bytes, "add this to the size each step when -f 1");
    f.sizes_option = app.add_option("--sizes", f.sizes,
                                    "sizes as a list 8,1K,1M or a range 8:128M:x2 (overrides "
                                    "-b/-e/-f)");
    app.add_option("-w,--warmup_iters", f.warmup_iters, "untimed ops before each timed batch");
    app.add_option("-n,--iters", f.iters, "timed ops per batch");
    app.add_option("--batches", f.batches,
                   "fewest timed batches per case (samples, default 5); the median batch is "
                   "reported");
    app.add_option("--max-batches", f.max_batches, "most timed batches per case (default 50)");
    app.add_option("--budget", f.budget_s,
                   "wall seconds of one case's batches (default 0.2): a batch holds fewer than "
                   "-n ops where --batches of them would not fit; sampling stops there, or "
                   "earlier once the batches agree within 1%; 0: --batches batches of -n ops");
    app.add_option("--progress", f.progress_s,
                   "seconds between progress lines on stderr (default 5; 0: after every size)");
    app.add_option("-d,--datatype", f.type,
                   "float32 (default), float64, int32, int8, uint8, int64, uint64; bf16, fp16 "
                   "(nccl)");
    app.add_option("-o,--op", f.reduce,
                   "reduction: sum (default), prod, min, max; avg (nccl, with -c 0)");
    app.add_option("-r,--root", f.root, "root rank of broadcast and reduce");
    app.add_option("-c,--check", f.check, "1: check every size's result exactly (default); 0: off");
    app.add_option("-T,--timeout", f.timeout_s,
                   "seconds an op may take before the job is aborted (a rank died or hung)");
    app.add_option("-g,--ngpus", f.gpus, "nccl: GPUs driven by each process");
    app.add_option("-a,--average", f.average,
                   "time a batch reports: 0 rank 0's, 1 average over ranks, 2 minimum, 3 maximum "
                   "(default 3; nccl-tests' default is 1)");
    app.add_option("-z,--blocking", f.blocking,
                   "1: wait for each op before the next (nccl; MPI's calls always do)");
    app.add_option("-m,--agg_iters", f.agg_iters, "ops per NCCL group: 1 only (refused above)");
    app.add_option("-t,--nthreads", f.threads, "threads per process: 1 only (refused above)");
    app.add_option("-G,--cudagraph", f.graph_launches, "CUDA graph launches: 0 only");
    app.add_option("-C,--report_cputime", f.report_cputime,
                   "1: report host time (mpi: the same figure; refused with nccl)");
    app.add_option("-N,--run_cycles", f.run_cycles, "sweeps per run: 1 only");
    app.add_option("-p,--parallel_init", f.parallel_init, "threaded NCCL init: 0 only");
    app.add_option("-R,--local_register", f.local_register, "NCCL buffer registration: 0 only");
    // A rank other than 0; -1 is only the unset default (the last rank), never a value to give.
    app.add_option("--peer", f.peer, "point-to-point partner of rank 0 (default: the last rank)")
        ->check(CLI::Range(1, std::numeric_limits<int>::max()));
    app.add_option("--window", f.window, "p2p.bw: messages in flight per window");
    app.add_flag("--scaling", f.scaling,
                 "run the sweep on 2, 4, ... N ranks and report busbw and efficiency");
    app.add_flag("--no-bind", f.no_bind, "leave the rank where the launcher put it");
    app.add_option("--seed", f.seed, "seed of the test data");
    app.add_option("--repeat", f.repeat,
                   "run the sweep N times as independent passes (ops in a shuffled order per "
                   "pass, each with a 1.5/N share of --budget and --max-batches); the gate then "
                   "judges run medians")
        ->check(CLI::Range(1, 1000));
    app.add_option("--out", f.out,
                   "results file (default results/<host>-coll-<time>.json), written by rank 0 "
                   "after every size");
    for (CLI::Option* opt : app.get_options()) {
        if (opt->get_items_expected_min() > 0) {
            opt->check(kNotEmpty);
        }
    }
    for (const char* name : {"-f", "--window", "--seed"}) {
        app.get_option(name)->check(kWhole);
    }
}

CollOptions to_options(const CollFlags& f) {
    CollOptions o;
    std::vector<CollOp> ops;
    for (const std::string& item : f.ops) {
        for (const CollOp op : parse_op_list(item)) {
            if (std::find(ops.begin(), ops.end(), op) == ops.end()) {
                ops.push_back(op);
            }
        }
    }
    o.ops = ops.empty() ? std::vector<CollOp>{CollOp::all_reduce} : ops;
    for (const std::string& item : f.ops) {
        const std::vector<CollOp> named = named_ops(item);
        o.named_ops.insert(o.named_ops.end(), named.begin(), named.end());
    }
    o.backend = f.backend == "nccl" ? BackendKind::nccl : BackendKind::mpi;
    check_nccl_tests_flags(f, o.backend);
    o.average = static_cast<RankTime>(f.average);
    o.blocking = f.blocking == 1;
    SizeSweep sweep;
    sweep.min_bytes = parse_size(f.min_bytes);
    sweep.max_bytes = parse_size(f.max_bytes);
    sweep.step_bytes = parse_size(f.step_bytes);
    sweep.factor = parse_step_factor(f.step_factor);
    if (f.sizes_option != nullptr && f.sizes_option->count() > 0 && f.sizes.empty()) {
        throw usage_error("--sizes needs a list (8,1K,1M) or a range (8:128M:x2)");
    }
    o.sizes = resolve_sizes(f.sizes, sweep);
    o.type = data_type_from_string(f.type);
    o.reduce = reduce_op_from_string(f.reduce);
    if (f.warmup_iters < 0) {
        throw usage_error("-w must be 0 or more");
    }
    if (f.iters < 1) {
        throw usage_error("-n must be at least 1");
    }
    if (f.batches < 1 || f.batches > 100000) {
        throw usage_error("--batches must be from 1 to 100000");
    }
    if (f.max_batches < 1 || f.max_batches > 100000) {
        throw usage_error("--max-batches must be from 1 to 100000");
    }
    if (!(f.budget_s >= 0) || f.budget_s > 86400) {
        throw usage_error("--budget must be 0 to 86400 seconds");
    }
    if (!(f.progress_s >= 0) || f.progress_s > 86400) {
        throw usage_error("--progress must be 0 to 86400 seconds");
    }
    if (f.check != 0 && f.check != 1) {
        throw usage_error("-c takes 0 or 1");
    }
    if (!(f.timeout_s > 0) || f.timeout_s > 604800) {
        throw usage_error("-T/--timeout must be a positive number of seconds (at most a week)");
    }
    if (f.gpus < 1) {
        throw usage_error("-g must be at least 1");
    }
    if (f.window < 1) {
        throw usage_error("--window must be at least 1");
    }
    if (f.root < 0) {
        throw usage_error("-r must be a rank (0 or more)");
    }
    o.warmup_iters = f.warmup_iters;
    o.iters = f.iters;
    o.batches = f.batches;
    o.max_batches = std::max(f.max_batches, f.batches);
    o.budget_s = f.budget_s;
    o.progress_s = f.progress_s;
    o.check = f.check == 1;
    o.timeout_s = f.timeout_s;
    o.gpus_per_process = f.gpus;
    o.root = f.root;
    o.peer = f.peer;
    o.window = f.window;
    o.scaling = f.scaling;
    o.bind = !f.no_bind;
    o.seed = f.seed;
    o.out = f.out;
    o.repeat = f.repeat;
    if (o.backend == BackendKind::mpi) {
        if (!mpi_supports(o.type)) {
            throw usage_error(std::string(to_string(o.type)) +
                              " is measured by the nccl backend only (MPI has no such datatype)");
        }
        if (o.gpus_per_process != 1) {
            throw usage_error("-g applies to --backend nccl");
        }
        if (!mpi_supports(o.reduce)) {
            throw usage_error(std::string("-o ") + to_string(o.reduce) +
                              ": MPI has no such reduction (MPI_SUM, MPI_PROD, MPI_MIN, "
                              "MPI_MAX); --backend nccl has it");
        }
    }
    if (o.reduce == ReduceOp::avg && o.check) {
        throw usage_error("-o avg: NCCL's average is not exact in every type, so linkperf-coll "
                          "cannot check it; run it with -c 0 (the results then say "
                          "data_verified false)");
    }
    return o;
}

std::string skip_ops_needing_more_ranks(CollOptions& o, int ranks) {
    std::vector<CollOp> kept;
    std::string names;
    int need = 0;
    for (const CollOp op : o.ops) {
        const OpFacts& f = op_facts(op);
        const bool named =
            std::find(o.named_ops.begin(), o.named_ops.end(), op) != o.named_ops.end();
        if (ranks < f.min_ranks && !named) {
            names += (names.empty() ? "" : " and ") + std::string(f.name);
            need = std::max(need, f.min_ranks);
        } else {
            kept.push_back(op);
        }
    }
    if (names.empty() || kept.empty()) {
        return ""; // nothing to skip, or nothing left to run: validate_for_ranks says why
    }
    o.ops = kept;
    return names +
           " skipped: " + (names.find(' ') == std::string::npos ? "it needs " : "they need ") +
           std::to_string(need) + " ranks or more (this run has " + std::to_string(ranks) + ")";
}

void validate_for_ranks(const CollOptions& o, int ranks) {
    const auto any = [&](auto&& has) {
        return std::any_of(o.ops.begin(), o.ops.end(),
                           [&](CollOp op) { return has(op_facts(op)); });
    };
    for (const CollOp op : o.ops) {
        const int need = op_facts(op).min_ranks;
        if (ranks < need) {
            // Names every op with that need: "p2p.latency and p2p.bw need 2 ranks or more".
            std::string names;
            for (const OpFacts& f : all_op_facts()) {
                if (f.min_ranks == need) {
                    names += (names.empty() ? "" : " and ") + std::string(f.name);
                }
            }
            throw usage_error(names + " need " + std::to_string(need) +
                              " ranks or more (this run has " + std::to_string(ranks) + ")");
        }
    }
    if (any([](const OpFacts& f) { return f.participants == Participants::pair; })) {
        if (o.peer != -1 && (o.peer < 1 || o.peer >= ranks)) {
            throw usage_error("--peer " + std::to_string(o.peer) + " is not a rank in 1.." +
                              std::to_string(ranks - 1));
        }
    }
    if (any([](const OpFacts& f) { return f.rooted; }) && o.root >= ranks) {
        throw usage_error("-r " + std::to_string(o.root) + " is not a rank of this run (0.." +
                          std::to_string(ranks - 1) + ")");
    }
    for (const CollOp op : o.ops) {
        for (const std::uint64_t size : o.sizes) {
            const OpCounts c = op_counts(op, rounded_size(op, size, o.type, ranks), o.type, ranks);
            if (o.backend == BackendKind::mpi &&
                std::max(c.send, c.recv) > static_cast<std::uint64_t>(INT_MAX)) {
                throw usage_error(std::string(to_string(op)) + " at " + format_size(size) +
                                  " passes more than INT_MAX elements to MPI; lower -e");
            }
        }
    }
}

} // namespace linkperf::coll
