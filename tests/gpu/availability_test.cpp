// Which memory kinds and paths a device can do, from the attributes CUDA reports.
#include "gpu/availability.hpp"
#include "gpu/gpu_paths.hpp"
#include "gpu/memory_kind.hpp"
#include "tests/support/gpu_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace linkperf;
using namespace linkperf::gpu;

namespace {

Case make_case(const std::string& path, Endpoint src, Endpoint dst) {
    return Case{gpu_path(path), std::move(src), std::move(dst), 4096, 1, {}};
}

Endpoint host(const char* kind) {
    return {EndpointKind::host_memory, 0, "near", kind};
}

Endpoint gpu_mem(int i, const char* kind = "device") {
    return {EndpointKind::gpu_memory, i, "gpu" + std::to_string(i), kind};
}

Endpoint gpu_sm(int i) {
    return {EndpointKind::gpu_sm, i, "gpu" + std::to_string(i), ""};
}

GpuInventory two(const GpuDevice& model) {
    GpuInventory inv;
    inv.available = true;
    for (int i = 0; i < 2; ++i) {
        GpuDevice d = model;
        d.index = i;
        d.peers.push_back({1 - i, i == 0, false, i == 0 ? 0 : -1}); // 0 -> 1 only
        inv.devices.push_back(d);
    }
    return inv;
}

} // namespace

TEST_CASE("memory kind names round-trip", "[gpu][availability]") {
    for (const char* k : {"device", "pageable", "pinned", "registered", "mapped", "writecombined",
                          "managed", "system"}) {
        const auto kind = memory_kind_from_string(k);
        REQUIRE(kind);
        CHECK(std::string(to_string(*kind)) == k);
    }
    CHECK_FALSE(memory_kind_from_string("numa"));
    CHECK_FALSE(is_host_kind(MemoryKind::device));
    CHECK(is_page_locked(MemoryKind::registered));
    CHECK_FALSE(is_page_locked(MemoryKind::pageable));
}

TEST_CASE("a discrete GPU cannot load pageable memory in place", "[gpu][availability]") {
    const GpuDevice d = testing::discrete_gpu();
    const std::string why = host_access_unavailable(d, MemoryKind::system, HostAccess::kernel);
    CHECK_THAT(why, Catch::Contains("cudaDevAttrPageableMemoryAccess"));
    CHECK_FALSE(host_access_unavailable(d, MemoryKind::pageable, HostAccess::kernel).empty());
    CHECK(host_access_unavailable(d, MemoryKind::pageable, HostAccess::copy_engine).empty());
    CHECK(host_access_unavailable(d, MemoryKind::mapped, HostAccess::kernel).empty());
    CHECK(host_access_unavailable(d, MemoryKind::registered, HostAccess::kernel).empty());
    CHECK(host_access_unavailable(d, MemoryKind::writecombined, HostAccess::kernel).empty());
    // System memory is the kernels' kind: copies use the pageable kind instead.
    CHECK_FALSE(host_access_unavailable(d, MemoryKind::system, HostAccess::copy_engine).empty());
    CHECK_THAT(host_load_unavailable(d), Catch::Contains("DirectManagedMemAccessFromHost"));
    CHECK(managed_unavailable(d).empty());
}

TEST_CASE("a coherent GPU loads system memory and the CPU loads its memory",
          "[gpu][availability]") {
    const GpuDevice d = testing::coherent_gpu();
    CHECK(host_access_unavailable(d, MemoryKind::system, HostAccess::kernel).empty());
    CHECK(host_load_unavailable(d).empty());
}

TEST_CASE("attributes that take kinds away", "[gpu][availability]") {
    GpuDevice d = testing::discrete_gpu();
    d.can_map_host_memory = false;
    CHECK_THAT(host_access_unavailable(d, MemoryKind::mapped, HostAccess::kernel),
               Catch::Contains("cudaDevAttrCanMapHostMemory"));
    CHECK_FALSE(host_access_unavailable(d, MemoryKind::mapped, HostAccess::copy_engine).empty());
    CHECK(host_access_unavailable(d, MemoryKind::pinned, HostAccess::copy_engine).empty());

    d = testing::discrete_gpu();
    d.concurrent_managed_access = false;
    CHECK_THAT(managed_unavailable(d), Catch::Contains("cudaDevAttrConcurrentManagedAccess"));
    d.managed_memory = false;
    CHECK_THAT(managed_unavailable(d), Catch::Contains("cudaDevAttrManagedMemory"));
    CHECK_FALSE(host_access_unavailable(d, MemoryKind::managed, HostAccess::kernel).empty());
}

TEST_CASE("case availability on a discrete GPU", "[gpu][availability]") {
    const GpuInventory inv = two(testing::discrete_gpu());
    CHECK(case_unavailable(make_case("ce.h2d", host("pinned"), gpu_mem(0)), inv).empty());
    CHECK(case_unavailable(make_case("ce.d2h", gpu_mem(1), host("pageable")), inv).empty());
    CHECK(case_unavailable(make_case("sm.h2d", host("mapped"), gpu_mem(0)), inv).empty());
    CHECK_FALSE(case_unavailable(make_case("sm.h2d", host("system"), gpu_mem(0)), inv).empty());
    CHECK_FALSE(
        case_unavailable(make_case("lat.gpu_host", gpu_sm(0), host("system")), inv).empty());
    CHECK(case_unavailable(make_case("lat.gpu_host", gpu_sm(0), host("mapped")), inv).empty());
    CHECK_FALSE(case_unavailable(make_case("lat.host_gpu", {EndpointKind::host_cpu, 0, "near", ""},
                                           gpu_mem(0, "managed")),
                                 inv)
                    .empty());
    CHECK(case_unavailable(make_case("um.prefetch", host("managed"), gpu_mem(0, "managed")), inv)
              .empty());
    CHECK(case_unavailable(
              make_case("lat.pingpong", {EndpointKind::host_cpu, 0, "near", ""}, gpu_sm(0)), inv)
              .empty());
    CHECK_THAT(case_unavailable(make_case("ce.h2d", host("pinned"), gpu_mem(5)), inv),
               Catch::Contains("gpu5 is not present"));
}

TEST_CASE("peer paths follow the driver's peer matrix", "[gpu][availability]") {
    const GpuInventory inv = two(testing::discrete_gpu());
    CHECK(case_unavailable(make_case("ce.p2p", gpu_mem(0), gpu_mem(1)), inv).empty());
    CHECK_THAT(case_unavailable(make_case("ce.p2p", gpu_mem(1), gpu_mem(0)), inv),
               Catch::Contains("cudaDeviceCanAccessPeer"));
    CHECK_FALSE(case_unavailable(make_case("sm.p2p", gpu_mem(1), gpu_mem(0)), inv).empty());
    CHECK_FALSE(case_unavailable(make_case("lat.gpu_peer", gpu_sm(1), gpu_mem(0)), inv).empty());
    CHECK(case_unavailable(make_case("lat.gpu_peer", gpu_sm(0), gpu_mem(1)), inv).empty());
    // Without peer access the driver stages through the host: always possible.
    CHECK(case_unavailable(make_case("ce.p2p_nopeer", gpu_mem(1), gpu_mem(0)), inv).empty());
}

TEST_CASE("aggregate paths need two GPUs", "[gpu][availability]") {
    GpuInventory one = two(testing::discrete_gpu());
    one.devices.pop_back();
    const Case c =
        make_case("ce.host_to_all", host("pinned"), {EndpointKind::gpu_memory, 0, "all", "device"});
    CHECK_THAT(case_unavailable(c, one), Catch::Contains("at least two GPUs"));
    CHECK(case_unavailable(c, two(testing::discrete_gpu())).empty());
}

TEST_CASE("no device: every case says why", "[gpu][availability]") {
    GpuInventory none;
    none.reason = "no CUDA device";
    CHECK(case_unavailable(make_case("ce.h2d", host("pinned"), gpu_mem(0)), none) ==
          "no CUDA device");
}

TEST_CASE("peer and aggregate paths are refused on MIG instances", "[gpu][availability]") {
    GpuInventory inv = two(testing::discrete_gpu());
    inv.devices[1].mig_instance = true;
    for (const char* p : {"ce.p2p", "sm.p2p", "ce.p2p_nopeer", "lat.copy"}) {
        INFO(p);
        CHECK_THAT(case_unavailable(make_case(p, gpu_mem(0), gpu_mem(1)), inv),
                   Catch::Contains("gpu1") && Catch::Contains("is a MIG instance"));
    }
    for (const char* p : {"lat.gpu_peer", "lat.gpu_peer_stride"}) {
        INFO(p);
        CHECK_THAT(case_unavailable(make_case(p, gpu_sm(0), gpu_mem(1)), inv),
                   Catch::Contains("MIG instance"));
    }
    // Every GPU takes part in an aggregate: one MIG instance among them refuses it.
    const Case all =
        make_case("ce.host_to_all", host("pinned"), {EndpointKind::gpu_memory, 0, "all", "device"});
    CHECK_THAT(case_unavailable(all, inv), Catch::Contains("MIG instance"));
    const Case to_one =
        make_case("ce.all_to_one", {EndpointKind::gpu_memory, 1, "peers", "device"}, gpu_mem(0));
    CHECK_THAT(case_unavailable(to_one, inv), Catch::Contains("MIG instance"));
    // One GPU's own paths stay measurable on a MIG instance (without an efficiency).
    CHECK(case_unavailable(make_case("ce.h2d", host("pinned"), gpu_mem(1)), inv).empty());
    CHECK(case_unavailable(make_case("lat.copy", gpu_mem(1), gpu_mem(1)), inv).empty());
    // Without MIG the same peer case is available.
    inv.devices[1].mig_instance = false;
    CHECK(case_unavailable(make_case("ce.p2p_nopeer", gpu_mem(0), gpu_mem(1)), inv).empty());
}
