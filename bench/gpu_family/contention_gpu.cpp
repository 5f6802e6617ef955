// GPU contention pairs (bench/contention_plan.hpp): a host or GPU victim measured alone and
// while a GPU aggressor (GPU 0's D2H into the victim's node, H2D out of it, or a peer's copies
// into GPU 0) runs batches of copies again and again on a thread of its own.
#include "bench/gpu_family/contention_gpu.hpp"

#include "bench/contention_plan.hpp"
#include "bench/host/contention_host.hpp"
#include "bench/host/host_measure.hpp"
#include "bench/host/host_plan.hpp"
#include "gpu/copy_batch.hpp"
#include "gpu/gpu_error.hpp"
#include "gpu/gpu_ops.hpp"
#include "gpu/gpu_paths.hpp"
#include "platform/cpu_binding.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace linkperf::bench {
namespace {

// Copies per lane in one aggressor pass: long enough to keep the link busy between batches,
// short enough that a pass completes soon after the victim ends.
constexpr std::uint64_t kCopiesPerPass = 4;

struct AggressorLane {
    gpu::BufferSpec source;
    gpu::BufferSpec destination;
    int device = 0;
    std::string what; // "gpu0 d2h -> node0"
};

class GpuCopyAggressor final : public Aggressor {
public:
    GpuCopyAggressor(std::string path, const std::vector<AggressorLane>& lanes, std::size_t bytes,
                     std::vector<unsigned> driver, std::optional<std::pair<int, int>> peer)
        : path_(std::move(path)), bytes_(bytes), driver_(std::move(driver)) {
        if (peer) {
            peer_ = std::make_unique<gpu::PeerAccessScope>(peer->first, peer->second, true);
        }
        std::vector<gpu::CopyLane> copy_lanes;
        for (std::size_t i = 0; i < lanes.size(); ++i) {
            const std::uint64_t seed = 0xA66E55A0ULL + 0x9E3779B97F4A7C15ULL * (i + 1);
            auto& s = buffers_.emplace_back(std::make_unique<gpu::GpuBuffer>(lanes[i].source));
            auto& d = buffers_.emplace_back(std::make_unique<gpu::GpuBuffer>(lanes[i].destination));
            s->fill_pattern(seed, bytes);
            d->fill_pattern(~seed, bytes);
            checks_.emplace_back(d.get(), seed);
            copy_lanes.push_back(
                {s.get(), d.get(), bytes, lanes[i].device, gpu::CopyEngine::copy_engine});
            lanes_.push_back(lanes[i].what);
        }
        batch_ = std::make_unique<gpu::CopyBatch>(std::move(copy_lanes));
        thread_ = std::thread([this] { work(); });
    }

    ~GpuCopyAggressor() override { halt(); }

    std::uint64_t passes() const override { return passes_.load(std::memory_order_acquire); }
    double bytes_per_pass() const override {
        return static_cast<double>(bytes_ * kCopiesPerPass * lanes_.size());
    }

    bool stop_and_verify(std::string& why) override {
        halt();
        if (!error_.empty()) {
            why = "aggressor: " + error_;
            return false;
        }
        for (const auto& [buffer, seed] : checks_) {
            if (const std::uint64_t bad = buffer->count_mismatches(seed, bytes_); bad != 0) {
                why = "aggressor " + path_ + ": " + std::to_string(bad) +
                      " bytes differ from the source pattern";
                return false;
            }
        }
        return true;
    }

    nlohmann::json describe() const override {
        return {{"path", path_},
                {"lanes", lanes_},
                {"cpus", driver_},
                {"size_bytes", bytes_},
                {"copies_per_pass", kCopiesPerPass}};
    }

private:
    void work() {
        try {
            std::optional<ThreadBinding> bind;
            if (!driver_.empty()) {
                bind.emplace(driver_);
            }
            while (!stop_.load(std::memory_order_relaxed)) {
                batch_->run(kCopiesPerPass);
                passes_.fetch_add(1, std::memory_order_release);
            }
        } catch (const std::exception& e) {
            const std::lock_guard lock(mutex_);
            error_ = e.what();
        }
    }

    void halt() {
        stop_.store(true);
        if (thread_.joinable()) {
            thread_.join();
        }
    }

    std::string path_;
    std::size_t bytes_;
    std::vector<unsigned> driver_;
    std::unique_ptr<gpu::PeerAccessScope> peer_;
    std::vector<std::unique_ptr<gpu::GpuBuffer>> buffers_;
    std::vector<std::pair<const gpu::GpuBuffer*, std::uint64_t>> checks_;
    std::vector<std::string> lanes_;
    std::unique_ptr<gpu::CopyBatch> batch_;
    std::thread thread_;
    std::atomic<bool> stop_{false};
    std::atomic<std::uint64_t> passes_{0};
    std::mutex mutex_;
    std::string error_; // guarded by mutex_ until the thread is joined
};

gpu::BufferSpec pinned_on(int node, std::size_t bytes, int device) {
    return {gpu::MemoryKind::pinned, bytes, device, node};
}

gpu::BufferSpec device_memory(int device, std::size_t bytes) {
    return {gpu::MemoryKind::device, bytes, device, -1};
}

} // namespace

Measurement measure_gpu_contention(const Case& pair, const GpuCaseContext& ctx) {
    const ContentionPair names = contention_pair(pair.path.id);
    const PathEntry* victim_entry = find_path(names.victim);
    const bool host_victim = victim_entry != nullptr && victim_entry->family == PathFamily::host;
    const std::size_t bytes = pair.size_bytes;
    // The GPU the pair is about: the victim's GPU endpoint, or GPU 0 for a host victim.
    const int g = host_victim ? ctx.inventory.devices.front().index : pair.destination.id;
    const int node = host_victim                                     ? pair.source.id
                     : pair.source.kind == EndpointKind::host_memory ? pair.source.id
                                                                     : ctx.near_node(g, 0);
    Case victim = pair;
    std::vector<unsigned> driver;
    if (host_victim) {
        victim.path = names.victim == host_read_path().id ? host_read_path() : host_copy_path();
        victim.cpus.assign(pair.cpus.begin(), pair.cpus.begin() + 1);
        driver.assign(pair.cpus.begin() + 1, pair.cpus.end());
    } else {
        victim.path = gpu::gpu_path(names.victim);
        driver = pair.cpus;
    }
    std::vector<AggressorLane> lanes;
    std::optional<std::pair<int, int>> peer;
    if (is_path(names.aggressor, PathId::ce_d2h)) {
        lanes.push_back({device_memory(g, bytes), pinned_on(node, bytes, g), g, "d2h"});
    } else if (is_path(names.aggressor, PathId::ce_h2d)) {
        lanes.push_back({pinned_on(node, bytes, g), device_memory(g, bytes), g, "h2d"});
    } else if (is_path(names.aggressor, PathId::ce_p2p)) {
        int other = -1;
        for (const auto& d : ctx.inventory.devices) {
            other = other < 0 && d.index != g ? d.index : other;
        }
        if (other < 0) {
            Measurement m;
            m.test_case = pair;
            m.status = CaseStatus::skipped;
            m.error = "one GPU: no peer to copy into GPU " + std::to_string(g);
            return m;
        }
        const gpu::PeerLink* link = ctx.device(other).peer(g);
        if (link != nullptr && link->access_supported) {
            peer = std::make_pair(other, g);
        }
        lanes.push_back({device_memory(other, bytes), device_memory(g, bytes), other, "p2p"});
    }
    if (lanes.empty()) {
        Measurement m;
        m.test_case = pair;
        m.status = CaseStatus::skipped;
        m.error = "no GPU aggressor named " + names.aggressor + " (ce.d2h, ce.h2d or ce.p2p)";
        return m;
    }
    return measure_pair(
        pair,
        [&] {
            return host_victim ? measure_host_bandwidth(victim, ctx.sampler)
                               : measure_copy_case(victim, ctx);
        },
        [&]() -> std::unique_ptr<Aggressor> {
            return std::make_unique<GpuCopyAggressor>(names.aggressor, lanes, bytes, driver, peer);
        });
}

} // namespace linkperf::bench
