// host.read.cold / host.latency.cold: host.read's and host.latency's loops with every cache
// line of the buffer flushed (platform/cache_control.hpp) before each pass, so a buffer that
// fits in the caches is still loaded from memory: the cost of first use after other work, not
// of the last-level cache. One pinned thread; each pass is timed on its own with steady_clock
// and the flush before it is left out of the time.
#include "bench/host/host_chase.hpp"
#include "bench/host/host_kernels.hpp"
#include "bench/host/host_measure.hpp"
#include "bench/host/host_plan.hpp"
#include "platform/cache_control.hpp"
#include "platform/cpu_binding.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>

namespace linkperf::bench {
namespace {

constexpr std::size_t kLine = 64;
using Clock = std::chrono::steady_clock;

double seconds_between(Clock::time_point t0, Clock::time_point t1) {
    return std::chrono::duration<double>(t1 - t0).count();
}

} // namespace

Measurement measure_host_cold(const Case& c, const SamplerConfig& sampler) {
    Measurement m;
    m.test_case = c;
    const std::size_t size = c.size_bytes;
    const bool latency = c.path.id == host_latency_cold_path().id;
    require_memory(size, c.source.id, c);
    const ThreadBinding bind(c.cpus);
    NumaBuffer buf(size, c.source.id);
    buf.first_touch(0);
    const CacheSizes caches = caches_for(c.cpus);
    // One pass per sample: each pass is timed alone, so batching passes would not shrink the
    // clock's share. The untimed flushes count against the case's time cap too (an eviction
    // walk costs far more than the pass it precedes).
    SamplerConfig one_pass = sampler;
    one_pass.min_sample_seconds = 0;
    one_pass.max_wall_seconds = sampler.max_seconds;
    // The ISA's flush instruction; without one, an eviction buffer twice the last-level caches
    // serving the thread (walked before every pass: slow, but still cold).
    CacheFlusher flusher(std::max<std::size_t>(2 * caches.llc_all, std::size_t{64} << 10));

    SampleSet set;
    std::uint64_t loads_per_pass = 0;
    if (latency) {
        build_chase(buf.data(), size, kLine, 0x636f6c646c6174ULL ^ size);
        loads_per_pass = size / kLine;
        const void* p = buf.data();
        // One operation is a whole walk of the ring, which ends where it started.
        const BatchFn batch = [&](std::uint64_t walks) {
            double seconds = 0;
            for (std::uint64_t w = 0; w < walks; ++w) {
                flusher.flush(buf.data(), size);
                const auto t0 = Clock::now();
                p = chase(p, loads_per_pass);
                const auto t1 = Clock::now();
                seconds += seconds_between(t0, t1);
            }
            return seconds;
        };
        set = run_samples(batch, one_pass);
        m.extra["walks_per_sample"] = set.reps_per_sample;
        // Report per load, as host.latency does.
        for (double& s : set.seconds_per_op) {
            s /= static_cast<double>(loads_per_pass);
        }
        set.reps_per_sample *= loads_per_pass;
        m.data_verified = p == buf.data() && chase_ring_intact(buf.data(), size, kLine);
        m.extra["stride_bytes"] = kLine;
        m.extra["lines"] = loads_per_pass;
        m.extra["order"] = "one random cycle over all lines (Sattolo)";
    } else {
        // Distinct words, so a checksum of the right value proves the loads read this buffer.
        for (std::size_t i = 0; i + 8 <= size; i += 8) {
            const std::uint64_t w = (i / 8 + 1) * 0x9E3779B97F4A7C15ULL;
            std::memcpy(buf.data() + i, &w, 8);
        }
        std::uint64_t sum = 0;
        std::uint64_t passes = 0;
        const BatchFn batch = [&](std::uint64_t reps) {
            double seconds = 0;
            for (std::uint64_t r = 0; r < reps; ++r) {
                flusher.flush(buf.data(), size);
                const auto t0 = Clock::now();
                sum += read_bytes(buf.data(), size);
                clobber_memory();
                const auto t1 = Clock::now();
                seconds += seconds_between(t0, t1);
            }
            passes += reps;
            return seconds;
        };
        set = run_samples(batch, one_pass);
        m.bytes_per_op = size;
        m.data_verified = passes > 0 && sum == checksum_reference(buf.data(), size) * passes;
        m.extra["passes_per_sample"] = set.reps_per_sample;
        m.extra["stores"] = "none (loads only)";
        m.extra["vector_path"] = vector_path();
    }
    // A pass shorter than the clock's tick times as 0 s: no rate to report (a coarse timebase).
    if (std::any_of(set.seconds_per_op.begin(), set.seconds_per_op.end(),
                    [](double s) { return !(s > 0); })) {
        m.status = CaseStatus::skipped;
        m.error = c.name() + ": a cold pass took less than one tick of this machine's clock; " +
                  "too small to time alone (use a larger size)";
        return m;
    }
    finish_samples(m, set, static_cast<double>(m.bytes_per_op));
    record_placement(m, {&buf}, {current_pu()}, c.cpus);
    m.extra["cache_flush"] = to_string(flusher.method());
    m.extra["timed"] = "each pass alone (steady_clock), the flush before it untimed";
    m.extra["caches"] = cache_facts(caches);
    if (!m.data_verified) {
        m.status = CaseStatus::failed;
        m.error = "data verification failed: " + c.name() +
                  (latency ? " pointer ring corrupted" : " checksum differs from the memory's");
    }
    return m;
}

} // namespace linkperf::bench
