// host.latency: one pinned thread follows a random cyclic pointer chain through memory of the
// source node; each load depends on the previous one, so time / loads is the load latency.
#include "bench/host/host_chase.hpp"
#include "bench/host/host_measure.hpp"
#include "platform/cpu_binding.hpp"

#include <unistd.h>

#include <chrono>

namespace linkperf::bench {
namespace {

constexpr std::size_t kLine = 64;

} // namespace

Measurement measure_host_latency(const Case& c, const SamplerConfig& sampler) {
    Measurement m;
    m.test_case = c;
    const std::size_t size = c.size_bytes;
    require_memory(size, c.source.id, c);
    const ThreadBinding bind(c.cpus);
    NumaBuffer buf(size, c.source.id);
    buf.first_touch(0);
    build_chase(buf.data(), size, kLine, 0x6c696e6b70657266ULL ^ size);
    // Walk the whole ring once so every line has been loaded before the timing starts.
    const void* p = chase(buf.data(), size / kLine);
    const BatchFn batch = [&p](std::uint64_t loads) {
        const auto t0 = std::chrono::steady_clock::now();
        p = chase(p, loads);
        const auto t1 = std::chrono::steady_clock::now();
        return std::chrono::duration<double>(t1 - t0).count();
    };
    const SampleSet set = run_samples(batch, sampler);
    finish_samples(m, set, static_cast<double>(m.bytes_per_op));
    // The chase must have ended on a line of the ring, and the ring must still be one cycle
    // through every line: the loads followed the data that was laid out.
    const auto* end = static_cast<const std::byte*>(p);
    m.data_verified = end >= buf.data() && end < buf.data() + size &&
                      static_cast<std::size_t>(end - buf.data()) % kLine == 0 &&
                      chase_ring_intact(buf.data(), size, kLine);
    record_placement(m, {&buf}, {current_pu()}, c.cpus);
    m.extra["stride_bytes"] = kLine;
    m.extra["lines"] = size / kLine;
    m.extra["page_bytes"] = ::sysconf(_SC_PAGESIZE);
    m.extra["order"] = "one random cycle over all lines (Sattolo)";
    m.extra["loads_per_sample"] = set.reps_per_sample;
    m.extra["caches"] = cache_facts(caches_for(c.cpus));
    if (!m.data_verified) {
        m.status = CaseStatus::failed;
        m.error = "data verification failed: " + c.name() + " pointer ring corrupted";
    }
    return m;
}

} // namespace linkperf::bench
