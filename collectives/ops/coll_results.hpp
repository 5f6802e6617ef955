#pragma once
// One measured case of a collective as a results-file entry (docs/results-schema.md): metric
// busbw in GB/s (p2p.latency: one-way time in ns), real_time = time per op (max over ranks),
// and the collective fields under linkperf.extra.
#include "collectives/ops/coll_op.hpp"
#include "collectives/ops/coll_options.hpp"
#include "collectives/ops/data_type.hpp"
#include "collectives/ops/metrics.hpp"
#include "collectives/ops/op_counts.hpp"
#include "core/contention.hpp"
#include "core/measurement.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace linkperf::coll {

// The job the case ran in.
struct JobFacts {
    BackendKind backend = BackendKind::mpi;
    int ranks = 1;
    int nodes = 1;
    int ranks_per_node = 1;             // the most ranks on one node
    std::vector<std::string> hostnames; // one per rank
    std::string memory = "numa";        // "numa" (host, MPI) or "device" (NCCL)
};

struct CaseResult {
    CollOp op = CollOp::all_reduce;
    DataType type = DataType::float32;
    ReduceOp reduce = ReduceOp::sum;
    int root = 0;
    int peer = 1;
    bool in_place = false;
    unsigned window = 1;
    OpCounts counts;
    std::uint64_t requested_bytes = 0; // the size asked for; counts.size_bytes is the size used
    int iters = 0;
    int warmup_iters = 0;
    CaseStatus status = CaseStatus::ok;
    std::string error;
    RankTime average = RankTime::max;   // -a: which time over ranks is reported
    std::vector<double> batch_seconds;  // time per op of each timed batch (times.reported)
    RankTimes times;                    // of the reported (median) batch
    bool converged = false;             // the batches agreed within the target spread
    std::optional<std::uint64_t> wrong; // over all ranks; empty when not checked
    Placement placement;
    // What disturbed the timed batches on this rank's node (core/contention.hpp), as
    // linkperf.contention: a regression carried only by contended passes is inconclusive.
    std::optional<ContentionSummary> contention;
    std::optional<double> scaling_efficiency;
    int scaling_base_ranks = 0;
};

// The reported time: the median of the batches (the lower middle one for an even count).
std::size_t median_batch(const std::vector<double>& batch_seconds);

Measurement to_measurement(const CaseResult& r, const JobFacts& job);
// A Google Benchmark entry; its name adds type, reduction, variant and backend to the case
// name so every entry of a file is unique.
nlohmann::json results_entry(const CaseResult& r, const JobFacts& job, int family_index);

} // namespace linkperf::coll
