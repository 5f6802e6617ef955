#include "collectives/sweep.hpp"

#include "collectives/ops/nccl_table.hpp"
#include "collectives/ops/op_facts.hpp"
#include "collectives/ops/test_pattern.hpp"
#include "core/sampler.hpp"
#include "core/units.hpp"
#include "platform/cpu_contention.hpp"

#include <unistd.h>

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <limits>
#include <vector>

namespace linkperf::coll {
namespace {

// Sampling stops early once the batches' stddev/mean is below this (the sampler's default 1%).
constexpr double kTargetSpread = 0.01;

// Agreed placement of the job: verified only when every rank's is.
Placement job_placement(ProcessGroup& group, const Backend& backend) {
    Placement p = backend.placement();
    std::uint64_t ok[1] = {p.verified ? 1u : 0u};
    group.all_reduce(std::span<std::uint64_t>(ok), Reduction::min);
    const std::vector<std::string> details = group.all_gather(p.verified ? "" : p.detail);
    p.verified = ok[0] == 1;
    std::string detail;
    for (std::size_t r = 0; r < details.size(); ++r) {
        if (!details[r].empty()) {
            detail += (detail.empty() ? "" : "; ") + fmt::format("rank {}: {}", r, details[r]);
        }
    }
    p.detail = detail;
    return p;
}

// One batch as every rank agrees on it: the per-op times over ranks, and the batch's wall
// time (barrier to settled) on the slowest rank.
struct BatchTimes {
    RankTimes times;
    double wall = 0;
};

BatchTimes reduce_times(ProcessGroup& group, std::optional<double> mine, double wall,
                        RankTime which) {
    const double inf = std::numeric_limits<double>::infinity();
    std::array<double, 3> extremes{mine ? *mine : -inf, mine ? -*mine : -inf, wall};
    const double first = group.rank() == 0 && mine ? *mine : 0.0;
    std::array<double, 3> sum{mine ? *mine : 0.0, mine ? 1.0 : 0.0, first};
    group.all_reduce(std::span<double>(extremes), Reduction::max);
    group.all_reduce(std::span<double>(sum), Reduction::sum);
    BatchTimes b;
    b.times.max = extremes[0];
    b.times.min = -extremes[1];
    b.times.mean = sum[1] > 0 ? sum[0] / sum[1] : 0.0;
    b.times.rank0 = sum[2];
    b.times.reported = pick(b.times, which);
    b.wall = extremes[2];
    return b;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The timed batches' contention on this node: the other ranks here run (or spin) with the
// reader, so they do not count as other runnable tasks.
ContentionSummary contention_of(CpuCounters before, CpuCounters after, int ranks_here) {
    const unsigned ours = static_cast<unsigned>(std::max(ranks_here, 1)) - 1;
    for (CpuCounters* k : {&before, &after}) {
        k->procs_running = k->procs_running > ours ? k->procs_running - ours : 0;
    }
    const long online = ::sysconf(_SC_NPROCESSORS_ONLN);
    return summarize_contention(before, after, online > 0 ? static_cast<unsigned>(online) : 0,
                                ours + 1, std::nullopt);
}

class CaseRunner {
public:
    CaseRunner(const SweepSetup& s, const Placement& placement) : s_(s), placement_(placement) {}

    CaseResult measure(const OpSpec& spec) {
        const CollOptions& o = s_.options;
        CaseResult r;
        r.op = spec.op;
        r.type = spec.type;
        r.reduce = spec.reduce;
        r.root = spec.root;
        r.peer = spec.peer;
        r.in_place = spec.in_place;
        r.window = spec.window;
        r.average = o.average;
        r.counts = spec.counts;
        r.iters = o.iters;
        r.warmup_iters = o.warmup_iters;
        r.placement = placement_;
        if (const auto why = s_.backend.unsupported(spec)) {
            r.status = CaseStatus::skipped;
            r.error = *why;
            return r;
        }
        const bool part = s_.backend.takes_part(spec);
        const std::string what =
            fmt::format("{} at {} ({}", to_string(spec.op), format_size(spec.counts.size_bytes),
                        spec.in_place ? "in-place" : "out-of-place");
        // Ranks outside a point-to-point pair only wait; the pair's own timers guard them.
        const auto arm = [&](const char* phase) {
            if (part) {
                s_.watchdog.arm(what + ", " + phase + ")");
            }
        };
        // Point-to-point: the ranks outside the pair sleep until it is done.
        const auto settle = [&] {
            if (op_facts(spec.op).participants == Participants::pair) {
                s_.group.quiet_barrier();
            }
        };
        arm("warm-up phase");
        s_.group.barrier();
        // --budget bounds the case by the wall time of its batches: one untimed op, its wall
        // time agreed over ranks (max), sizes the batches so that the calibration batch and
        // --batches batches fit; an op too slow for that runs batches of one op.
        int per_batch = o.iters;
        int warmup = o.warmup_iters;
        if (o.budget_s > 0) {
            const auto t0 = std::chrono::steady_clock::now();
            s_.backend.run(spec, 1);
            settle();
            double op_wall[1] = {seconds_since(t0)};
            s_.group.all_reduce(std::span<double>(op_wall), Reduction::max);
            const double fit = o.budget_s / (static_cast<double>(o.batches + 1) * op_wall[0]);
            if (fit < o.iters) {
                per_batch = std::max(1, static_cast<int>(fit));
            }
            warmup = std::min(std::max(o.warmup_iters - 1, 0), per_batch);
        }
        r.iters = per_batch;
        r.warmup_iters = warmup + (o.budget_s > 0 ? 1 : 0);
        s_.backend.run(spec, warmup);
        settle();
        // linkperf's sampler (core/sampler.hpp) over batches of -n ops. Every rank decides on the
        // same numbers (the times reduced over ranks), so all run the same batches.
        SamplerConfig sampling;
        sampling.min_samples = static_cast<std::size_t>(o.batches);
        sampling.max_samples = static_cast<std::size_t>(o.max_batches);
        sampling.max_seconds = std::numeric_limits<double>::infinity();
        double wall = 0; // the batches' agreed wall time, the calibration batch included
        sampling.out_of_time = [&] { return wall >= o.budget_s; };
        sampling.target_stdrel = kTargetSpread;
        sampling.min_sample_seconds = 0; // a batch is -n ops, as in nccl-tests
        sampling.warmup_samples = 0;     // -w ran already; the first (calibration) batch is untimed
        std::vector<RankTimes> batches;
        const CpuCounters before = read_cpu_counters();
        const SampleSet set = run_samples(
            [&](std::uint64_t reps) {
                arm("timed phase");
                const auto t0 = std::chrono::steady_clock::now();
                s_.group.barrier();
                const std::optional<double> mine = s_.backend.seconds_per_op(spec, per_batch);
                settle();
                const BatchTimes b = reduce_times(s_.group, mine, seconds_since(t0), o.average);
                wall += b.wall;
                batches.push_back(b.times);
                return b.times.reported * static_cast<double>(reps);
            },
            sampling);
        // The timed batches are the last ones; the first was the sampler's calibration.
        const std::vector<RankTimes> timed(
            batches.end() - static_cast<std::ptrdiff_t>(set.seconds_per_op.size()), batches.end());
        for (const RankTimes& t : timed) {
            r.batch_seconds.push_back(t.reported);
        }
        r.times = timed[median_batch(r.batch_seconds)];
        r.converged = set.converged;
        r.contention = contention_of(before, read_cpu_counters(), s_.job.ranks_per_node);
        if (o.check) {
            arm("check phase");
            s_.group.barrier();
            const std::uint64_t seed =
                case_seed(o.seed, static_cast<int>(spec.op), spec.counts.size_bytes, spec.in_place,
                          static_cast<std::uint64_t>(s_.job.ranks));
            std::uint64_t wrong[1] = {s_.backend.check(spec, seed)};
            settle();
            s_.group.all_reduce(std::span<std::uint64_t>(wrong), Reduction::sum);
            r.wrong = wrong[0];
            if (wrong[0] > 0) {
                r.status = CaseStatus::failed;
                r.error = fmt::format("{} wrong elements over all ranks", wrong[0]);
            }
        }
        s_.watchdog.disarm();
        return r;
    }

private:
    const SweepSetup& s_;
    const Placement& placement_;
};

Cell cell_of(const CaseResult& r, int ranks) {
    Cell c;
    c.ran = r.status != CaseStatus::skipped;
    c.seconds = r.times.reported;
    c.bw = bandwidth(r.op, r.counts.size_bytes, ranks, r.times.reported);
    c.wrong = r.wrong;
    return c;
}

} // namespace

SweepTotals run_sweep(const SweepSetup& s) {
    const CollOptions& o = s.options;
    const bool printer = s.group.rank() == 0;
    const int ranks = s.backend.ranks();
    const Placement placement = job_placement(s.group, s.backend);
    CaseRunner runner(s, placement);
    SweepTotals totals;
    // A long sweep says where it is on stderr (the table may be buffered by the launcher).
    const auto sweep_start = std::chrono::steady_clock::now();
    double last_progress = 0;
    std::size_t op_number = 0;
    for (const CollOp op : o.ops) {
        ++op_number;
        const OpFacts& f = op_facts(op);
        const int peer = o.peer >= 0 ? o.peer : ranks - 1;
        if (printer) {
            std::string title = fmt::format("#\n# {} ({} ranks", f.name, ranks);
            if (f.participants == Participants::pair) {
                title += fmt::format(", rank 0 <-> rank {}", peer);
            }
            if (f.timing == Timing::per_message) {
                title += fmt::format(", window {}", o.window);
            }
            if (f.metric == Metric::latency) {
                title += ", time = one-way latency";
            }
            if (o.backend == BackendKind::mpi) {
                title += fmt::format(", timed call {}", f.mpi_call);
            }
            fmt::print(s.text, "{})\n#\n{}", title, table_header());
            std::fflush(s.text);
        }
        double busbw_sum = 0;
        int busbw_count = 0;
        std::uint64_t op_wrong = 0;
        std::vector<std::uint64_t> measured;
        for (const std::uint64_t requested : o.sizes) {
            // Sizes an op cannot split are rounded as nccl-tests does; the size used is the
            // one printed and recorded, and a size that rounds onto one already run is skipped.
            const std::uint64_t size = rounded_size(op, requested, o.type, ranks);
            if (std::find(measured.begin(), measured.end(), size) != measured.end()) {
                if (printer) {
                    fmt::print(s.text,
                               "# {} B rounds to {} B for {} on {} ranks: measured already, "
                               "skipped\n",
                               requested, size, to_string(op), ranks);
                }
                continue;
            }
            measured.push_back(size);
            if (printer && size != requested) {
                fmt::print(s.text,
                           "# {} B rounded to {} B: {} on {} ranks runs at multiples of {} B\n",
                           requested, size, to_string(op), ranks, size_multiple(op, o.type, ranks));
            }
            TableRow row;
            row.op = op;
            row.counts = op_counts(op, size, o.type, ranks);
            row.type = o.type;
            row.reduce = o.reduce;
            row.root = o.root;
            std::vector<CaseResult> done;
            for (const bool in_place : {false, true}) {
                if (in_place && !f.in_place) {
                    continue;
                }
                OpSpec spec;
                spec.op = op;
                spec.type = o.type;
                spec.reduce = o.reduce;
                spec.root = o.root;
                spec.peer = peer;
                spec.in_place = in_place;
                spec.window = o.window;
                spec.blocking = o.blocking;
                spec.counts = row.counts;
                CaseResult r = runner.measure(spec);
                r.requested_bytes = requested;
                if (s.scaling != nullptr && r.status != CaseStatus::skipped) {
                    const double busbw = bandwidth(op, size, ranks, r.times.reported).busbw;
                    // Keyed by the size asked for: the rows of every rank count line up.
                    s.scaling->add(op, in_place, requested, ranks, busbw);
                    r.scaling_efficiency = s.scaling->efficiency(op, in_place, requested, ranks);
                    r.scaling_base_ranks = s.scaling->base_ranks();
                }
                (in_place ? row.in_place : row.out_of_place) = cell_of(r, ranks);
                if (r.status != CaseStatus::skipped) {
                    busbw_sum += bandwidth(op, size, ranks, r.times.reported).busbw;
                    ++busbw_count;
                }
                if (r.wrong) {
                    op_wrong += *r.wrong;
                    totals.wrong += *r.wrong;
                }
                if (r.status == CaseStatus::failed) {
                    ++totals.failed;
                }
                done.push_back(std::move(r));
            }
            if (printer) {
                fmt::print(s.text, "{}", table_row(row));
                std::fflush(s.text);
                const double now = seconds_since(sweep_start);
                if (now - last_progress >= o.progress_s) {
                    last_progress = now;
                    fmt::print(stderr, "# linkperf-coll: {:.0f} s: {} at {} done (op {} of {})\n",
                               now, to_string(op), format_size(size), op_number, o.ops.size());
                    std::fflush(stderr);
                }
                if (s.results != nullptr) {
                    for (const CaseResult& r : done) {
                        nlohmann::json entry = results_entry(r, s.job, (*s.family_index)++);
                        if (s.pass >= 0) {
                            entry["linkperf"]["pass"] = s.pass;
                        }
                        s.results->append(std::move(entry));
                    }
                }
            }
        }
        if (printer) {
            fmt::print(
                s.text, "{}",
                table_footer(op_wrong, o.check, busbw_count > 0 ? busbw_sum / busbw_count : 0.0));
            std::fflush(s.text);
        }
    }
    return totals;
}

} // namespace linkperf::coll
