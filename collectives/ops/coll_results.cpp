#include "collectives/ops/coll_results.hpp"

#include "collectives/ops/op_facts.hpp"
#include "core/results_file.hpp"
#include "core/statistics.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace linkperf::coll {
namespace {

Endpoint rank_endpoint(int rank, const std::string& memory) {
    Endpoint e;
    e.kind = EndpointKind::rank;
    e.id = rank;
    e.role = "rank" + std::to_string(rank);
    e.memory = memory;
    return e;
}

} // namespace

std::size_t median_batch(const std::vector<double>& batch_seconds) {
    if (batch_seconds.empty()) {
        return 0;
    }
    std::vector<std::size_t> order(batch_seconds.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return batch_seconds[a] < batch_seconds[b]; });
    return order[(order.size() - 1) / 2];
}

Measurement to_measurement(const CaseResult& r, const JobFacts& job) {
    const OpFacts& f = op_facts(r.op);
    const bool latency = f.metric == Metric::latency;
    Measurement m;
    Case& c = m.test_case;
    c.path.id = path_id(r.op);
    c.path.metric = f.metric;
    c.path.bytes_counted = bytes_counted(f);
    const int last = f.participants == Participants::pair ? r.peer : job.ranks - 1;
    c.source = rank_endpoint(0, job.memory);
    c.destination = rank_endpoint(last, job.memory);
    c.size_bytes = r.counts.size_bytes;
    c.threads = 1;

    m.status = r.status;
    m.error = r.error;
    if (m.status == CaseStatus::ok && !latency && bus_factor(r.op, job.ranks) == 0) {
        // One rank moves no bytes between ranks: busbw is 0 by definition (nccl-tests), not a
        // figure a report or gate can divide by. Time and algbw stay in `extra`.
        m.status = CaseStatus::skipped;
        m.error = fmt::format("{} on {} rank: bus bandwidth is 0 by definition; run 2 ranks or "
                              "more (time_us and algbw are in extra)",
                              to_string(r.op), job.ranks);
    }
    const Bandwidth reported = bandwidth(r.op, r.counts.size_bytes, job.ranks, r.times.reported);
    for (const double s : r.batch_seconds) {
        m.samples.push_back(latency ? s * 1e9
                                    : bandwidth(r.op, r.counts.size_bytes, job.ranks, s).busbw);
    }
    m.stats = summarize(m.samples);
    m.seconds_per_op = r.times.reported;
    // bytes_per_second (= bytes_per_op / real_time) then equals busbw, the entry's metric.
    m.bytes_per_op = static_cast<std::uint64_t>(
        std::llround(static_cast<double>(r.counts.size_bytes) * bus_factor(r.op, job.ranks)));
    m.reps_per_sample = static_cast<std::uint64_t>(std::max(r.iters, 1));
    m.converged = r.converged;
    m.data_verified = r.wrong.has_value();
    m.placement = r.placement;
    m.contention = r.contention;

    nlohmann::json x = {
        {"op", to_string(r.op)},
        {"backend", to_string(job.backend)},
        {"ranks", job.ranks},
        {"nodes", job.nodes},
        {"ranks_per_node", job.ranks_per_node},
        {"hostnames", job.hostnames},
        {"type", to_string(r.type)},
        {"in_place", r.in_place},
        {"count", r.counts.count},
        {"time_us", r.times.reported * 1e6},
        {"rank_time", to_string(r.average)},
        {"time_us_max", r.times.max * 1e6},
        {"time_us_min", r.times.min * 1e6},
        {"time_us_avg", r.times.mean * 1e6},
        {"algbw", reported.algbw},
        {"busbw", reported.busbw},
        {"bus_factor", bus_factor(r.op, job.ranks)},
        {"iters", r.iters},
        {"warmup_iters", r.warmup_iters},
    };
    x["wrong"] = r.wrong ? nlohmann::json(*r.wrong) : nlohmann::json(nullptr);
    if (r.requested_bytes != 0 && r.requested_bytes != r.counts.size_bytes) {
        x["requested_size_bytes"] = r.requested_bytes; // rounded for the op (op_counts.hpp)
    }
    if (f.reduction) {
        x["reduce_op"] = to_string(r.reduce);
    }
    if (f.rooted) {
        x["root"] = r.root;
    }
    if (f.participants == Participants::pair) {
        x["peer"] = r.peer;
    }
    if (f.timing == Timing::per_message) {
        x["window"] = r.window;
    }
    if (job.backend == BackendKind::mpi) {
        x["mpi_call"] = std::string(f.mpi_call); // the call(s) timed (the op table's entry)
    }
    if (r.scaling_efficiency) {
        x["scaling_efficiency"] = *r.scaling_efficiency;
        x["scaling_base_ranks"] = r.scaling_base_ranks;
    }
    m.extra = std::move(x);
    return m;
}

nlohmann::json results_entry(const CaseResult& r, const JobFacts& job, int family_index) {
    const Measurement m = to_measurement(r, job);
    nlohmann::json e = benchmark_entry(m, 0.0, family_index);
    std::string name = m.test_case.name() + "/" + to_string(r.type);
    if (op_facts(r.op).reduction) {
        name += std::string("/") + to_string(r.reduce);
    }
    name += r.in_place ? "/in-place" : "/out-of-place";
    name += std::string("/") + to_string(job.backend);
    e["name"] = name;
    e["run_name"] = name;
    return e;
}

} // namespace linkperf::coll
