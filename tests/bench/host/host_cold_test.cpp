// Cold-cache host cases (bench/host/host_cold.cpp): the data is verified, the flush method is
// recorded, and on real hardware a flushed in-cache buffer is slower than a warm one.
#include "bench/host/host_measure.hpp"
#include "bench/host/host_plan.hpp"
#include "platform/cache_control.hpp"
#include "platform/host_info.hpp"
#include "platform/topology.hpp"
#include "tests/support/measured.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

using namespace linkperf;
using namespace linkperf::bench;

namespace {

Case host_case(const Topology& t, const Path& path, std::uint64_t size) {
    const unsigned node = default_cpu_node(t);
    Case c;
    c.path = path;
    c.source = {EndpointKind::host_memory, static_cast<int>(node), "local", "numa"};
    c.destination = {EndpointKind::host_cpu, static_cast<int>(node), "cpu", ""};
    c.size_bytes = size;
    c.threads = 1;
    c.cpus = spread_pus(t, node, 1);
    return c;
}

void check_ok(const Measurement& m) {
    linkperf::testing::check_measured_ok(m);
    CHECK(m.extra.at("cache_flush") == to_string(native_flush_method()));
}

} // namespace

TEST_CASE("cold cases verify their data and record the flush", "[host][cold]") {
    const Topology t = Topology::load();
    // Few samples: under an emulator without a flush instruction every pass walks an eviction
    // buffer twice the last-level cache.
    const SamplerConfig s = linkperf::testing::quick_sampler(4);

    const Measurement read = measure_host_cold(host_case(t, host_read_cold_path(), 64 << 10), s);
    check_ok(read);
    CHECK(read.bytes_per_op == 64u << 10);
    CHECK(read.extra.at("passes_per_sample") == 1); // each pass its own sample
    CHECK(read.samples.size() >= 3);

    const Measurement lat = measure_host_cold(host_case(t, host_latency_cold_path(), 16 << 10), s);
    check_ok(lat);
    // Reported per load, as host.latency is: one walk is every line of the ring.
    CHECK(lat.extra.at("lines").get<std::uint64_t>() == (16u << 10) / 64);
    CHECK(lat.reps_per_sample ==
          lat.extra.at("walks_per_sample").get<std::uint64_t>() * ((16u << 10) / 64));
}

TEST_CASE("a flushed in-cache buffer is slower than a warm one", "[host][cold]") {
    if (read_host_info().emulated) {
        WARN("emulated (" << read_host_info().emulator << "): no caches to compare");
        return;
    }
    const Topology t = Topology::load();
    SamplerConfig s;
    s.min_samples = 5;
    s.max_samples = 20;
    s.max_seconds = 0.2;
    s.warmup_samples = 1;
    // 32 KiB: in L1/L2 warm; every load of the random ring a miss to memory when flushed.
    const Measurement warm_lat =
        measure_host_latency(host_case(t, host_latency_path(), 32 << 10), s);
    const Measurement cold_lat =
        measure_host_cold(host_case(t, host_latency_cold_path(), 32 << 10), s);
    check_ok(cold_lat);
    INFO("latency 32K: warm " << warm_lat.stats.median << " ns, cold " << cold_lat.stats.median
                              << " ns");
    CHECK(cold_lat.stats.median > 2 * warm_lat.stats.median);

    const Measurement warm_read =
        measure_host_bandwidth(host_case(t, host_read_path(), 256 << 10), s);
    const Measurement cold_read =
        measure_host_cold(host_case(t, host_read_cold_path(), 256 << 10), s);
    check_ok(cold_read);
    INFO("read 256K: warm " << warm_read.stats.median << " GB/s, cold " << cold_read.stats.median
                            << " GB/s");
    CHECK(cold_read.stats.median < warm_read.stats.median);
}
