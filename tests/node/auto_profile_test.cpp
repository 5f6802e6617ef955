// `linkperf check --profile auto` from recorded sysfs trees and SMBIOS tables
// (tests/data/sysfs/make_health_trees.py): x16 vs x8, Gen5 vs Gen3, all channels vs one missing.
#include "gate/expectation_check.hpp"
#include "node/auto_profile.hpp"
#include "platform/link_rate.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace linkperf;
using namespace linkperf::reports;

namespace {

AutoProfile from_tree(const char* name) {
    const std::string root = std::string(LINKPERF_TEST_DATA) + "/sysfs/" + name;
    return auto_profile(read_sysfs_machine(root), read_smbios_memory(root), name);
}

// A pinned 256 MiB host-to-GPU copy over the link the tree's GPU trained to, at 85% of that
// link's rate: what a healthy copy engine moves over whatever link it got.
Run h2d_run(int generation, int width) {
    CaseResult c;
    c.key.path = "ce.h2d";
    c.key.source_role = "local";
    c.key.source_memory = "pinned";
    c.key.destination_role = "gpu0";
    c.key.destination_memory = "device";
    c.key.size_bytes = 256u << 20;
    c.key.threads = 1;
    c.metric = "bandwidth";
    c.unit = "GB/s";
    c.destination = {"gpu_memory", 0, "gpu0", "device"};
    c.stats.median = 0.85 * gpu::pcie_link_gbps(generation, width);
    c.link = LinkFacts{"pcie", generation, width, 5, 16};
    Run r;
    r.info.gpu_names = {"NVIDIA H100 PCIe"};
    r.cases = {c};
    return r;
}

// host.read with every CPU of the node at `gbps`.
Run dram_run(double gbps, int threads = 16) {
    CaseResult c;
    c.key.path = "host.read";
    c.key.source_role = "local";
    c.key.source_memory = "numa";
    c.key.destination_role = "cpu";
    c.key.size_bytes = 1u << 30;
    c.key.threads = threads;
    c.metric = "bandwidth";
    c.unit = "GB/s";
    c.stats.median = gbps;
    Run r;
    r.cases = {c};
    return r;
}

HealthLevel level_of(const Profile& p, const Run& run) {
    HealthReport r;
    check_run(run, p, r);
    REQUIRE(r.findings.size() == 1);
    return r.findings[0].level;
}

} // namespace

TEST_CASE("auto: PCIe expectations from the path's maximum link", "[fleet][health]") {
    const AutoProfile healthy = from_tree("pcie-gen5-x16");
    REQUIRE(healthy.profile.expectations.size() == 2); // ce.h2d, ce.d2h
    const Expectation& e = healthy.profile.expectations[0];
    CHECK(e.match.pcie_width == 16);
    CHECK(e.warning == Approx(gpu::pcie_link_gbps(5, 16) * kPcieFactors.warning));
    CHECK(e.provenance.kind == ProvenanceKind::theoretical);
    CHECK_THAT(e.provenance.detail, Catch::Contains("PCIe gen5 x16"));
    CHECK(level_of(healthy.profile, h2d_run(5, 16)) == HealthLevel::ok);

    // The GPU trained x8 of x16 or Gen3 of Gen5: its sysfs maximum still says what it should
    // do, and what it moved is failing.
    const AutoProfile x8 = from_tree("pcie-gen5-x8");
    CHECK(x8.profile.expectations[0].warning == Approx(e.warning));
    CHECK(level_of(x8.profile, h2d_run(5, 8)) == HealthLevel::failing);
    const AutoProfile gen3 = from_tree("pcie-gen3");
    CHECK(level_of(gen3.profile, h2d_run(3, 16)) == HealthLevel::failing);

    // A slot wired x8 can do no more: x8 is what to expect there.
    const AutoProfile slot = from_tree("pcie-slot-x8");
    CHECK(slot.profile.expectations[0].warning ==
          Approx(gpu::pcie_link_gbps(5, 8) * kPcieFactors.warning));
    CHECK(level_of(slot.profile, h2d_run(5, 8)) == HealthLevel::ok);
}

TEST_CASE("auto: a GPU on NVLink-C2C is judged by the C2C rate", "[fleet][health]") {
    const AutoProfile gh = from_tree("gh200");
    REQUIRE(gh.profile.expectations.size() == 2);
    CHECK(gh.profile.expectations[0].match.link_kind == "nvlink-c2c");
    Run run = h2d_run(5, 16);
    run.cases[0].link = LinkFacts{"nvlink-c2c", 0, 0, 0, 0};
    run.cases[0].stats.median = 380;
    CHECK(level_of(gh.profile, run) == HealthLevel::ok);
    run.cases[0].stats.median = 120; // a C2C link moving what PCIe would
    CHECK(level_of(gh.profile, run) == HealthLevel::failing);
}

TEST_CASE("auto: DRAM from SMBIOS, all channels vs one missing", "[fleet][health]") {
    const AutoProfile full = from_tree("dram-2ch");
    REQUIRE(full.profile.expectations.size() == 1);
    const Expectation& e = full.profile.expectations[0];
    CHECK(e.match.path == "host.read");
    CHECK(e.match.min_threads == 16);
    CHECK(e.warning == Approx(51.2 * kDramFactors.warning));
    CHECK(full.notes.empty() == false); // no GPU: said so
    // 80% of two channels' peak: healthy.
    CHECK(level_of(full.profile, dram_run(0.8 * 51.2)) == HealthLevel::ok);

    // Channel B without its module: the board's expectation stays two channels, the note says
    // one is empty, and what one channel moves (80% of 25.6) is failing.
    const AutoProfile missing = from_tree("dram-2ch-missing");
    REQUIRE(missing.profile.expectations.size() == 1);
    CHECK(missing.profile.expectations[0].warning == Approx(e.warning));
    CHECK_THAT(missing.profile.expectations[0].provenance.detail,
               Catch::Contains("2 channel(s) (1 populated"));
    bool noted = false;
    for (const std::string& n : missing.notes) {
        noted = noted || n.find("1 of 2 memory channel(s) have no module") != std::string::npos;
    }
    CHECK(noted);
    CHECK(level_of(missing.profile, dram_run(0.8 * 25.6)) == HealthLevel::failing);

    // Fewer threads than the node's CPUs cannot load every channel: not judged.
    HealthReport r;
    check_run(dram_run(5, 1), full.profile, r);
    CHECK(r.findings.empty());
    CHECK(r.unmatched == 1);
}

TEST_CASE("auto: a machine without SMBIOS or GPUs says so", "[fleet][health]") {
    const AutoProfile vm = from_tree("vm");
    bool smbios = false;
    for (const std::string& n : vm.notes) {
        smbios = smbios || n.find("no DRAM expectation") != std::string::npos;
    }
    CHECK(smbios);
}
