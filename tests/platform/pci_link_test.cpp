// The sysfs PCIe link reader on recorded trees (tests/data/sysfs) laid out like a live
// /sys: bus/pci/devices/<bdf> symlinks into devices/pci<domain:bus>/<bridges>/<bdf>.
#include "platform/link_rate.hpp"
#include "platform/pci_link.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace linkperf::gpu;

namespace {
const std::string kHgx = std::string(LINKPERF_TEST_DATA) + "/sysfs/hgx";
const std::string kLegacy = std::string(LINKPERF_TEST_DATA) + "/sysfs/legacy";
} // namespace

TEST_CASE("a Gen5 x16 GPU behind a switch", "[gpu][sysfs]") {
    const auto r = read_pcie_link(kHgx, "0000:19:00.0");
    REQUIRE(r);
    CHECK(r->device.bdf == "0000:19:00.0");
    CHECK(r->device.current.generation == 5);
    CHECK(r->device.current.width == 16);
    CHECK(r->device.current.speed_gts == Approx(32.0));
    CHECK(r->device.max.generation == 5);
    CHECK(r->numa_node == 0);
    // Switch downstream port, switch upstream port, root port: nearest first.
    REQUIRE(r->upstream.size() == 3);
    CHECK(r->upstream[0].bdf == "0000:17:00.0");
    CHECK(r->upstream[1].bdf == "0000:16:00.0");
    CHECK(r->upstream[2].bdf == "0000:15:01.0");
    CHECK(&r->bottleneck() == &r->device);
    CHECK(r->bottleneck().current.gbps() == Approx(pcie_link_gbps(5, 16)));
}

TEST_CASE("a GPU whose link trained down at idle", "[gpu][sysfs]") {
    const auto r = read_pcie_link(kHgx, "0000:3b:00.0");
    REQUIRE(r);
    CHECK(r->device.current.generation == 1);
    CHECK(r->device.max.generation == 5);
    CHECK(r->device.current.gbps() < r->device.max.gbps());
    CHECK(r->upstream_physical()); // the root port sees the same trained-down link
    CHECK(&r->bottleneck() == &r->device);
}

TEST_CASE("a virtual machine's emulated root port is not a bottleneck", "[gpu][sysfs]") {
    const auto r = read_pcie_link(std::string(LINKPERF_TEST_DATA) + "/sysfs/vm", "0000:01:00.0");
    REQUIRE(r);
    REQUIRE(r->upstream.size() == 1);
    CHECK(r->upstream[0].current.width == 1);
    CHECK_FALSE(r->upstream_physical());
    CHECK(&r->bottleneck() == &r->device);
    CHECK(r->bottleneck().current.gbps() == Approx(pcie_link_gbps(5, 16)));
}

TEST_CASE("a narrow switch uplink is the bottleneck", "[gpu][sysfs]") {
    const auto r = read_pcie_link(kHgx, "0000:87:00.0");
    REQUIRE(r);
    CHECK(r->device.current.generation == 4);
    CHECK(r->device.current.width == 16);
    CHECK(r->numa_node == 1);
    const PcieFunctionLink& narrow = r->bottleneck();
    CHECK(narrow.bdf == "0000:85:00.0");
    CHECK(narrow.current.width == 8);
    CHECK(narrow.current.gbps() == Approx(pcie_link_gbps(4, 8)));
}

TEST_CASE("a PCIe 6.0 GPU uses FLIT encoding", "[gpu][sysfs]") {
    const auto r = read_pcie_link(kHgx, "0000:c1:00.0");
    REQUIRE(r);
    CHECK(r->device.current.generation == 6);
    CHECK(r->device.current.gbps() == Approx(121.0));
    REQUIRE(r->upstream.size() == 1);
}

TEST_CASE("an old kernel's spelling and a root port of unknown speed", "[gpu][sysfs]") {
    const auto r = read_pcie_link(kLegacy, "0000:03:00.0");
    REQUIRE(r);
    CHECK(r->device.current.generation == 3);
    CHECK(r->numa_node == -1);
    REQUIRE(r->upstream.size() == 1);
    CHECK_FALSE(r->upstream[0].current.known());
    CHECK(&r->bottleneck() == &r->device); // links of unknown rate are not bottlenecks
}

TEST_CASE("bus ids in any spelling find the same function", "[gpu][sysfs]") {
    for (const char* id : {"0000:19:00.0", "00000000:19:00.0", "19:00.0", "0000:19:00.0"}) {
        INFO(id);
        const auto r = read_pcie_link(kHgx, id);
        REQUIRE(r);
        CHECK(r->device.bdf == "0000:19:00.0");
    }
    CHECK_FALSE(read_pcie_link(kHgx, "0000:99:00.0"));
    CHECK(read_pci_numa_node(kHgx, "0000:c1:00.0") == 1);
    CHECK(read_pci_numa_node(kHgx, "0000:99:00.0") == -1);
}
