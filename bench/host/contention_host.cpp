#include "bench/host/contention_host.hpp"

#include "bench/contention_plan.hpp"
#include "bench/host/host_kernels.hpp"
#include "bench/host/host_measure.hpp"
#include "bench/host/host_plan.hpp"
#include "core/error.hpp"
#include "platform/cpu_binding.hpp"
#include "platform/numa_buffer.hpp"

#include <fmt/core.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>

namespace linkperf::bench {
namespace {

using Clock = std::chrono::steady_clock;

// How long an aggressor may take to show a pass before or after the victim.
constexpr std::chrono::seconds kPassTimeout{30};

struct alignas(64) WorkerState {
    std::atomic<std::uint64_t> passes{0};
    std::atomic<int> seen_pu{-1};
};

class HostCopyAggressor final : public Aggressor {
public:
    HostCopyAggressor(const std::vector<unsigned>& pus, int source_node, int destination_node,
                      std::size_t bytes)
        : pus_(pus), source_(bytes, source_node), destination_(bytes, destination_node),
          states_(pus.size()) {
        // Distinct words in the source, zeros in the destination: a copy that moved nothing
        // fails the check.
        for (std::size_t i = 0; i + 8 <= bytes; i += 8) {
            const std::uint64_t w = (i / 8 + 7) * 0xD6E8FEB86659FD93ULL;
            std::memcpy(source_.data() + i, &w, 8);
        }
        std::memset(destination_.data(), 0, bytes);
        const std::size_t lines = bytes / 64;
        for (std::size_t t = 0; t < pus.size(); ++t) {
            const std::size_t b = lines * t / pus.size() * 64;
            const std::size_t e = t + 1 == pus.size() ? bytes : lines * (t + 1) / pus.size() * 64;
            threads_.emplace_back([this, t, b, e] { work(t, b, e); });
        }
    }

    ~HostCopyAggressor() override { halt(); }

    std::uint64_t passes() const override {
        std::uint64_t least = UINT64_MAX;
        for (const auto& s : states_) {
            least = std::min(least, s.passes.load(std::memory_order_acquire));
        }
        return states_.empty() ? 0 : least;
    }

    double bytes_per_pass() const override { return static_cast<double>(source_.size()); }

    bool stop_and_verify(std::string& why) override {
        halt();
        if (error_) {
            why = "aggressor: " + error_message_;
            return false;
        }
        if (std::memcmp(source_.data(), destination_.data(), source_.size()) != 0) {
            why = "aggressor copy: destination differs from the source";
            return false;
        }
        return true;
    }

    nlohmann::json describe() const override {
        nlohmann::json seen = nlohmann::json::array();
        for (const auto& s : states_) {
            seen.push_back(s.seen_pu.load());
        }
        return {{"path", path_name(PathId::host_copy)},
                {"cpus", pus_},
                {"cpus_ran_on", seen},
                {"source_node", source_.node()},
                {"destination_node", destination_.node()},
                {"size_bytes", source_.size()}};
    }

private:
    void work(std::size_t t, std::size_t b, std::size_t e) {
        try {
            ThreadBinding bind({pus_[t]});
            const StoreKind stores = store_kind_for(2 * (e - b), 0);
            while (!stop_.load(std::memory_order_relaxed)) {
                copy_bytes(destination_.data() + b, source_.data() + b, e - b, stores);
                clobber_memory();
                states_[t].seen_pu.store(current_pu());
                states_[t].passes.fetch_add(1, std::memory_order_release);
            }
        } catch (const std::exception& ex) {
            const std::lock_guard lock(mutex_);
            error_ = true;
            error_message_ = ex.what();
        }
    }

    void halt() {
        stop_.store(true);
        for (auto& th : threads_) {
            if (th.joinable()) {
                th.join();
            }
        }
    }

    std::vector<unsigned> pus_;
    NumaBuffer source_;
    NumaBuffer destination_;
    std::vector<WorkerState> states_;
    std::vector<std::thread> threads_;
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    bool error_ = false; // guarded by mutex_ until the workers are joined
    std::string error_message_;
};

// Waits until the aggressor's slowest worker has passed `above`; false on timeout.
bool wait_for_pass(const Aggressor& a, std::uint64_t above) {
    const auto deadline = Clock::now() + kPassTimeout;
    while (a.passes() <= above) {
        if (Clock::now() > deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return true;
}

nlohmann::json stats_json(const Statistics& s) {
    return {{"median", s.median},
            {"p5", s.p5},
            {"p95", s.p95},
            {"count", s.count},
            {"stdrel", s.stdrel}};
}

} // namespace

std::unique_ptr<Aggressor> start_host_copy_aggressor(const std::vector<unsigned>& pus,
                                                     int source_node, int destination_node,
                                                     std::size_t bytes) {
    return std::make_unique<HostCopyAggressor>(pus, source_node, destination_node, bytes);
}

Measurement measure_pair(const Case& pair, const VictimFn& victim,
                         const std::function<std::unique_ptr<Aggressor>()>& start) {
    const ContentionPair names = contention_pair(pair.path.id);
    Measurement alone = victim();
    if (alone.status != CaseStatus::ok) {
        alone.test_case = pair;
        alone.error = "victim alone: " + alone.error;
        return alone;
    }
    std::unique_ptr<Aggressor> aggressor = start();
    std::string why;
    // Running before: a pass completed before the victim starts.
    const bool before = wait_for_pass(*aggressor, 0);
    const std::uint64_t passes_at_start = aggressor->passes();
    const auto t0 = Clock::now();
    Measurement loaded = before ? victim() : Measurement{};
    const auto t1 = Clock::now();
    const std::uint64_t passes_at_end = aggressor->passes();
    // Running after: one more pass completed after the victim ended.
    const bool after = before && wait_for_pass(*aggressor, passes_at_end);
    const bool intact = aggressor->stop_and_verify(why);

    Measurement m = loaded;
    m.test_case = pair;
    if (!before) {
        m.status = CaseStatus::failed;
        m.error = "aggressor " + names.aggressor + " completed no pass within 30 s";
        return m;
    }
    const double window = std::chrono::duration<double>(t1 - t0).count();
    const std::uint64_t during = passes_at_end - passes_at_start;
    m.extra["victim"] = names.victim;
    m.extra["aggressor"] = names.aggressor;
    m.extra["alone"] = stats_json(alone.stats);
    m.extra["alone_samples"] = alone.samples;
    if (loaded.status == CaseStatus::ok && alone.stats.median > 0) {
        m.extra["interference_ratio"] = loaded.stats.median / alone.stats.median;
    }
    nlohmann::json run = aggressor->describe();
    run["running_before_victim"] = before;
    run["running_after_victim"] = after;
    run["passes_during_victim"] = during;
    run["victim_seconds"] = window;
    run["gbps_during_victim"] =
        window > 0 ? static_cast<double>(during) * aggressor->bytes_per_pass() / window / 1e9 : 0;
    run["data_verified"] = intact;
    m.extra["aggressor_run"] = run;
    if (loaded.status != CaseStatus::ok) {
        m.error = "victim under load: " + loaded.error;
        return m;
    }
    if (!after || during == 0) {
        m.status = CaseStatus::failed;
        m.error = fmt::format("aggressor {} did not run throughout the victim's measurement "
                              "({} passes during it, {} after it)",
                              names.aggressor, during, after ? "one" : "none");
    } else if (!intact) {
        m.status = CaseStatus::failed;
        m.data_verified = false;
        m.error = "data verification failed: " + why;
    }
    return m;
}

Measurement measure_host_contention(const Case& pair, const SamplerConfig& sampler) {
    const ContentionPair names = contention_pair(pair.path.id);
    Case victim = pair;
    victim.path = names.victim == host_read_path().id ? host_read_path() : host_copy_path();
    const std::size_t t = std::min<std::size_t>(pair.threads, pair.cpus.size());
    victim.cpus.assign(pair.cpus.begin(), pair.cpus.begin() + static_cast<std::ptrdiff_t>(t));
    const std::vector<unsigned> aggressor_pus(pair.cpus.begin() + static_cast<std::ptrdiff_t>(t),
                                              pair.cpus.end());
    if (names.aggressor != host_copy_path().id || aggressor_pus.empty() || victim.cpus.empty()) {
        Measurement m;
        m.test_case = pair;
        m.status = CaseStatus::skipped;
        m.error = "not a host contention pair with victim and aggressor CPUs: " + pair.name();
        return m;
    }
    // The aggressor copies within the victim's memory node: both its reads and its writes
    // load X's memory controller.
    const int memory_node = pair.source.id;
    require_memory(2 * std::uint64_t{pair.size_bytes}, memory_node, pair);
    return measure_pair(
        pair, [&] { return measure_host_bandwidth(victim, sampler); },
        [&] {
            return start_host_copy_aggressor(aggressor_pus, memory_node, memory_node,
                                             pair.size_bytes);
        });
}

} // namespace linkperf::bench
