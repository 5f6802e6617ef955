// `linkperf topo --check` rules on recorded sysfs trees (tests/data/sysfs, made by
// make_trees.py in the live kernel's layout).
#include "node/link_health.hpp"
#include "platform/sysfs_pci.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

using namespace linkperf;

namespace {

SysfsMachine tree(const char* name) {
    return read_sysfs_machine(std::string(LINKPERF_TEST_DATA) + "/sysfs/" + name);
}

std::size_t count(const std::vector<LinkFinding>& f, Severity s, const std::string& device,
                  const std::string& needle) {
    return static_cast<std::size_t>(std::count_if(f.begin(), f.end(), [&](const LinkFinding& x) {
        return x.severity == s && x.device == device && x.message.find(needle) != std::string::npos;
    }));
}

// A healthy 4-GPU machine: exactly 4 GPUs and the IOMMU on are expected, nothing is found.
void check_healthy_dgx(const SysfsMachine& m) {
    LinkHealthOptions o;
    o.expect_gpus = 4;
    o.require_iommu = true;
    const auto f = check_link_health(m, o);
    CHECK(f.empty());
    CHECK_FALSE(has_failure(f));
}

} // namespace

TEST_CASE("a healthy DGX H100 passes with no finding", "[fleet][link_health]") {
    const auto m = tree("dgx-h100");
    REQUIRE(m.gpus.size() == 4);
    CHECK(m.iommu_enabled);
    CHECK(m.nvswitches.size() == 2);
    check_healthy_dgx(m);
}

TEST_CASE("a GPU count other than --expect-gpus fails", "[fleet][link_health]") {
    LinkHealthOptions o;
    o.expect_gpus = 8;
    const auto f = check_link_health(tree("dgx-h100"), o);
    REQUIRE(f.size() == 1);
    CHECK(f[0].severity == Severity::failure);
    CHECK(f[0].line() == "FAIL machine: 4 GPU(s) found, 8 expected");
}

TEST_CASE("every fault of the faulty tree is one finding", "[fleet][link_health]") {
    const auto m = tree("faulty");
    const auto f = check_link_health(m, {});
    CHECK(has_failure(f));
    CHECK(count(f, Severity::failure, "0000:01:00.0", "trained at x8 but both ends can do x16") ==
          1);
    CHECK(count(f, Severity::failure, "0000:41:00.0", "trained at Gen4") == 1);
    CHECK(count(f, Severity::failure, "0000:81:00.0", "shares IOMMU group 22 with 0000:82:00.0") ==
          1);
    CHECK(count(f, Severity::warning, "0000:81:00.0", "its own function(s) 0000:81:00.1") == 1);
    CHECK(count(f, Severity::failure, "0000:c1:00.0", "no CPUs and no memory") == 1);
    // A Gen5 GPU in a Gen4 slot runs as fast as the slot allows: a warning.
    CHECK(count(f, Severity::warning, "0000:e1:00.0", "slot runs at most 16 GT/s") == 1);
    CHECK(count(f, Severity::failure, "0000:e1:00.0", "") == 0);
    CHECK(f.size() == 6);
}

TEST_CASE("a GPU's own downstream port in its IOMMU group is not sharing", "[fleet][link_health]") {
    // No ACS on the switch port above GPU 1b: Linux puts the port in the GPU's group 13.
    const auto m = tree("dgx-h100-noacs");
    REQUIRE(m.gpus.size() == 4);
    REQUIRE(m.gpus[0].bdf == "0000:1b:00.0");
    CHECK(m.gpus[0].iommu_group == 13);
    CHECK(m.gpus[0].iommu_group_devices ==
          std::vector<std::string>{"0000:1a:00.0", "0000:1b:00.0"});
    check_healthy_dgx(m);
}

TEST_CASE("only a bridge's class makes it harmless in a GPU's group", "[fleet][link_health]") {
    // The faulty tree's group 22: the GPU, its audio function and a NIC of another slot. The
    // NIC stays a failure, the audio function a warning, whatever else the group holds.
    auto m = tree("faulty");
    const auto gpu = std::find_if(m.gpus.begin(), m.gpus.end(),
                                  [](const SysfsGpu& g) { return g.bdf == "0000:81:00.0"; });
    REQUIRE(gpu != m.gpus.end());
    // The GPU's root port (class 0x060400) in the group as well: left out of the finding.
    gpu->iommu_group_devices.push_back("0000:80:01.0");
    // A function without a readable class is not taken for a bridge.
    gpu->iommu_group_devices.push_back("0000:99:00.0");
    const auto f = check_link_health(m, {});
    CHECK(count(f, Severity::failure, "0000:81:00.0",
                "shares IOMMU group 22 with 0000:82:00.0, 0000:99:00.0") == 1);
    CHECK(count(f, Severity::failure, "0000:81:00.0", "0000:80:01.0") == 0);
    CHECK(count(f, Severity::warning, "0000:81:00.0", "its own function(s) 0000:81:00.1") == 1);
}

TEST_CASE("a GPU's IOMMU group is read by bus id, whatever the spelling", "[fleet][link_health]") {
    // The group lists the GPU and its audio function as the kernel spells them; the GPU's own
    // id is spelled as NVML does (8-digit domain, upper case). Neither is another device.
    auto m = tree("faulty");
    const auto gpu = std::find_if(m.gpus.begin(), m.gpus.end(),
                                  [](const SysfsGpu& g) { return g.bdf == "0000:81:00.0"; });
    REQUIRE(gpu != m.gpus.end());
    gpu->bdf = "00000000:81:00.0";
    const auto f = check_link_health(m, {});
    CHECK(count(f, Severity::failure, "00000000:81:00.0",
                "shares IOMMU group 22 with 0000:82:00.0") == 1);
    CHECK(count(f, Severity::failure, "00000000:81:00.0", "0000:81:00.") == 0);
    CHECK(count(f, Severity::warning, "00000000:81:00.0", "its own function(s) 0000:81:00.1") == 1);
}

TEST_CASE("allowing idle downtrain turns a speed downtrain into a warning, never a width",
          "[fleet][link_health]") {
    LinkHealthOptions o;
    o.allow_idle_downtrain = true;
    const auto f = check_link_health(tree("faulty"), o);
    CHECK(count(f, Severity::warning, "0000:41:00.0", "trained at Gen4") == 1);
    CHECK(count(f, Severity::failure, "0000:41:00.0", "") == 0);
    CHECK(count(f, Severity::failure, "0000:01:00.0", "trained at x8") == 1);
}

TEST_CASE("an idle GPU at 2.5 GT/s and a narrow switch uplink", "[fleet][link_health]") {
    const auto m = tree("hgx");
    const auto strict = check_link_health(m, {});
    CHECK(count(strict, Severity::failure, "0000:3b:00.0", "Gen1 (2.5 GT/s)") == 1);
    // The x8 link between root port 84:03.0 and switch 85:00.0 is reported once.
    CHECK(count(strict, Severity::failure, "0000:87:00.0", "at 0000:85:00.0") == 1);
    CHECK(count(strict, Severity::failure, "0000:87:00.0", "") == 1);
    CHECK(count(strict, Severity::warning, "machine", "IOMMU is off") == 1);
    LinkHealthOptions o;
    o.allow_idle_downtrain = true;
    const auto lenient = check_link_health(m, o);
    CHECK(count(lenient, Severity::failure, "0000:3b:00.0", "") == 0);
    CHECK(count(lenient, Severity::failure, "0000:87:00.0", "") == 1);
}

TEST_CASE("no IOMMU groups fail only with --require-iommu", "[fleet][link_health]") {
    const auto m = tree("vm");
    CHECK_FALSE(m.iommu_enabled);
    CHECK_FALSE(has_failure(check_link_health(m, {})));
    LinkHealthOptions o;
    o.require_iommu = true;
    const auto f = check_link_health(m, o);
    CHECK(count(f, Severity::failure, "machine", "IOMMU is off") == 1);
}

TEST_CASE("a VM's emulated x1 root port is not judged", "[fleet][link_health]") {
    const auto f = check_link_health(tree("vm"), {});
    CHECK(count(f, Severity::failure, "0000:01:00.0", "") == 0);
}

TEST_CASE("a C2C-attached GPU without a PCIe link is a warning", "[fleet][link_health]") {
    const auto m = tree("gh200");
    REQUIRE(m.gpus.size() == 1);
    CHECK_FALSE(m.gpus[0].link);
    const auto f = check_link_health(m, {});
    CHECK_FALSE(has_failure(f));
    CHECK(count(f, Severity::warning, "0009:01:00.0", "no PCIe link") == 1);
}

TEST_CASE("a machine without GPUs and without sysfs nodes passes", "[fleet][link_health]") {
    SysfsMachine empty;
    CHECK(check_link_health(empty, {}).empty());
    LinkHealthOptions o;
    o.expect_gpus = 0;
    CHECK(check_link_health(empty, o).empty());
}

TEST_CASE("a Gen4 switch below a Gen5 root port is not a downtrain", "[fleet][link_health]") {
    auto fn = [](const char* bdf, double cur, int cur_gen, double max, int max_gen) {
        return gpu::PcieFunctionLink{bdf, {cur, cur_gen, 16}, {max, max_gen, 16}};
    };
    SysfsMachine m;
    m.iommu_enabled = true;
    SysfsGpu g;
    g.bdf = "0000:04:00.0";
    gpu::PcieLinkReport r;
    r.device = fn("0000:04:00.0", 16, 4, 16, 4);
    r.upstream = {fn("0000:03:00.0", 16, 4, 16, 4),  // switch downstream port
                  fn("0000:02:00.0", 16, 4, 16, 4),  // switch upstream port (Gen4 switch)
                  fn("0000:01:01.0", 16, 4, 32, 5)}; // Gen5 root port: its link is Gen4
    g.link = r;
    m.gpus.push_back(g);
    CHECK(check_link_health(m, {}).empty());
    // The same root port with the switch's uplink at Gen3: that link fails, named once.
    m.gpus[0].link->upstream[1] = fn("0000:02:00.0", 8, 3, 16, 4);
    m.gpus[0].link->upstream[2] = fn("0000:01:01.0", 8, 3, 32, 5);
    const auto f = check_link_health(m, {});
    REQUIRE(f.size() == 1);
    CHECK(f[0].line().find("FAIL 0000:04:00.0: PCIe link at 0000:02:00.0") == 0);
    CHECK(f[0].message.find("trained at Gen3 (8 GT/s) but both ends can do Gen4 (16 GT/s)") !=
          std::string::npos);
}
