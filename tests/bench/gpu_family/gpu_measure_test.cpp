// The GPU family's result fields that need no device: the link a result crossed and its
// efficiency (from recorded sysfs trees), device-memory efficiency, samples in the path's unit.
#include "bench/gpu_family/gpu_measure.hpp"
#include "gpu/gpu_paths.hpp"
#include "platform/link_rate.hpp"
#include "tests/support/gpu_fixtures.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace linkperf;
using namespace linkperf::bench;

namespace {

gpu::GpuInventory hgx_inventory() {
    gpu::GpuInventory inv;
    inv.available = true;
    int i = 0;
    for (const char* bus : {"0000:19:00.0", "0000:87:00.0", "0000:3b:00.0", "0000:99:00.0"}) {
        gpu::GpuDevice d = gpu::testing::discrete_gpu();
        d.index = i++;
        d.pci_bus_id = bus;
        inv.devices.push_back(d);
    }
    return inv;
}

Measurement measured(const std::string& path, double median) {
    Measurement m;
    m.test_case.path = gpu::gpu_path(path);
    m.stats.median = median;
    return m;
}

struct Fixture {
    gpu::GpuInventory inv = hgx_inventory();
    std::vector<gpu::GpuPlacement> placements;
    SamplerConfig sampler;
    GpuCaseContext ctx{inv, placements, sampler, std::string(LINKPERF_TEST_DATA) + "/sysfs/hgx"};
};

} // namespace

TEST_CASE("a host-GPU result carries its PCIe link and efficiency", "[gpu][measure]") {
    Fixture f;
    Measurement m = measured("ce.h2d", 55.0);
    add_host_link(m, f.ctx, 0, 1);
    const auto& link = m.extra["link"];
    CHECK(link["type"] == "pcie");
    CHECK(link["pci_bus_id"] == "0000:19:00.0");
    CHECK(link["current"]["generation"] == 5);
    CHECK(link["current"]["width"] == 16);
    CHECK(link["max"]["generation"] == 5);
    CHECK_FALSE(link.contains("bottleneck"));
    CHECK(m.extra["link_theoretical_gbps"].get<double>() == Approx(gpu::pcie_link_gbps(5, 16)));
    CHECK(m.extra["efficiency"].get<double>() == Approx(55.0 / gpu::pcie_link_gbps(5, 16)));

    Measurement both = measured("ce.bidir", 110.0);
    add_host_link(both, f.ctx, 0, 2);
    CHECK(both.extra["link_theoretical_gbps"].get<double>() ==
          Approx(2 * gpu::pcie_link_gbps(5, 16)));
}

TEST_CASE("the narrowest link above the GPU sets the theoretical rate", "[gpu][measure]") {
    Fixture f;
    Measurement m = measured("ce.d2h", 12.0);
    add_host_link(m, f.ctx, 1, 1);
    CHECK(m.extra["link"]["current"]["width"] == 16);
    CHECK(m.extra["link"]["bottleneck"]["pci_bus_id"] == "0000:85:00.0");
    CHECK(m.extra["link_theoretical_gbps"].get<double>() == Approx(gpu::pcie_link_gbps(4, 8)));
}

TEST_CASE("no efficiency without a known link, a bandwidth or a result", "[gpu][measure]") {
    Fixture f;
    Measurement unknown = measured("ce.h2d", 10.0);
    add_host_link(unknown, f.ctx, 3, 1);
    CHECK(unknown.extra["link"]["type"] == "unknown");
    CHECK_FALSE(unknown.extra.contains("efficiency"));

    Measurement latency = measured("lat.pingpong", 900.0);
    add_host_link(latency, f.ctx, 0, 0);
    CHECK(latency.extra["link"]["type"] == "pcie");
    CHECK_FALSE(latency.extra.contains("link_theoretical_gbps"));

    Measurement failed = measured("ce.h2d", 10.0);
    failed.status = CaseStatus::failed;
    add_host_link(failed, f.ctx, 0, 1);
    CHECK_FALSE(failed.extra.contains("efficiency"));
}

TEST_CASE("GPUs copying at once add their link rates", "[gpu][measure]") {
    Fixture f;
    Measurement m = measured("ce.host_to_all", 60.0);
    add_host_links(m, f.ctx, {0, 2});
    REQUIRE(m.extra["links"].size() == 2);
    // gpu2's link trained down to Gen1 (read at idle here): its current rate counts.
    CHECK(m.extra["link_theoretical_gbps"].get<double>() ==
          Approx(gpu::pcie_link_gbps(5, 16) + gpu::pcie_link_gbps(1, 16)));
    // Each GPU's entry describes its link as a one-GPU case does, with the GPU's index.
    CHECK(m.extra["links"][0]["gpu"] == 0);
    CHECK(m.extra["links"][0]["type"] == "pcie");
    CHECK(m.extra["links"][0]["pci_bus_id"] == "0000:19:00.0");
    CHECK(m.extra["links"][1]["gpu"] == 2);
    Measurement partly = measured("ce.host_to_all", 60.0);
    add_host_links(partly, f.ctx, {0, 3});
    CHECK(partly.extra["links"][1]["type"] == "unknown");
    CHECK_FALSE(partly.extra.contains("efficiency"));
}

TEST_CASE("a link found below its maximum after the samples is flagged", "[gpu][measure]") {
    Fixture f;
    Measurement full = measured("ce.h2d", 50.0);
    add_host_link(full, f.ctx, 0, 1);
    CHECK_FALSE(full.extra.contains("link_downtrained"));

    // gpu2's link reads Gen1 of Gen5: the efficiency against Gen1 would exceed 1.
    Measurement idle = measured("ce.h2d", 50.0);
    add_host_link(idle, f.ctx, 2, 1);
    CHECK(idle.extra["link_downtrained"] == true);
    CHECK_THAT(idle.extra["link_note"].get<std::string>(), Catch::Contains("0000:3b:00.0"));
    CHECK_THAT(idle.extra["link_note"].get<std::string>(), Catch::Contains("gen1 x16 of gen5 x16"));

    Measurement all = measured("ce.host_to_all", 60.0);
    add_host_links(all, f.ctx, {0, 2});
    CHECK(all.extra["link_downtrained"] == true);
}

TEST_CASE("a GPU on NVLink-C2C is measured against C2C, not its PCIe link", "[gpu][measure]") {
    CHECK(gpu::testing::discrete_gpu().host_link_kind() == gpu::HostLinkKind::pcie);
    CHECK(gpu::testing::coherent_gpu().host_link_kind() == gpu::HostLinkKind::nvlink_c2c);
    gpu::GpuDevice ats_only = gpu::testing::discrete_gpu();
    ats_only.pageable_memory_access = true; // HMM on x86: pageable access, but over PCIe
    CHECK(ats_only.host_link_kind() == gpu::HostLinkKind::pcie);

    Fixture f;
    for (auto& d : f.inv.devices) {
        d.pageable_uses_host_page_tables = true;
    }
    Measurement h2d = measured("ce.h2d", 360.0);
    add_host_link(h2d, f.ctx, 2, 1); // a PCIe function at Gen1 in sysfs: not what carries it
    CHECK(h2d.extra["link"]["type"] == "nvlink-c2c");
    CHECK(h2d.extra["link"]["gbps_per_direction"].get<double>() == Approx(450.0));
    CHECK(h2d.extra["link_theoretical_gbps"].get<double>() == Approx(450.0));
    CHECK(h2d.extra["efficiency"].get<double>() == Approx(0.8));
    CHECK_FALSE(h2d.extra.contains("link_downtrained"));

    Measurement bidir = measured("ce.bidir", 720.0);
    add_host_link(bidir, f.ctx, 0, 2);
    CHECK(bidir.extra["link_theoretical_gbps"].get<double>() == Approx(900.0));

    Measurement all = measured("ce.host_to_all", 720.0);
    add_host_links(all, f.ctx, {0, 3}); // gpu3 has no PCIe link in sysfs: C2C is still known
    CHECK(all.extra["link_theoretical_gbps"].get<double>() == Approx(900.0));
    CHECK(all.extra["links"][1]["type"] == "nvlink-c2c");
}

TEST_CASE("system memory found off its node fails the case", "[gpu][measure]") {
    PlacementCheck stayed;
    stayed.ok = true;
    stayed.nodes_found = {0};
    Measurement ok = measured("sm.h2d", 50.0);
    ok.extra["efficiency"] = 0.9;
    check_system_placement(ok, stayed, 0, "preferred location host NUMA node 0, accessed by gpu0");
    CHECK(ok.status == CaseStatus::ok);
    CHECK(ok.extra["system_memory_advice"] ==
          "preferred location host NUMA node 0, accessed by gpu0");
    CHECK(ok.extra.contains("efficiency"));

    PlacementCheck moved;
    moved.ok = false;
    moved.pages_checked = 1024;
    moved.pages_elsewhere = 1024;
    moved.nodes_found = {4};
    moved.detail = "1024 of 1024 sampled pages are not on node 0";
    Measurement bad = measured("sm.h2d", 50.0);
    bad.extra["efficiency"] = 3.1; // HBM speed against the PCIe rate
    check_system_placement(bad, moved, 0, "none: the driver refused cudaMemAdvise");
    CHECK(bad.status == CaseStatus::failed);
    CHECK_THAT(bad.error, Catch::Contains("NUMA node 0"));
    CHECK_THAT(bad.error, Catch::Contains("1024 of 1024"));
    CHECK_FALSE(bad.extra.contains("efficiency"));
    CHECK(bad.extra["system_memory_advice"] == "none: the driver refused cudaMemAdvise");

    // A later failure keeps the first reason.
    fail_case(bad, "data verification failed");
    CHECK_THAT(bad.error, Catch::StartsWith("system memory"));
    CHECK_THAT(bad.error, Catch::EndsWith("; data verification failed"));
}

TEST_CASE("local copies are compared with twice their bytes", "[gpu][measure]") {
    gpu::GpuDevice d = gpu::testing::discrete_gpu();
    d.memory_clock_khz = 1215000; // A100-SXM4-40GB: 1555 GB/s
    d.memory_bus_width_bits = 5120;
    d.l2_cache_bytes = 40ULL << 20;
    Measurement m = measured("ce.d2d", 700.0);
    m.test_case.size_bytes = 256ULL << 20;
    add_device_memory_link(m, d);
    CHECK(m.extra["link"]["type"] == "device memory");
    CHECK(m.extra["link_theoretical_gbps"].get<double>() == Approx(1555.2));
    CHECK(m.extra["device_memory_traffic_gbps"].get<double>() == Approx(1400.0));
    CHECK(m.extra["efficiency"].get<double>() == Approx(1400.0 / 1555.2));
}

TEST_CASE("a figure above 1.02 of its link's rate fails the case", "[gpu][measure]") {
    Fixture f;
    const double pcie = gpu::pcie_link_gbps(5, 16);
    Measurement at_limit = measured("ce.h2d", 1.02 * pcie);
    add_host_link(at_limit, f.ctx, 0, 1);
    CHECK(at_limit.status == CaseStatus::ok);
    CHECK(at_limit.extra.contains("efficiency"));

    Measurement over = measured("ce.h2d", 1.03 * pcie);
    add_host_link(over, f.ctx, 0, 1);
    CHECK(over.status == CaseStatus::failed);
    CHECK_FALSE(over.extra.contains("efficiency"));
    CHECK(over.extra["efficiency_rejected"].get<double>() == Approx(1.03));
    CHECK_THAT(over.error, Catch::Contains("103.0% of the link's theoretical"));

    Measurement both = measured("ce.host_to_all", 1.1 * (pcie + pcie));
    add_host_links(both, f.ctx, {0, 0});
    CHECK(both.status == CaseStatus::failed);

    // Device memory: twice the copied bytes against the HBM peak.
    gpu::GpuDevice d = gpu::testing::discrete_gpu();
    d.memory_clock_khz = 1215000; // 1555.2 GB/s
    d.memory_bus_width_bits = 5120;
    d.l2_cache_bytes = 40ULL << 20;
    Measurement d2d = measured("ce.d2d", 800.0); // 1600 GB/s of traffic
    d2d.test_case.size_bytes = 256ULL << 20;
    add_device_memory_link(d2d, d);
    CHECK(d2d.status == CaseStatus::failed);
    CHECK_FALSE(d2d.extra.contains("device_memory_traffic_gbps"));

    // A link found trained down after the samples: its rate may be the low one, no failure.
    Measurement idle = measured("ce.h2d", 50.0);
    add_host_link(idle, f.ctx, 2, 1);
    CHECK(idle.status == CaseStatus::ok);
}

TEST_CASE("no device-memory efficiency for copies that fit in 2x L2", "[gpu][measure]") {
    gpu::GpuDevice d = gpu::testing::discrete_gpu();
    d.l2_cache_bytes = 50ULL << 20; // H100/H200: 50 MiB
    for (const std::uint64_t size : {4096ULL, 1ULL << 20, 64ULL << 20, 100ULL << 20}) {
        Measurement m = measured("ce.d2d", 3000.0); // L2 rates: "efficiency" above 1
        m.test_case.size_bytes = size;
        add_device_memory_link(m, d);
        INFO(size);
        CHECK_FALSE(m.extra.contains("efficiency"));
        CHECK_FALSE(m.extra.contains("device_memory_traffic_gbps"));
        CHECK_THAT(m.extra["efficiency_note"].get<std::string>(), Catch::Contains("L2"));
        CHECK(m.extra.contains("link_theoretical_gbps")); // the peak is still recorded
    }
    // 400 GB/s copied: 800 GB/s of traffic, within the fixture's 898 GB/s peak (a figure above
    // 1.02 of it would fail the case and carry no efficiency).
    Measurement big = measured("ce.d2d", 400.0);
    big.test_case.size_bytes = (100ULL << 20) + 4096;
    add_device_memory_link(big, d);
    CHECK(big.extra.contains("efficiency"));
    CHECK(device_memory_efficiency_applies(256ULL << 20, 50ULL << 20));
    CHECK_FALSE(device_memory_efficiency_applies(100ULL << 20, 50ULL << 20));
}

TEST_CASE("no efficiency from whole-GPU peaks on a MIG instance", "[gpu][measure]") {
    Fixture f;
    f.inv.devices[0].mig_instance = true;
    Measurement h2d = measured("ce.h2d", 20.0);
    add_host_link(h2d, f.ctx, 0, 1);
    CHECK(h2d.extra["link"]["type"] == "pcie"); // still described
    CHECK_FALSE(h2d.extra.contains("efficiency"));
    CHECK_THAT(h2d.extra["mig"].get<std::string>(), Catch::Contains("MIG instance"));
    Measurement all = measured("ce.host_to_all", 80.0);
    add_host_links(all, f.ctx, {0, 1});
    CHECK_FALSE(all.extra.contains("efficiency"));
    gpu::GpuDevice d = gpu::testing::discrete_gpu();
    d.mig_instance = true;
    Measurement local = measured("ce.d2d", 300.0);
    local.test_case.size_bytes = 1ULL << 30;
    add_device_memory_link(local, d);
    CHECK_FALSE(local.extra.contains("efficiency"));
    CHECK(local.extra.contains("mig"));
    // The other GPUs are not MIG instances: their efficiency stays.
    Measurement other = measured("ce.h2d", 20.0);
    add_host_link(other, f.ctx, 1, 1);
    CHECK(other.extra.contains("efficiency"));
}

TEST_CASE("um.demand from the CPU says whether pages faulted", "[gpu][measure]") {
    Measurement gh200 = measured("um.demand", 100.0);
    label_cpu_demand(gh200, gpu::testing::coherent_gpu());
    CHECK(gh200.extra["demand_faults"] == false);
    CHECK_THAT(gh200.extra["timing"].get<std::string>(),
               Catch::Contains("in place") && Catch::Contains("DirectManagedMemAccessFromHost"));
    Measurement pcie = measured("um.demand", 10.0);
    label_cpu_demand(pcie, gpu::testing::discrete_gpu());
    CHECK(pcie.extra["demand_faults"] == true);
    CHECK_THAT(pcie.extra["timing"].get<std::string>(), Catch::Contains("faulting every page"));
}

TEST_CASE("samples in the path's unit", "[gpu][measure]") {
    SampleSet set;
    set.reps_per_sample = 8;
    set.seconds_per_op = {1e-3, 2e-3, 4e-3};
    set.converged = true;
    Measurement bw = measured("ce.h2d", 0);
    finish_samples(bw, set, 1e6);
    CHECK(bw.samples == std::vector<double>{1.0, 0.5, 0.25});
    CHECK(bw.stats.median == Approx(0.5));
    CHECK(bw.seconds_per_op == Approx(2e-3));
    CHECK(bw.bytes_per_op == 1000000);
    CHECK(bw.reps_per_sample == 8);
    CHECK(bw.converged);

    Measurement lat = measured("lat.gpu_local", 0);
    finish_samples(lat, set, 0);
    CHECK(lat.samples[0] == Approx(1e6)); // ns
    CHECK(lat.bytes_per_op == 0);

    const auto s = lane_summary({9.0, 1e-3, 2e-3, 4e-3}, 3, 1e6); // the first entry is warm-up
    CHECK(s["median_gbps"].get<double>() == Approx(0.5));
}

TEST_CASE("buffers for endpoints", "[gpu][measure]") {
    const auto host = buffer_for({EndpointKind::host_memory, 1, "far", "registered"}, 4096, 3);
    CHECK(host.kind == gpu::MemoryKind::registered);
    CHECK(host.numa_node == 1);
    CHECK(host.device == 3);
    const auto dev = buffer_for({EndpointKind::gpu_memory, 2, "gpu2", "device"}, 4096, 2);
    CHECK(dev.kind == gpu::MemoryKind::device);
    CHECK(dev.numa_node == -1);
    Case c;
    c.path = gpu::gpu_path("ce.h2d");
    CHECK(case_seed(c, 0) != case_seed(c, 1));
}
