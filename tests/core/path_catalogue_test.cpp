// The path catalogue: lookups by id and by name, the scorecard's classes of every kind of id,
// the Path a case gets, and which endpoints a role admits.
#include "core/path_catalogue.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace linkperf;

TEST_CASE("every PathId has one complete entry, found by id and by name", "[core][catalogue]") {
    STATIC_REQUIRE(kPathCatalogueComplete);
    std::set<std::string_view> names;
    for (const PathEntry& e : kPathCatalogue) {
        INFO(e.name);
        CHECK(entry_complete(e));
        CHECK(&path_entry(e.id) == &e);
        CHECK(find_path(e.name) == &e);
        CHECK(path_id_of(e.name) == e.id);
        CHECK(names.insert(e.name).second);
        const Path p = make_path(e.id);
        CHECK(p.id == e.name);
        CHECK(p.metric == e.metric);
        CHECK(p.higher_is_better() == (e.better == Better::higher));
        CHECK(p.bytes_counted == e.bytes_counted);
    }
    CHECK(find_path("host.nothing") == nullptr);
    CHECK_FALSE(path_id_of("coll.all_reduce").has_value());
    CHECK(is_path("host.read", PathId::host_read));
    CHECK_FALSE(is_path("host.read.cold", PathId::host_read));
}

TEST_CASE("an incomplete or inconsistent entry is refused", "[core][catalogue]") {
    PathEntry e = path_entry(PathId::host_read);
    REQUIRE(entry_complete(e));
    PathEntry no_class = e;
    no_class.link_class = LinkClass::unset;
    CHECK_FALSE(entry_complete(no_class));
    PathEntry no_role = e;
    no_role.destination = EndpointRole::unset;
    CHECK_FALSE(entry_complete(no_role));
    PathEntry no_plan = e;
    no_plan.plan = PlanBy::unset;
    CHECK_FALSE(entry_complete(no_plan));
    PathEntry wrong_way = e;
    wrong_way.better = Better::lower; // a bandwidth is better higher
    CHECK_FALSE(entry_complete(wrong_way));
    PathEntry uncounted = e;
    uncounted.bytes_counted = "";
    CHECK_FALSE(entry_complete(uncounted));
    PathEntry gpu_on_host_plan = e;
    gpu_on_host_plan.family = PathFamily::gpu;
    CHECK_FALSE(entry_complete(gpu_on_host_plan));
    PathEntry collective = e;
    collective.name = "coll.read";
    CHECK_FALSE(entry_complete(collective));
}

TEST_CASE("the link class of every kind of path id", "[core][catalogue]") {
    // What reports/scorecard.cpp's link_class_of decided before the catalogue.
    CHECK(link_class_of("host.copy") == LinkClass::host_bandwidth);
    CHECK(link_class_of("host.read") == LinkClass::host_bandwidth);
    CHECK(link_class_of("host.write") == LinkClass::host_bandwidth);
    CHECK(link_class_of("host.latency") == LinkClass::host_latency);
    CHECK(link_class_of("host.c2c") == LinkClass::core_to_core);
    CHECK(link_class_of("ce.d2d") == LinkClass::gpu_memory);
    CHECK(link_class_of("sm.d2d") == LinkClass::gpu_memory);
    CHECK(link_class_of("lat.gpu_local") == LinkClass::gpu_memory);
    for (const char* p : {"ce.p2p", "ce.p2p_nopeer", "sm.p2p", "ce.all_to_one", "ce.one_to_all",
                          "lat.gpu_peer", "lat.gpu_peer_stride"}) {
        INFO(p);
        CHECK(link_class_of(p) == LinkClass::gpu_gpu);
    }
    for (const char* p :
         {"ce.h2d", "ce.d2h", "ce.bidir", "ce.all_to_host", "ce.host_to_all", "sm.h2d", "sm.d2h",
          "sm.bidir_loaded", "um.prefetch", "um.demand", "lat.gpu_host", "lat.gpu_host_stride",
          "lat.host_gpu", "lat.pingpong", "lat.copy"}) {
        INFO(p);
        CHECK(link_class_of(p) == LinkClass::host_gpu);
    }
    CHECK(link_class_of("coll.all_reduce") == LinkClass::collectives);
    CHECK(link_class_of("contention.host.read+ce.d2h") == LinkClass::contention);
    CHECK_FALSE(link_class_of("host.unknown").has_value());
    CHECK_FALSE(link_class_of("").has_value());
    CHECK(is_collective_path("coll.p2p.latency"));
    CHECK_FALSE(is_collective_path("host.copy"));
}

TEST_CASE("roles admit endpoint kinds; families list their paths", "[core][catalogue]") {
    CHECK(role_admits(EndpointRole::copy_target, EndpointKind::host_memory));
    CHECK_FALSE(role_admits(EndpointRole::host_cpu, EndpointKind::host_memory));
    CHECK(role_admits(EndpointRole::any_memory, EndpointKind::gpu_memory));
    CHECK_FALSE(role_admits(EndpointRole::any_memory, EndpointKind::gpu_sm));
    CHECK_FALSE(role_admits(EndpointRole::unset, EndpointKind::host_memory));
    const auto host = catalogued_paths(PathFamily::host);
    const auto gpu = catalogued_paths(PathFamily::gpu);
    CHECK(host.size() + gpu.size() == kPathCatalogue.size());
    CHECK(host.front() == PathId::host_copy);
    // The host plan's streaming paths, in the order its cases are made.
    CHECK(catalogued_paths(PlanBy::host_plan, PathGroup::host_stream) ==
          std::vector<PathId>{PathId::host_copy, PathId::host_read, PathId::host_write});
    CHECK(catalogued_paths(PlanBy::host_plan, PathGroup::host_chase) ==
          std::vector<PathId>{PathId::host_latency});
}
