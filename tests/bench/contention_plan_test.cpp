// Contention pairs: their plans (device-free) and, on this machine, a host pair measured for
// real: the victim alone and under load, the aggressor seen running throughout, both flows'
// data verified.
#include "tests/support/gpu_fixtures.hpp"

#include "bench/contention_plan.hpp"
#include "bench/host/contention_host.hpp"
#include "bench/host/host_plan.hpp"
#include "core/error.hpp"
#include "platform/topology.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace linkperf;
using namespace linkperf::bench;

namespace {

Topology load(const std::string& name) {
    return Topology::load(std::string(LINKPERF_TEST_DATA) + "/topologies/" + name);
}

PlanOptions contention() {
    PlanOptions o;
    o.study.study = Study::contention;
    return o;
}

} // namespace

TEST_CASE("contention path ids name the victim and the aggressor", "[contention]") {
    const std::string id = contention_path_id({"host.read", "ce.d2h"});
    CHECK(id == "contention.host.read+ce.d2h");
    CHECK(is_contention_path(id));
    CHECK(contention_pair(id).victim == "host.read");
    CHECK(contention_pair(id).aggressor == "ce.d2h");
    CHECK_FALSE(is_contention_path("host.read"));
    CHECK_FALSE(is_contention_path("contention.host.read"));
    CHECK(contention_pair("host.copy").victim.empty());
}

TEST_CASE("host contention pairs: victim on one core, aggressor on the node's others",
          "[contention]") {
    const Topology t = load("32em64t-2n8c2t-pci-normalio.xml");
    const auto cases = plan_host_contention(t, contention());
    REQUIRE(cases.size() == 2);
    const unsigned node = default_cpu_node(t);
    std::set<std::string> victims;
    for (const Case& c : cases) {
        victims.insert(contention_pair(c.path.id).victim);
        CHECK(contention_pair(c.path.id).aggressor == "host.copy");
        CHECK(c.threads == 1);
        REQUIRE(c.cpus.size() >= 2);
        std::set<unsigned> distinct(c.cpus.begin(), c.cpus.end());
        CHECK(distinct.size() == c.cpus.size()); // victim and aggressor never share a PU
        for (const unsigned pu : c.cpus) {
            CHECK(t.node_of_pu(pu) == static_cast<int>(node));
        }
        CHECK(c.source.id == static_cast<int>(node));
        CHECK(c.path.metric == Metric::bandwidth);
    }
    CHECK(victims == std::set<std::string>{"host.read", "host.copy"});

    PlanOptions capped = contention();
    capped.threads = 1;
    for (const Case& c : plan_host_contention(t, capped)) {
        CHECK(c.cpus.size() == 2);
    }
    PlanOptions one_cpu = contention();
    one_cpu.cpus = {0};
    CHECK(plan_host_contention(t, one_cpu).empty()); // no core left for an aggressor
}

TEST_CASE("GPU contention pairs around GPU 0 (device-free)", "[contention][gpu]") {
    const Topology t = load("nvidiaDGX2.xml");
    const auto inv = gpu::testing::inventory_for(t, gpu::testing::discrete_gpu(), true);
    const auto cases = plan_gpu_contention(t, inv, contention());
    std::set<std::string> ids;
    for (const Case& c : cases) {
        ids.insert(c.path.id);
        CHECK_FALSE(c.cpus.empty());
    }
    CHECK(ids == std::set<std::string>{"contention.host.read+ce.d2h", "contention.host.copy+ce.d2h",
                                       "contention.host.read+ce.h2d", "contention.host.copy+ce.h2d",
                                       "contention.ce.h2d+ce.d2h", "contention.ce.p2p+ce.h2d",
                                       "contention.ce.h2d+ce.p2p"});
    gpu::GpuInventory none;
    none.available = false;
    CHECK(plan_gpu_contention(t, none, contention()).empty());
}

TEST_CASE("a host pair measured here: ratio, aggressor running throughout, data verified",
          "[contention][host]") {
    const Topology t = Topology::load();
    PlanOptions o = contention();
    o.sizes = std::vector<std::uint64_t>{4ULL << 20};
    const auto cases = plan_host_contention(t, o);
    if (t.pus.size() < 2) {
        CHECK(cases.empty());
        return;
    }
    REQUIRE(cases.size() == 2);
    // A victim window of several aggressor passes even when ctest's other jobs take the second
    // core for a while (a window of one pass failed as "did not run throughout" under -j2).
    SamplerConfig s;
    s.min_samples = 8;
    s.max_samples = 12;
    s.max_seconds = 0.5;
    s.warmup_samples = 1;
    for (const Case& c : cases) {
        const Measurement m = measure_host_contention(c, s);
        INFO(c.name() << ": " << m.error);
        REQUIRE(m.status == CaseStatus::ok);
        CHECK(m.data_verified);
        CHECK(m.stats.median > 0);
        CHECK(m.extra.at("alone").at("median").get<double>() > 0);
        const double ratio = m.extra.at("interference_ratio").get<double>();
        CHECK(ratio == Approx(m.stats.median / m.extra["alone"]["median"].get<double>()));
        const auto& run = m.extra.at("aggressor_run");
        CHECK(run.at("running_before_victim").get<bool>());
        CHECK(run.at("running_after_victim").get<bool>());
        CHECK(run.at("passes_during_victim").get<std::uint64_t>() > 0);
        CHECK(run.at("data_verified").get<bool>());
        CHECK(run.at("gbps_during_victim").get<double>() > 0);
    }
}
