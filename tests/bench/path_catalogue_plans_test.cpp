// The catalogue's plans make exactly its paths: each plan, run over topology exports with every
// option that adds paths, makes a case of every entry that names it and of no other path, and
// every case's endpoints are what its entry's roles say.
#include "tests/support/gpu_fixtures.hpp"

#include "bench/contention_plan.hpp"
#include "bench/gpu_family/gpu_plan.hpp"
#include "bench/gpu_family/saturation_gpu_plan.hpp"
#include "bench/host/host_plan.hpp"
#include "bench/host/saturation_host_plan.hpp"
#include "core/path_catalogue.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace linkperf;

namespace {

Topology load(const char* file) {
    return Topology::load(std::string(LINKPERF_TEST_DATA) + "/topologies/" + file);
}

// The catalogue's paths whose cases `plans` make.
std::set<std::string> catalogued_by(std::initializer_list<PlanBy> plans) {
    std::set<std::string> out;
    for (const PathEntry& e : kPathCatalogue) {
        for (const PlanBy p : plans) {
            if (e.plan == p) {
                out.emplace(e.name);
            }
        }
    }
    return out;
}

// The paths of `cases`, each case checked against its entry.
std::set<std::string> planned(const std::vector<Case>& cases, PathFamily family) {
    std::set<std::string> out;
    for (const Case& c : cases) {
        INFO(c.name());
        const PathEntry* e = find_path(c.path.id);
        REQUIRE(e != nullptr); // every plan's path is in the catalogue
        CHECK(e->family == family);
        CHECK(c.path == make_path(e->id));
        CHECK(role_admits(e->source, c.source.kind));
        CHECK(role_admits(e->destination, c.destination.kind));
        CHECK(link_class_of(c.path.id) == e->link_class);
        out.insert(c.path.id);
    }
    return out;
}

} // namespace

TEST_CASE("the host plan makes the catalogue's host paths and no other", "[bench][catalogue]") {
    PlanOptions o;
    o.cold_cache = true;
    const auto cases = bench::plan_host_cases(load("32em64t-2n8c2t-pci-normalio.xml"), o);
    CHECK(planned(cases, PathFamily::host) ==
          catalogued_by({PlanBy::host_plan, PlanBy::host_cold_twins}));
    for (const Case& c : cases) {
        const PathEntry& e = *find_path(c.path.id);
        if (e.destination == EndpointRole::copy_target) {
            INFO(c.name());
            CHECK(c.destination.role == "local"); // a host copy lands on the threads' node
        }
    }
}

TEST_CASE("the GPU plan makes the catalogue's GPU paths and no other", "[bench][catalogue]") {
    const Topology t = load("nvidiaDGX2.xml");
    PlanOptions o;
    o.suite = Suite::full;
    const auto inv = gpu::testing::inventory_for(t, gpu::testing::coherent_gpu(), true);
    const gpu::GpuPlan plan = gpu::plan_gpu_cases(t, inv, o);
    CHECK(planned(plan.cases, PathFamily::gpu) == catalogued_by({PlanBy::gpu_plan}));
    for (const Case& c : plan.cases) {
        const PathEntry& e = *find_path(c.path.id);
        INFO(c.name());
        if (e.destination == EndpointRole::peer_memory) {
            CHECK(c.source.id != c.destination.id);
        }
        if (e.source == EndpointRole::gpu_group || e.destination == EndpointRole::gpu_group) {
            CHECK(c.threads > 1);
        }
    }
}

TEST_CASE("the saturation and contention plans measure catalogued paths only",
          "[bench][catalogue]") {
    const Topology t = load("nvidiaDGX2.xml");
    const auto inv = gpu::testing::inventory_for(t, gpu::testing::coherent_gpu(), true);
    PlanOptions o;
    o.study.study = Study::saturation;
    std::vector<Case> cases = bench::plan_host_saturation(t, o);
    const auto gpus = bench::plan_gpu_saturation(t, inv, o);
    CHECK_FALSE(cases.empty());
    CHECK_FALSE(gpus.empty());
    CHECK(planned(cases, PathFamily::host).size() == 3); // threads reading, copying, writing
    CHECK_FALSE(planned(gpus, PathFamily::gpu).empty());

    o.study.study = Study::contention;
    cases = bench::plan_host_contention(t, o);
    const auto more = bench::plan_gpu_contention(t, inv, o);
    cases.insert(cases.end(), more.begin(), more.end());
    CHECK_FALSE(cases.empty());
    for (const Case& c : cases) {
        INFO(c.name());
        CHECK(link_class_of(c.path.id) == LinkClass::contention);
        const bench::ContentionPair pair = bench::contention_pair(c.path.id);
        const PathEntry* victim = find_path(pair.victim);
        REQUIRE(victim != nullptr);
        REQUIRE(find_path(pair.aggressor) != nullptr);
        // The pair's ends are its victim's, as the victim's roles say.
        CHECK(role_admits(victim->source, c.source.kind));
        CHECK(role_admits(victim->destination, c.destination.kind));
        CHECK(c.path.metric == victim->metric);
    }
}
