// ce.* and sm.*: copies between two endpoints (or one GPU and all the others) as lanes of a
// CopyBatch, timed behind a hold kernel, with every destination verified afterwards.
#include "bench/gpu_family/gpu_measure.hpp"
#include "core/error.hpp"
#include "core/path_catalogue.hpp"
#include "core/statistics.hpp"
#include "gpu/copy_batch.hpp"
#include "gpu/copy_plan.hpp"
#include "gpu/gpu_ops.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

namespace linkperf::bench {
namespace {

using gpu::BufferSpec;
using gpu::CopyEngine;
using gpu::GpuBuffer;
using gpu::MemoryKind;

BufferSpec device_buffer(int device, std::uint64_t bytes) {
    return {MemoryKind::device, bytes, device, -1};
}

// The lanes of one case with the buffers they own and the peer access they need.
class LaneSet {
public:
    LaneSet(const Case& c, CopyEngine engine) : c_(c), engine_(engine) {}

    void add(const BufferSpec& src, const BufferSpec& dst, int device, std::string name) {
        const std::uint64_t seed = case_seed(c_, lanes_.size());
        auto& s = buffers_.emplace_back(std::make_unique<GpuBuffer>(src));
        auto& d = buffers_.emplace_back(std::make_unique<GpuBuffer>(dst));
        // The source holds the lane's pattern, the destination another one, so a copy that
        // moved nothing cannot pass the check.
        s->fill_pattern(seed, c_.size_bytes);
        d->fill_pattern(~seed, c_.size_bytes);
        s->map_for_gpu(); // system memory: every page mapped for the GPU before timing
        d->map_for_gpu();
        lanes_.push_back({s.get(), d.get(), c_.size_bytes, device, engine_});
        checks_.emplace_back(d.get(), seed);
        names_.push_back(std::move(name));
        lane_peer_.push_back(next_lane_peer_);
        next_lane_peer_.reset();
    }

    // Peer access between a and b for the next lane added (where the driver allows it). A
    // pair without it is staged through the host, and the others still get theirs.
    void peer(int a, int b, bool enabled, const gpu::GpuInventory& inv) {
        const gpu::GpuDevice* d = inv.device(a);
        const gpu::PeerLink* link = d != nullptr ? d->peer(b) : nullptr;
        const bool supported = link != nullptr && link->access_supported;
        next_lane_peer_ = enabled && supported;
        if (!enabled || !supported) {
            peer_access_ = false; // these copies go through the host
        }
        if (enabled && !supported) {
            return;
        }
        peers_.push_back(std::make_unique<gpu::PeerAccessScope>(a, b, enabled));
    }

    const std::vector<gpu::CopyLane>& lanes() const { return lanes_; }
    const auto& checks() const { return checks_; }
    const std::vector<std::string>& names() const { return names_; }
    // Whether every peer lane had peer access.
    bool peer_access() const { return peer_access_ && !peers_.empty(); }
    // Per lane: whether it had peer access (nullopt: not a copy between GPUs).
    std::optional<bool> lane_peer_access(std::size_t lane) const { return lane_peer_.at(lane); }
    std::vector<const GpuBuffer*> buffers() const {
        std::vector<const GpuBuffer*> out;
        for (const auto& b : buffers_) {
            out.push_back(b.get());
        }
        return out;
    }

private:
    const Case& c_;
    CopyEngine engine_;
    std::vector<std::unique_ptr<gpu::PeerAccessScope>> peers_;
    std::vector<std::unique_ptr<GpuBuffer>> buffers_;
    std::vector<gpu::CopyLane> lanes_;
    std::vector<std::pair<const GpuBuffer*, std::uint64_t>> checks_;
    std::vector<std::string> names_;
    std::vector<std::optional<bool>> lane_peer_;
    std::optional<bool> next_lane_peer_;
    bool peer_access_ = true;
};

std::vector<int> all_devices(const gpu::GpuInventory& inv) {
    std::vector<int> out;
    for (const auto& d : inv.devices) {
        out.push_back(d.index);
    }
    return out;
}

// The GPUs of an aggregate case: the first `threads` of `devices` (a saturation sweep's
// level; the plain plan asks for all of them).
std::vector<int> first_devices(std::vector<int> devices, unsigned threads) {
    if (threads > 0 && threads < devices.size()) {
        devices.resize(threads);
    }
    return devices;
}

// Builds the lanes of a case from its path and endpoints (see gpu_plan.cpp for the shapes).
void build_lanes(const Case& c, const GpuCaseContext& ctx, LaneSet& set) {
    const std::string& p = c.path.id;
    const std::uint64_t n = c.size_bytes;
    const std::string op = p.substr(p.find('.') + 1);
    if (op == "h2d") {
        set.add(buffer_for(c.source, n, c.destination.id), device_buffer(c.destination.id, n),
                c.destination.id, "h2d");
    } else if (op == "d2h") {
        set.add(device_buffer(c.source.id, n), buffer_for(c.destination, n, c.source.id),
                c.source.id, "d2h");
    } else if (op == "bidir" || op == "bidir_loaded") {
        const int g = c.destination.id;
        set.add(buffer_for(c.source, n, g), device_buffer(g, n), g, "h2d");
        set.add(device_buffer(g, n), buffer_for(c.source, n, g), g, "d2h");
    } else if (op == "d2d") {
        set.add(device_buffer(c.source.id, n), device_buffer(c.source.id, n), c.source.id, "d2d");
    } else if (op == "p2p" || op == "p2p_nopeer") {
        set.peer(c.source.id, c.destination.id, op == "p2p", ctx.inventory);
        set.add(device_buffer(c.source.id, n), device_buffer(c.destination.id, n), c.source.id,
                "p2p");
    } else if (op == "all_to_one" || op == "one_to_all") {
        const bool to_one = op == "all_to_one";
        const int one = to_one ? c.destination.id : c.source.id;
        std::vector<int> others = all_devices(ctx.inventory);
        std::erase(others, one);
        for (int o : first_devices(others, c.threads)) {
            const int from = to_one ? o : one;
            const int to = to_one ? one : o;
            set.peer(from, to, true, ctx.inventory);
            set.add(device_buffer(from, n), device_buffer(to, n), from,
                    "gpu" + std::to_string(from) + "->gpu" + std::to_string(to));
        }
    } else if (op == "host_to_all" || op == "all_to_host") {
        const bool to_gpus = op == "host_to_all";
        const Endpoint& host = to_gpus ? c.source : c.destination;
        for (int g : first_devices(all_devices(ctx.inventory), c.threads)) {
            // "near": each GPU with memory on its own nearest node; else the node asked for.
            Endpoint h = host;
            h.id = host.role == "near" ? ctx.near_node(g, host.id) : host.id;
            if (to_gpus) {
                set.add(buffer_for(h, n, g), device_buffer(g, n), g, "gpu" + std::to_string(g));
            } else {
                set.add(device_buffer(g, n), buffer_for(h, n, g), g, "gpu" + std::to_string(g));
            }
        }
    } else {
        throw usage_error("not a copy path: " + p);
    }
}

void add_links(Measurement& m, const GpuCaseContext& ctx, const LaneSet& set) {
    const Case& c = m.test_case;
    const std::string op = c.path.id.substr(c.path.id.find('.') + 1);
    if (op == "h2d" || op == "d2h" || op == "bidir" || op == "bidir_loaded") {
        const int g = op == "d2h" ? c.source.id : c.destination.id;
        // bidir: the figure is one direction (under load from the other).
        add_host_link(m, ctx, g, 1);
    } else if (op == "d2d") {
        add_device_memory_link(m, ctx.device(c.source.id));
    } else if (op == "p2p" || op == "p2p_nopeer") {
        add_peer_link(m, ctx, c.source.id, c.destination.id);
        m.extra["peer_access"] = set.peer_access();
    } else if (op == "host_to_all" || op == "all_to_host") {
        add_host_links(m, ctx, first_devices(all_devices(ctx.inventory), c.threads));
    } else {
        m.extra["peer_access"] = set.peer_access();
    }
}

// The timing note of a case.
std::string timing_note(const Case& c, bool held) {
    const bool pageable = c.source.memory == "pageable" || c.destination.memory == "pageable";
    return held       ? "CUDA events around copies queued behind a hold kernel, every lane started "
                        "by one common start event"
           : pageable ? "CUDA events around copies the host stages synchronously"
                      : "CUDA events around copies queued without a hold (queueing blocked "
                        "behind it: launch gaps included), every lane started by one common "
                        "start event";
}

// ce.bidir, sm.bidir: nvbandwidth's convention (copy_plan.hpp: kBidirLoadFactor). The figure is
// host-to-GPU while GPU-to-host keeps the link loaded; the mirror batch measures GPU-to-host
// under host-to-GPU load for extra.directions and extra.bidir_sum_gbps.
Measurement measure_bidir_case(Measurement m, const GpuCaseContext& ctx, const LaneSet& set) {
    const Case& c = m.test_case;
    std::vector<gpu::CopyLane> forward = set.lanes(); // lane 0 h2d, lane 1 d2h
    forward[1].copies_per_rep = gpu::kBidirLoadFactor;
    std::vector<gpu::CopyLane> reverse{set.lanes()[1], set.lanes()[0]};
    reverse[1].copies_per_rep = gpu::kBidirLoadFactor;
    gpu::CopyBatch h2d(forward);
    gpu::CopyBatch d2h(reverse);
    std::vector<double> h2d_seconds;
    std::vector<double> d2h_seconds;
    std::vector<double> sums;
    const SampleSet samples = run_samples(
        [&](std::uint64_t reps) {
            const double f = h2d.run(reps).lane_seconds[0];
            const double r = d2h.run(reps).lane_seconds[0];
            const auto n = static_cast<double>(reps);
            h2d_seconds.push_back(f / n);
            d2h_seconds.push_back(r / n);
            sums.push_back(gpu::bidir_figures(c.size_bytes, reps, f, r).sum_gbps);
            return f;
        },
        ctx.sampler);
    const double bytes = static_cast<double>(c.size_bytes);
    finish_samples(m, samples, bytes); // the measured direction's bytes only
    add_links(m, ctx, set);
    record_gpu_placement(m, set.buffers());
    verify_destinations(m, set.checks(), c.size_bytes);
    const std::size_t n = samples.seconds_per_op.size();
    nlohmann::json directions = nlohmann::json::object();
    directions["h2d"] = lane_summary(h2d_seconds, n, bytes);
    directions["h2d"]["method"] = h2d.describe_lane(0);
    directions["h2d"]["measured_under"] = "d2h load";
    directions["d2h"] = lane_summary(d2h_seconds, n, bytes);
    directions["d2h"]["method"] = d2h.describe_lane(0);
    directions["d2h"]["measured_under"] = "h2d load";
    m.extra["directions"] = directions;
    const auto kept = static_cast<std::ptrdiff_t>(std::min(n, sums.size()));
    m.extra["bidir_sum_gbps"] =
        summarize(std::vector<double>(sums.end() - kept, sums.end())).median;
    m.extra["convention"] =
        "nvbandwidth's: the figure is host-to-GPU while GPU-to-host runs concurrently and "
        "longer (" +
        std::to_string(gpu::kBidirLoadFactor) +
        "x the copies), so the link stays loaded both ways for the whole measurement; "
        "bidir_sum_gbps adds both directions, each measured under load";
    m.extra["method"] = h2d.describe_lane(0);
    m.extra["timing"] = timing_note(c, h2d.held() && d2h.held());
    return m;
}

// ce.host_to_all, ce.all_to_host: nvbandwidth's figure (host_to_all_memcpy_ce,
// all_to_host_memcpy_ce) for each GPU in turn: its own copies timed while every other GPU copies
// twice as much (kBidirLoadFactor), so the others load the host side for the whole measured
// time. The case's figure stays the aggregate of all lanes; this goes in extra.per_gpu.
nlohmann::json per_gpu_under_interference(const Case& c, const GpuCaseContext& ctx,
                                          const LaneSet& set) {
    nlohmann::json out = nlohmann::json::array();
    const double bytes = static_cast<double>(c.size_bytes);
    for (std::size_t i = 0; i < set.lanes().size(); ++i) {
        std::vector<gpu::CopyLane> lanes = set.lanes();
        for (std::size_t j = 0; j < lanes.size(); ++j) {
            lanes[j].copies_per_rep = j == i ? 1 : gpu::kBidirLoadFactor;
        }
        gpu::CopyBatch batch(lanes);
        std::vector<double> own; // the measured GPU's seconds per copy, per sample
        const SampleSet samples = run_samples(
            [&](std::uint64_t reps) {
                const gpu::BatchTimes t = batch.run(reps);
                own.push_back(t.lane_seconds[i] / static_cast<double>(reps));
                return t.lane_seconds[i];
            },
            ctx.sampler);
        nlohmann::json g = lane_summary(own, samples.seconds_per_op.size(), bytes);
        g["gpu"] = set.lanes()[i].device;
        g["samples"] = samples.seconds_per_op.size();
        out.push_back(std::move(g));
    }
    return out;
}

} // namespace

Measurement measure_copy_case(const Case& c, const GpuCaseContext& ctx) {
    Measurement m;
    m.test_case = c;
    const PathEntry* entry = find_path(c.path.id);
    const bool sm = entry != nullptr && entry->group == PathGroup::sm;
    LaneSet set(c, sm ? CopyEngine::sm : CopyEngine::copy_engine);
    build_lanes(c, ctx, set);
    if (c.path.id.ends_with(".bidir") || c.path.id.ends_with(".bidir_loaded")) {
        return measure_bidir_case(std::move(m), ctx, set);
    }
    gpu::CopyBatch batch(set.lanes());
    const std::size_t lanes = set.lanes().size();

    std::vector<std::vector<double>> lane_seconds(lanes); // per op, every batch
    const SampleSet samples = run_samples(
        [&](std::uint64_t reps) {
            const gpu::BatchTimes t = batch.run(reps);
            for (std::size_t i = 0; i < lanes; ++i) {
                lane_seconds[i].push_back(t.lane_seconds[i] / static_cast<double>(reps));
            }
            return t.total_seconds;
        },
        ctx.sampler);
    const double bytes = static_cast<double>(c.size_bytes);
    finish_samples(m, samples, bytes * static_cast<double>(lanes));
    const bool host_all =
        is_path(c.path.id, PathId::ce_host_to_all) || is_path(c.path.id, PathId::ce_all_to_host);
    if (host_all && lanes > 1 && m.status == CaseStatus::ok) {
        m.extra["figure"] = "aggregate: every GPU's bytes / the common time (nvbandwidth reports "
                            "each GPU under the others' load: extra.per_gpu)";
        m.extra["per_gpu"] = per_gpu_under_interference(c, ctx, set);
        m.extra["per_gpu_convention"] =
            "nvbandwidth's host_to_all_memcpy_ce / all_to_host_memcpy_ce: one GPU's copies "
            "timed while every other GPU copies twice as much; GB/s of that GPU's bytes";
    }
    // The link state now, before the verification (up to seconds) lets an idle link train down.
    add_links(m, ctx, set);
    // Placement before verification: CPU reads of host buffers would fault migrated pages back.
    record_gpu_placement(m, set.buffers());
    verify_destinations(m, set.checks(), c.size_bytes);

    m.extra["method"] = batch.describe_lane(0);
    m.extra["timing"] = timing_note(c, batch.held());
    if (lanes > 1) {
        nlohmann::json per_lane = nlohmann::json::object();
        for (std::size_t i = 0; i < lanes; ++i) {
            per_lane[set.names()[i]] =
                lane_summary(lane_seconds[i], samples.seconds_per_op.size(), bytes);
            per_lane[set.names()[i]]["method"] = batch.describe_lane(i);
            if (const auto peer = set.lane_peer_access(i)) {
                per_lane[set.names()[i]]["peer_access"] = *peer;
            }
        }
        m.extra["lanes"] = per_lane;
    }
    return m;
}

} // namespace linkperf::bench
