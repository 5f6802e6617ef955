// The host family: measures host.copy/read/write/latency/c2c cases planned by host_plan.
#include "bench/host_kernels.hpp"
#include "bench/host_plan.hpp"
#include "bench/path_runner.hpp"
#include "bench/worker_team.hpp"
#include "harness/cpu_binding.hpp"
#include "harness/error.hpp"
#include "harness/numa_buffer.hpp"
#include "harness/units.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <set>
#include <thread>

namespace linkperf::bench {
namespace {

constexpr std::size_t kLine = 64;

// Refuses a case whose buffers do not fit in the free memory of their node (exit 3).
void require_memory(std::uint64_t bytes, int node, const Case& c) {
    // The smaller of the node's free memory (libnuma) and the host's MemAvailable.
    std::uint64_t limit = host_available_bytes();
    if (const long long node_free = numa_free_bytes(node); node_free >= 0) {
        limit = std::min(limit, static_cast<std::uint64_t>(node_free));
    }
    // Leave a tenth of the free memory to the rest of the system.
    if (bytes > limit - limit / 10) {
        throw environment_error(c.name() + " needs " + std::to_string(bytes) +
                                " bytes on NUMA node " + std::to_string(node) + " but only " +
                                std::to_string(limit) + " are free");
    }
}

void finish_stats(Measurement& m, const SampleSet& set, double bytes) {
    m.reps_per_sample = set.reps_per_sample;
    m.converged = set.converged;
    std::vector<double> secs = set.seconds_per_op;
    std::sort(secs.begin(), secs.end());
    m.seconds_per_op = summarize(secs).median;
    m.samples.clear();
    for (const double s : set.seconds_per_op) {
        m.samples.push_back(m.test_case.path.metric == Metric::bandwidth ? to_gbps(bytes, s)
                                                                         : s * 1e9);
    }
    m.stats = summarize(m.samples);
}

void record_placement(Measurement& m, const std::vector<const NumaBuffer*>& buffers,
                      const std::vector<int>& seen, const std::vector<unsigned>& wanted) {
    Placement& p = m.placement;
    p.verified = true;
    std::set<int> nodes;
    for (const NumaBuffer* b : buffers) {
        const PlacementCheck check = b->verify();
        nodes.insert(check.nodes_found.begin(), check.nodes_found.end());
        if (!check.ok) {
            p.verified = false;
            p.detail += (p.detail.empty() ? "" : "; ") + check.detail;
        }
    }
    p.memory_nodes.assign(nodes.begin(), nodes.end());
    for (std::size_t i = 0; i < seen.size(); ++i) {
        if (seen[i] >= 0) {
            p.cpus_ran_on.push_back(static_cast<unsigned>(seen[i]));
        }
        if (i < wanted.size() && seen[i] != static_cast<int>(wanted[i])) {
            p.verified = false;
            p.detail += (p.detail.empty() ? "" : "; ") + std::string("thread ") +
                        std::to_string(i) + " ran on CPU " + std::to_string(seen[i]) + ", not " +
                        std::to_string(wanted[i]);
        }
    }
}

// Slice [begin, end) of member m when `bytes` are split over `n` members in whole lines.
std::pair<std::size_t, std::size_t> slice(std::size_t bytes, std::size_t n, std::size_t m) {
    const std::size_t lines = bytes / kLine;
    const std::size_t begin = lines * m / n * kLine;
    const std::size_t end = m + 1 == n ? bytes : lines * (m + 1) / n * kLine;
    return {begin, end};
}

class HostRunner final : public PathRunner {
public:
    std::string family() const override { return "host"; }

    std::vector<Case> plan(const Topology& topo, const PlanOptions& options) const override {
        return plan_host_cases(topo, options);
    }

    void describe(nlohmann::json& context) const override {
        context["isa_features"]["stream_stores"] = stream_store_method();
        context["isa_features"]["timer"] = "std::chrono::steady_clock";
        context["host_llc_bytes"] = last_level_cache_bytes();
    }

    Measurement measure(const Case& c, const SamplerConfig& sampler) override {
        if (c.path.id == "host.latency") {
            return measure_latency(c, sampler);
        }
        if (c.path.id == "host.c2c") {
            return measure_c2c(c, sampler);
        }
        return measure_bandwidth(c, sampler);
    }

private:
    Measurement measure_bandwidth(const Case& c, const SamplerConfig& sampler) {
        Measurement m;
        m.test_case = c;
        const std::size_t size = c.size_bytes;
        const bool copy = c.path.id == "host.copy";
        const bool read = c.path.id == "host.read";
        const int mem_node = read || copy ? c.source.id : c.destination.id;
        const int local_node = copy ? c.destination.id : -1;
        require_memory(copy && mem_node == local_node ? 2 * size : size, mem_node, c);
        if (copy && mem_node != local_node) {
            require_memory(size, local_node, c);
        }

        WorkerTeam team(c.cpus);
        const std::size_t n = team.size();
        NumaBuffer memory(size, mem_node);
        std::unique_ptr<NumaBuffer> local;
        if (copy) {
            local = std::make_unique<NumaBuffer>(size, local_node);
        }
        // First touch from the measuring threads, each its own slice: with a node policy the
        // pages land on that node whoever touches them; the touch makes them present now.
        team.run([&](std::size_t t) {
            const auto [b, e] = slice(size, n, t);
            auto* w = reinterpret_cast<std::uint64_t*>(memory.data() + b);
            for (std::size_t i = 0; i < (e - b) / 8; ++i) {
                w[i] = (b / 8 + i) * 0x9E3779B97F4A7C15ULL; // a pattern no fill could fake
            }
            if (local) {
                std::memset(local->data() + b, 0, e - b);
            }
        });

        // Streaming stores only for sizes beyond what the caches hold per thread (glibc's
        // memcpy makes the same choice); record what was used.
        const std::size_t per_thread = size / n;
        const StoreKind stores = has_stream_stores() && per_thread > last_level_cache_bytes() / 2
                                     ? StoreKind::nontemporal
                                     : StoreKind::temporal;
        std::vector<std::uint64_t> sums(n, 0);
        const std::uint64_t pattern = 0xA5A5'5A5A'0F0F'F0F0ULL;

        BatchFn batch;
        if (copy) {
            batch = [&](std::uint64_t reps) {
                return team.run([&](std::size_t t) {
                    const auto [b, e] = slice(size, n, t);
                    for (std::uint64_t r = 0; r < reps; ++r) {
                        copy_bytes(local->data() + b, memory.data() + b, e - b, stores);
                    }
                });
            };
        } else if (read) {
            batch = [&](std::uint64_t reps) {
                return team.run([&](std::size_t t) {
                    const auto [b, e] = slice(size, n, t);
                    std::uint64_t s = 0;
                    for (std::uint64_t r = 0; r < reps; ++r) {
                        s = read_words(memory.data() + b, e - b);
                    }
                    sums[t] = s;
                });
            };
        } else {
            batch = [&](std::uint64_t reps) {
                return team.run([&](std::size_t t) {
                    const auto [b, e] = slice(size, n, t);
                    for (std::uint64_t r = 0; r < reps; ++r) {
                        write_words(memory.data() + b, e - b, pattern, stores);
                    }
                });
            };
        }
        const SampleSet set = run_samples(batch, sampler);
        m.bytes_per_op = size;
        finish_stats(m, set, static_cast<double>(size));

        // Verify the data the last sample moved.
        if (copy) {
            m.data_verified = std::memcmp(local->data(), memory.data(), size) == 0;
        } else if (read) {
            std::uint64_t got = 0;
            std::uint64_t want = 0;
            for (std::size_t t = 0; t < n; ++t) {
                got += sums[t];
                const auto [b, e] = slice(size, n, t);
                const auto* w = reinterpret_cast<const std::uint64_t*>(memory.data() + b);
                for (std::size_t i = 0; i < (e - b) / 8; ++i) {
                    want += w[i];
                }
            }
            m.data_verified = got == want;
        } else {
            const auto* w = reinterpret_cast<const std::uint64_t*>(memory.data());
            m.data_verified =
                std::all_of(w, w + size / 8, [&](std::uint64_t v) { return v == pattern; });
        }
        std::vector<const NumaBuffer*> buffers{&memory};
        if (local) {
            buffers.push_back(local.get());
        }
        record_placement(m, buffers, team.seen_pus(), c.cpus);
        m.extra["stores"] = to_string(stores);
        m.extra["stream_store_method"] = stream_store_method();
        m.extra["llc_bytes"] = last_level_cache_bytes();
        if (!m.data_verified) {
            m.status = CaseStatus::failed;
            m.error = "data verification failed after " + c.path.id;
        }
        return m;
    }

    Measurement measure_latency(const Case& c, const SamplerConfig& sampler) {
        Measurement m;
        m.test_case = c;
        const std::size_t size = c.size_bytes;
        require_memory(size, c.source.id, c);
        ThreadBinding bind(c.cpus);
        NumaBuffer buf(size, c.source.id);
        buf.first_touch(0);
        build_chase(buf.data(), size, kLine, 0x6c696e6b70657266ULL ^ size);
        const void* p = buf.data();
        const void* sink = nullptr;
        const BatchFn batch = [&](std::uint64_t reps) {
            const auto t0 = std::chrono::steady_clock::now();
            p = chase(p, reps);
            const auto t1 = std::chrono::steady_clock::now();
            sink = p;
            return std::chrono::duration<double>(t1 - t0).count();
        };
        // Walk the whole ring once first so every line has been loaded before timing.
        chase(buf.data(), size / kLine);
        const SampleSet set = run_samples(batch, sampler);
        finish_stats(m, set, 0);
        const auto* end = static_cast<const std::byte*>(sink);
        // The ring must still be one cycle through every line (and the chase must have ended
        // on a line of it): the loads followed real data.
        m.data_verified = end >= buf.data() && end < buf.data() + size &&
                          chase_ring_intact(buf.data(), size, kLine);
        record_placement(m, {&buf}, {current_pu()}, c.cpus);
        m.extra["stride_bytes"] = kLine;
        m.extra["lines"] = size / kLine;
        if (!m.data_verified) {
            m.status = CaseStatus::failed;
            m.error = "pointer-chase ring corrupted";
        }
        return m;
    }

    Measurement measure_c2c(const Case& c, const SamplerConfig& sampler) {
        Measurement m;
        m.test_case = c;
        const unsigned pu_a = c.cpus.at(0);
        const unsigned pu_b = c.cpus.at(1);
        ThreadBinding bind({pu_a});
        struct alignas(128) Flag {
            std::atomic<std::uint64_t> value{0};
        };
        auto flag = std::make_unique<Flag>();
        std::atomic<bool> stop{false};
        std::atomic<bool> ready{false};
        std::atomic<int> pong_pu{-1};
        std::atomic<std::uint64_t> answered{0};
        std::exception_ptr error;
        std::thread pong([&] {
            try {
                ThreadBinding b({pu_b});
                ready.store(true);
                std::uint64_t expect = 1;
                std::uint64_t count = 0;
                while (!stop.load(std::memory_order_relaxed)) {
                    if (flag->value.load(std::memory_order_acquire) == expect) {
                        flag->value.store(expect + 1, std::memory_order_release);
                        expect += 2;
                        ++count;
                    } else {
                        cpu_relax();
                    }
                }
                answered.store(count);
                pong_pu.store(current_pu());
            } catch (...) {
                error = std::current_exception();
                ready.store(true);
            }
        });
        while (!ready.load()) {
            std::this_thread::yield();
        }
        if (error) {
            pong.join();
            std::rethrow_exception(error);
        }
        std::uint64_t next = 1;
        std::uint64_t sent = 0;
        const BatchFn batch = [&](std::uint64_t reps) {
            const auto t0 = std::chrono::steady_clock::now();
            for (std::uint64_t r = 0; r < reps; ++r) {
                flag->value.store(next, std::memory_order_release);
                while (flag->value.load(std::memory_order_acquire) != next + 1) {
                    cpu_relax();
                }
                next += 2;
            }
            sent += reps;
            const auto t1 = std::chrono::steady_clock::now();
            // One operation is one way: half a round trip.
            return std::chrono::duration<double>(t1 - t0).count() / 2.0;
        };
        SamplerConfig cfg = sampler;
        cfg.max_seconds = std::min(cfg.max_seconds, 0.5);
        struct JoinOnExit { // the pong thread must end even when sampling throws
            std::atomic<bool>& stop;
            std::thread& thread;
            ~JoinOnExit() {
                stop.store(true);
                if (thread.joinable()) {
                    thread.join();
                }
            }
        };
        SampleSet set;
        {
            JoinOnExit guard{stop, pong};
            set = run_samples(batch, cfg);
        }
        finish_stats(m, set, 0);
        m.data_verified = answered.load() == sent;
        m.placement.verified =
            current_pu() == static_cast<int>(pu_a) && pong_pu.load() == static_cast<int>(pu_b);
        m.placement.cpus_ran_on = {static_cast<unsigned>(std::max(0, current_pu())),
                                   static_cast<unsigned>(std::max(0, pong_pu.load()))};
        if (!m.placement.verified) {
            m.placement.detail = "ping-pong threads were not on CPUs " + std::to_string(pu_a) +
                                 " and " + std::to_string(pu_b);
        }
        m.extra["round_trips"] = sent;
        m.extra["one_way"] = "round trip / 2";
        if (!m.data_verified) {
            m.status = CaseStatus::failed;
            m.error = "ping-pong lost a message";
        }
        return m;
    }
};

} // namespace

std::unique_ptr<PathRunner> make_host_runner() {
    return std::make_unique<HostRunner>();
}

} // namespace linkperf::bench
