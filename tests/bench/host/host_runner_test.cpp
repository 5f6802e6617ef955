// The host runner on this machine: every path measures a positive finite figure, verifies its
// data and placement, records its facts, and refuses a size memory cannot hold.
#include "bench/host/host_caches.hpp"
#include "bench/host/host_kernels.hpp"
#include "bench/host/host_plan.hpp"
#include "bench/path_runner.hpp"
#include "core/error.hpp"
#include "platform/host_info.hpp"
#include "platform/numa_buffer.hpp"
#include "platform/topology.hpp"
#include "tests/support/measured.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

using namespace linkperf;
using namespace linkperf::bench;
using linkperf::testing::check_measured_ok;
using linkperf::testing::quick_sampler;

namespace {

Case bandwidth_case(const Topology& t, const Path& path, std::uint64_t size, unsigned threads) {
    const unsigned node = default_cpu_node(t);
    const Endpoint memory{EndpointKind::host_memory, static_cast<int>(node), "local", "numa"};
    const Endpoint cpu{EndpointKind::host_cpu, static_cast<int>(node), "cpu", ""};
    Case c;
    c.path = path;
    c.size_bytes = size;
    c.threads = threads;
    c.cpus = spread_pus(t, node, threads);
    c.source = path.id == "host.write" ? cpu : memory;
    c.destination = path.id == "host.read" ? cpu : memory;
    return c;
}

Case latency_case(const Topology& t, std::uint64_t size) {
    const unsigned node = default_cpu_node(t);
    Case c;
    c.path = host_latency_path();
    c.source = {EndpointKind::host_memory, static_cast<int>(node), "local", "numa"};
    c.destination = {EndpointKind::host_cpu, static_cast<int>(node), "cpu", ""};
    c.size_bytes = size;
    c.cpus = spread_pus(t, node, 1);
    return c;
}

void check_ok(const Measurement& m) {
    check_measured_ok(m);
    CHECK(m.stats.median > 0);
    CHECK(m.seconds_per_op > 0);
}

} // namespace

TEST_CASE("host copy, read and write measure, verify and record their store kind",
          "[host][runner]") {
    const Topology t = Topology::load();
    auto runner = make_host_runner();
    CHECK(runner->family() == "host");
    const unsigned node = default_cpu_node(t);
    const unsigned most = std::min<unsigned>(
        2, static_cast<unsigned>(t.numa_nodes.at(t.node_position(node)).cpus.size()));
    for (const Path& path : {host_copy_path(), host_read_path(), host_write_path()}) {
        for (unsigned threads = 1; threads <= most; ++threads) {
            // Odd sizes too: slices end mid-line and the tail is not a whole word.
            for (const std::uint64_t size : {std::uint64_t{64 << 10}, std::uint64_t{100003}}) {
                const Case c = bandwidth_case(t, path, size, threads);
                const Measurement m = runner->measure(c, quick_sampler());
                check_ok(m);
                CHECK(m.bytes_per_op == size);
                // GB/s of a sample is bytes / seconds of one operation.
                CHECK(m.stats.median < 10000);
                CHECK(m.placement.cpus_ran_on.size() == threads);
                // 64 KiB stays in the caches: plain stores (a read stores nothing).
                CHECK(m.extra.at("stores") ==
                      (path.id == "host.read" ? "none (loads only)" : "temporal"));
                CHECK(m.extra.at("caches").at("llc_bytes").get<std::uint64_t>() > 0);
                CHECK(m.extra.at("passes_per_sample").get<std::uint64_t>() >= 1);
            }
        }
    }
}

TEST_CASE("a copy past the last-level cache streams its stores and still verifies",
          "[host][runner]") {
    const Topology t = Topology::load();
    const Case probe = bandwidth_case(t, host_copy_path(), 1, 1);
    const std::uint64_t llc = caches_for(probe.cpus).llc_all;
    if (llc > (std::uint64_t{256} << 20)) {
        WARN("last-level cache of " << llc << " bytes: too large for a unit test");
        return;
    }
    // Source and destination together are past the cache; one MiB more, odd on purpose.
    const Case c = bandwidth_case(t, host_copy_path(), llc / 2 + (1 << 20) + 13, 1);
    const Measurement m = make_host_runner()->measure(c, quick_sampler());
    check_ok(m);
    CHECK(m.extra.at("stores") == (has_stream_stores() ? "nontemporal" : "temporal"));
    CHECK(m.extra.at("working_set_bytes").get<std::uint64_t>() > llc);
}

TEST_CASE("host latency chases a ring and reports ns per load", "[host][runner]") {
    const Topology t = Topology::load();
    auto runner = make_host_runner();
    const Measurement m = runner->measure(latency_case(t, 16 << 10), quick_sampler());
    check_ok(m);
    CHECK(m.stats.median < 1000); // an L1-resident load is nowhere near a microsecond
    CHECK(m.extra.at("lines") == 256);
}

TEST_CASE("a prepared host case measures and verifies again in every pass", "[host][runner]") {
    // linkperf run --repeat keeps each case's buffers across passes: every measurement must
    // still move the data and check what it moved, not what an earlier one left.
    const Topology t = Topology::load();
    auto runner = make_host_runner();
    runner->use(runner->plan(t, PlanOptions{})); // the links study: its cases keep their set-up
    const unsigned node = default_cpu_node(t);
    std::vector<Case> cases;
    for (const Path& path : {host_copy_path(), host_read_path(), host_write_path()}) {
        cases.push_back(bandwidth_case(t, path, 100003, 1));
    }
    cases.push_back(latency_case(t, 1 << 20));
    for (const Case& c : cases) {
        INFO(c.name());
        auto prepared = runner->prepare(c);
        REQUIRE(prepared);
        const auto held = prepared->held_bytes();
        REQUIRE(held.count(static_cast<int>(node)) == 1);
        CHECK(held.at(static_cast<int>(node)) ==
              (c.path.id == "host.copy" ? 2 * c.size_bytes : c.size_bytes));
        for (int pass = 0; pass < 3; ++pass) {
            const Measurement m = prepared->measure(quick_sampler());
            check_ok(m);
            CHECK(m.test_case.name() == c.name());
            if (c.path.id == "host.latency") {
                CHECK(m.extra.at("lines") == c.size_bytes / 64);
            } else {
                CHECK(m.bytes_per_op == c.size_bytes);
            }
        }
    }
}

TEST_CASE("host c2c returns a positive finite one-way latency", "[host][runner]") {
    const Topology t = Topology::load();
    if (t.pus.size() < 2) {
        WARN("one PU: no core pair to measure");
        return;
    }
    auto runner = make_host_runner();
    Case c;
    c.path = host_c2c_path();
    const std::string rel = core_relation(t, t.pus[0], t.pus[1]);
    c.source = {EndpointKind::core, static_cast<int>(t.pus[0]), rel, ""};
    c.destination = {EndpointKind::core, static_cast<int>(t.pus[1]), rel, ""};
    c.size_bytes = 64;
    c.threads = 2;
    c.cpus = {t.pus[0], t.pus[1]};
    const Measurement m = runner->measure(c, quick_sampler());
    check_ok(m);
    // Natively a hand-over takes ns to a few us; under user-mode qemu the two threads share
    // the emulator's scheduling and one hop can take milliseconds.
    const double bound_ns = read_host_info().emulated ? 1e9 : 1e6;
    CHECK(m.stats.median < bound_ns);
    CHECK(m.extra.at("round_trips").get<std::uint64_t>() > 0);
}

TEST_CASE("a size larger than free memory is an environment error, not a crash", "[host][runner]") {
    const Topology t = Topology::load();
    auto runner = make_host_runner();
    const std::uint64_t too_big = host_available_bytes() * 2 + (std::uint64_t{1} << 30);
    const Case c = bandwidth_case(t, host_read_path(), too_big, 1);
    try {
        (void)runner->measure(c, quick_sampler());
        FAIL("no error for " << too_big << " bytes");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::environment);
        CHECK(std::string(e.what()).find(c.name()) != std::string::npos);
    }
}

TEST_CASE("the host runner records its ISA choices in the context", "[host][runner]") {
    auto runner = make_host_runner();
    nlohmann::json context;
    runner->describe(context);
    CHECK(context.at("isa_features").at("stream_stores").is_string());
    CHECK(context.at("isa_features").at("host_vector_path").is_string());
}

TEST_CASE("the host runner records the facts of the plan it adopted, not of a later plan()",
          "[host][runner]") {
    auto runner = make_host_runner();
    FamilyPlan adopted;
    adopted.facts["dram_point_reason"] = "a smaller DRAM point";
    runner->use(adopted);
    (void)runner->plan(Topology::load(), PlanOptions{}); // a plan not adopted changes nothing
    nlohmann::json context;
    runner->describe(context);
    CHECK(context.at("dram_point_reason") == "a smaller DRAM point");
    runner->use(FamilyPlan{});
    nlohmann::json later;
    runner->describe(later);
    CHECK_FALSE(later.contains("dram_point_reason"));
}
