// PCIe and device-memory rate math, checked against rates published elsewhere: hwloc's own
// PCI link speed in a real machine export, and a GPU's published memory bandwidth.
#include "platform/link_rate.hpp"
#include "platform/topology.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace linkperf;
using namespace linkperf::gpu;

TEST_CASE("PCIe encodings by generation", "[gpu][link]") {
    CHECK(pcie_generation(1)->encoding == Approx(8.0 / 10.0));
    CHECK(pcie_generation(2)->encoding == Approx(8.0 / 10.0));
    for (int g : {3, 4, 5}) {
        CHECK(pcie_generation(g)->encoding == Approx(128.0 / 130.0));
    }
    CHECK(pcie_generation(6)->encoding == Approx(242.0 / 256.0));
    CHECK(std::string(pcie_generation(6)->encoding_name) == "242B/256B FLIT");
    CHECK_FALSE(pcie_generation(0));
    CHECK_FALSE(pcie_generation(8));
}

TEST_CASE("PCIe per-direction rates", "[gpu][link]") {
    // GT/s x encoding / 8 bits per byte x lanes.
    CHECK(pcie_link_gbps(1, 1) == Approx(0.25));
    CHECK(pcie_link_gbps(2, 16) == Approx(8.0));
    CHECK(pcie_link_gbps(3, 16) == Approx(8.0 * 128 / 130 / 8 * 16));
    CHECK(pcie_link_gbps(4, 16) == Approx(2 * pcie_link_gbps(3, 16)));
    CHECK(pcie_link_gbps(5, 16) == Approx(63.0154).epsilon(1e-5));
    CHECK(pcie_link_gbps(5, 8) == Approx(pcie_link_gbps(5, 16) / 2));
    CHECK(pcie_link_gbps(6, 16) == Approx(121.0)); // 64 GT/s x 242/256 / 8 x 16
    CHECK(pcie_link_gbps(7, 16) == Approx(2 * pcie_link_gbps(6, 16)));
    CHECK(pcie_link_gbps(9, 16) == 0.0);
    CHECK(pcie_link_gbps(5, 0) == 0.0);
}

TEST_CASE("PCIe Gen3 x16 matches hwloc's link speed of the DGX-2's V100s", "[gpu][link]") {
    // hwloc computes the speed from the same sysfs attributes; the V100s run Gen3 x16.
    const Topology t =
        Topology::load(std::string(LINKPERF_TEST_DATA) + "/topologies/nvidiaDGX2.xml");
    REQUIRE_FALSE(t.gpus.empty());
    for (const auto& g : t.gpus) {
        INFO(g.pci_bus_id);
        CHECK(pcie_link_gbps(3, 16) == Approx(g.pci_link_gbps).margin(0.01));
    }
}

TEST_CASE("sysfs link speed strings", "[gpu][link]") {
    CHECK(*parse_sysfs_link_speed("16.0 GT/s PCIe") == Approx(16.0));
    CHECK(*parse_sysfs_link_speed("2.5 GT/s PCIe") == Approx(2.5));
    CHECK(*parse_sysfs_link_speed("8 GT/s") == Approx(8.0)); // kernels before 5.x
    CHECK(*parse_sysfs_link_speed(" 64.0 GT/s PCIe") == Approx(64.0));
    CHECK_FALSE(parse_sysfs_link_speed("Unknown speed"));
    CHECK_FALSE(parse_sysfs_link_speed("Unknown"));
    CHECK_FALSE(parse_sysfs_link_speed(""));
    CHECK_FALSE(parse_sysfs_link_speed("16"));

    CHECK(pcie_generation_from_gts(2.5) == 1);
    CHECK(pcie_generation_from_gts(5.0) == 2);
    CHECK(pcie_generation_from_gts(8.0) == 3);
    CHECK(pcie_generation_from_gts(16.0) == 4);
    CHECK(pcie_generation_from_gts(32.0) == 5);
    CHECK(pcie_generation_from_gts(64.0) == 6);
    CHECK_FALSE(pcie_generation_from_gts(10.0));
}

TEST_CASE("device memory peak from clock and bus width", "[gpu][link]") {
    // A100-SXM4-40GB reports 1215 MHz and 5120 bits; NVIDIA publishes 1555 GB/s.
    CHECK(memory_theoretical_gbps(1215000, 5120) == Approx(1555.2));
    CHECK(memory_theoretical_gbps(0, 5120) == 0.0);
    CHECK(memory_theoretical_gbps(1215000, 0) == 0.0);
}

TEST_CASE("efficiency is measured over theoretical", "[gpu][link]") {
    CHECK(*efficiency(53.56, pcie_link_gbps(5, 16)) == Approx(0.85).epsilon(1e-3));
    CHECK(*efficiency(0.0, 10.0) == 0.0);
    CHECK_FALSE(efficiency(10.0, 0.0));
    CHECK_FALSE(efficiency(-1.0, 10.0));
}

TEST_CASE("host link kinds: one rate table, the names each output uses", "[gpu][link]") {
    CHECK(host_link_gbps({HostLinkKind::nvlink_c2c}) == Approx(450.0)); // GH200 datasheet
    CHECK(host_link_gbps({HostLinkKind::pcie, 5, 16}) == Approx(pcie_link_gbps(5, 16)));
    CHECK(host_link_gbps({HostLinkKind::pcie}) == 0.0);
    CHECK(host_link_gbps({HostLinkKind::unknown, 5, 16}) == 0.0);
    // Results files (extra.link.type) and what the reports loader reads back.
    CHECK(std::string(results_name(HostLinkKind::nvlink_c2c)) == "nvlink-c2c");
    CHECK(std::string(results_name(HostLinkKind::pcie)) == "pcie");
    CHECK(std::string(results_name(HostLinkKind::unknown)) == "unknown");
    // topo link_kind and the NFD label gpu.link.
    CHECK(label_name({HostLinkKind::nvlink_c2c}) == "c2c");
    CHECK(label_name({HostLinkKind::pcie, 5, 16}) == "pcie5x16");
    CHECK(label_name({HostLinkKind::pcie, 4, 8}) == "pcie4x8");
    CHECK(label_name({HostLinkKind::pcie, 0, 16}) == "unknown");
    CHECK(label_name({HostLinkKind::pcie, 5, 0}) == "unknown");
    CHECK(label_name({HostLinkKind::unknown}) == "unknown");
}
