#pragma once
// linkperf-coll's command line: nccl-tests' flags (-b -e -f -i -w -n -d -o -r -c -T -g) plus
// linkperf's (--backend, --sizes, --scaling, --out, ...). Parsed into CollOptions and checked
// before any rank allocates anything.
#include "collectives/ops/coll_op.hpp"
#include "collectives/ops/data_type.hpp"
#include "collectives/ops/metrics.hpp"

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace linkperf::coll {

enum class BackendKind { mpi, nccl };
const char* to_string(BackendKind kind);

struct CollOptions {
    std::vector<CollOp> ops{CollOp::all_reduce};
    std::vector<CollOp> named_ops; // named on the command line, not brought in by `all`
    BackendKind backend = BackendKind::mpi;
    std::vector<std::uint64_t> sizes;
    DataType type = DataType::float32;
    ReduceOp reduce = ReduceOp::sum;
    int root = 0;
    int peer = -1; // point-to-point partner of rank 0; -1: the last rank
    int warmup_iters = 5;
    int iters = 20;
    // Timed batches of `iters` ops per case (the median batch is reported): at least `batches`,
    // then more until their spread is below 1%, `budget_s` seconds of timed batches or
    // `max_batches` (linkperf's sampler, core/sampler.hpp).
    int batches = 5;
    int max_batches = 50;
    double budget_s = 0.2;
    double progress_s = 5; // seconds between progress lines on stderr (0: after every size)
    bool check = true;
    RankTime average = RankTime::max; // -a
    bool blocking = false;            // -z 1: nccl waits for each op (MPI's calls always do)
    double timeout_s = 120;
    int gpus_per_process = 1;
    unsigned window = 64; // p2p.bw messages in flight
    bool scaling = false;
    bool bind = true;
    std::uint64_t seed = 1;
    std::string out; // results file; empty: results/<host>-coll-<time>.json
    int repeat = 1;  // --repeat N: independent passes of the sweep (docs/collectives.md)
};

// The flags as typed, before conversion.
struct CollFlags {
    std::vector<std::string> ops{"all_reduce"};
    std::string backend = "mpi";
    std::string min_bytes = "8";
    std::string max_bytes = "32M";
    std::string step_bytes = "1M";
    std::string step_factor = "2";
    std::string sizes;
    int warmup_iters = 5;
    int iters = 20;
    int batches = 5;
    int max_batches = 50;
    double budget_s = 0.2;
    double progress_s = 5;
    std::string type = "float32";
    std::string reduce = "sum";
    int root = 0;
    int check = 1;
    double timeout_s = 120;
    int gpus = 1;
    // nccl-tests' flags that linkperf-coll runs or refuses with its reason (coll_options.cpp):
    // -1 where "not given" differs from every value.
    int average = 3;
    int blocking = -1;
    int agg_iters = 1;
    int threads = 1;
    int graph_launches = 0;
    int report_cputime = 0;
    int run_cycles = 1;
    int parallel_init = 0;
    int local_register = 0;
    int peer = -1;
    unsigned window = 64;
    bool scaling = false;
    bool no_bind = false;
    std::uint64_t seed = 1;
    std::string out;
    int repeat = 1;
    CLI::Option* sizes_option = nullptr; // given: --sizes "" is an error, not "not given"
};

inline constexpr std::uint64_t kMaxStepFactor = 1ULL << 20;

void add_coll_flags(CLI::App& app, CollFlags& flags);

// Throws Error(usage) for values that are wrong whatever the rank count.
CollOptions to_options(const CollFlags& flags);

// `all` on fewer ranks than some ops need (p2p.* on one process): drops those ops unless they
// were also named, and returns the note saying so ("p2p.latency and p2p.bw skipped: they need
// 2 ranks or more (this run has 1)"); empty when nothing was dropped.
std::string skip_ops_needing_more_ranks(CollOptions& options, int ranks);

// Throws Error(usage) for values wrong at this rank count: root or peer out of range,
// point-to-point with one rank, MPI counts above INT_MAX (sizes an op cannot split are
// rounded, op_counts.hpp).
void validate_for_ranks(const CollOptions& options, int ranks);

} // namespace linkperf::coll
