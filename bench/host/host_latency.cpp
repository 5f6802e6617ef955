// host.latency: one pinned thread follows a random cyclic pointer chain through memory of the
// source node; each load depends on the previous one, so time / loads is the load latency.
#include "bench/host/host_chase.hpp"
#include "bench/host/host_measure.hpp"
#include "core/error.hpp"
#include "platform/cpu_binding.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>

namespace linkperf::bench {
namespace {

constexpr std::size_t kLine = 64;

// The ring of one latency case, built and walked once. A measurement walks it again from
// where the last one stopped; the chase only loads, so the ring stays the one checked here,
// which a digest of its links confirms after every measurement.
class HostLatencyCase final : public PreparedCase {
public:
    explicit HostLatencyCase(const Case& c)
        : case_(c), size_(checked_size(c)), buf_(size_, c.source.id) {
        const ThreadBinding bind(c.cpus);
        buf_.first_touch(0);
        build_chase(buf_.data(), size_, kLine, 0x6c696e6b70657266ULL ^ size_);
        // One walk of the whole ring: it proves the ring is one cycle through every line and
        // leaves every line loaded before the first timing.
        if (!chase_ring_intact(buf_.data(), size_, kLine)) {
            throw measurement_error("data verification failed: " + c.name() +
                                    " pointer ring is not one cycle");
        }
        digest_ = link_digest();
        next_ = buf_.data();
    }

    std::map<int, std::uint64_t> held_bytes() const override { return {{case_.source.id, size_}}; }

    Measurement measure(const SamplerConfig& sampler) override {
        const Case& c = case_;
        Measurement m;
        m.test_case = c;
        const ThreadBinding bind(c.cpus);
        // Warm the caches with the ring: all of it when it is small, else twice as many lines
        // as the last-level cache holds (a longer walk leaves the caches no different).
        const CacheSizes caches = caches_for(c.cpus);
        const std::uint64_t warm = std::max<std::uint64_t>(2 * caches.llc / kLine, kMinWarmLoads);
        const void* p = chase(next_, std::min<std::uint64_t>(size_ / kLine, warm));
        const BatchFn batch = [&p](std::uint64_t loads) {
            const auto t0 = std::chrono::steady_clock::now();
            p = chase(p, loads);
            const auto t1 = std::chrono::steady_clock::now();
            return std::chrono::duration<double>(t1 - t0).count();
        };
        const SampleSet set = run_samples(batch, sampler);
        finish_samples(m, set, static_cast<double>(m.bytes_per_op));
        // The chase must have ended on a line of the ring, and the ring must still be the one
        // checked as one cycle through every line: the loads followed the data laid out.
        const auto* end = static_cast<const std::byte*>(p);
        m.data_verified = end >= buf_.data() && end < buf_.data() + size_ &&
                          static_cast<std::size_t>(end - buf_.data()) % kLine == 0 &&
                          link_digest() == digest_;
        next_ = m.data_verified ? end : buf_.data();
        record_placement(m, {&buf_}, {current_pu()}, c.cpus);
        m.extra["stride_bytes"] = kLine;
        m.extra["lines"] = size_ / kLine;
        m.extra["page_bytes"] = ::sysconf(_SC_PAGESIZE);
        m.extra["order"] = "one random cycle over all lines (Sattolo)";
        m.extra["loads_per_sample"] = set.reps_per_sample;
        m.extra["caches"] = cache_facts(caches);
        if (!m.data_verified) {
            m.status = CaseStatus::failed;
            m.error = "data verification failed: " + c.name() + " pointer ring corrupted";
        }
        return m;
    }

private:
    static std::size_t checked_size(const Case& c) {
        require_memory(c.size_bytes, c.source.id, c);
        return c.size_bytes;
    }

    // Every line's link, mixed with its position through splitmix64's finalizer (not linear, so
    // changes in two links cannot cancel out the way they could in a plain sum).
    std::uint64_t link_digest() const {
        std::uint64_t h = 0;
        for (std::size_t i = 0; i + kLine <= size_; i += kLine) {
            std::uint64_t z = 0;
            std::memcpy(&z, buf_.data() + i, sizeof z);
            z ^= i * 0x9E3779B97F4A7C15ULL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
            h += z ^ (z >> 31);
        }
        return h;
    }

    static constexpr std::uint64_t kMinWarmLoads = std::uint64_t{1} << 18; // caches unknown
    Case case_;
    std::size_t size_;
    NumaBuffer buf_;
    std::uint64_t digest_ = 0;
    const void* next_ = nullptr;
};

} // namespace

std::unique_ptr<PreparedCase> prepare_host_latency(const Case& c) {
    return std::make_unique<HostLatencyCase>(c);
}

Measurement measure_host_latency(const Case& c, const SamplerConfig& sampler) {
    return HostLatencyCase(c).measure(sampler);
}

} // namespace linkperf::bench
