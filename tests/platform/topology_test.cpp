// Nearest NUMA node and cpuset of every GPU in real machine exports. The expected values are
// read from the same XML by hwloc's own command-line tool (hwloc-calc), not typed in.
#include "core/error.hpp"
#include "platform/topology.hpp"
#include "tests/support/command_output.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>

using namespace linkperf;

namespace {

const std::string kData = LINKPERF_TEST_DATA;

using test::parse_list;
using test::run;

void check_gpus_against_hwloc_calc(const std::string& file, std::size_t expected_gpus) {
    const std::string path = kData + "/topologies/" + file;
    const Topology t = Topology::load(path);
    // The GPU count, from lstopo's own listing of 3D/VGA controllers by NVIDIA.
    const std::string count = run("lstopo-no-graphics -i " + path +
                                  " -v 2>/dev/null | grep -c 'id=10de:.*class=030[02]'");
    REQUIRE(t.gpus.size() == std::stoul(count));
    REQUIRE(t.gpus.size() == expected_gpus);
    for (const auto& g : t.gpus) {
        INFO(file << " GPU " << g.pci_bus_id);
        const std::string loc = " -i " + path + " pci=" + g.pci_bus_id;
        const auto nodes = parse_list(run("hwloc-calc" + loc + " --nodelist --physical"));
        auto pus = parse_list(run("hwloc-calc" + loc + " --pulist --physical"));
        std::sort(pus.begin(), pus.end()); // hwloc-calc lists in logical order
        REQUIRE_FALSE(nodes.empty());
        CHECK(g.local_cpus == pus);
        if (nodes.size() == 1) {
            CHECK(g.nearest_numa == static_cast<int>(nodes.front()));
        } else {
            // Locality spans nodes: the choice must be one of them and hold the first local CPU.
            CHECK(std::find(nodes.begin(), nodes.end(), static_cast<unsigned>(g.nearest_numa)) !=
                  nodes.end());
            CHECK(t.node_of_pu(g.local_cpus.front()) == g.nearest_numa);
        }
    }
}

} // namespace

TEST_CASE("DGX-2: 16 GPUs with their nearest NUMA node and cpuset", "[topology]") {
    check_gpus_against_hwloc_calc("nvidiaDGX2.xml", 16);
    const Topology t = Topology::load(kData + "/topologies/nvidiaDGX2.xml");
    CHECK(t.numa_nodes.size() == 2);
    CHECK(t.packages.size() == 2);
    // NVSwitches are NVIDIA PCI functions too, but bridges: never counted as GPUs.
    for (const auto& g : t.gpus) {
        CHECK(g.vendor_id == 0x10de);
    }
}

TEST_CASE("POWER8: NVLink GPUs on both sockets and a NUMA distance matrix", "[topology]") {
    check_gpus_against_hwloc_calc("power8gpudistances.xml", 4);
    const Topology t = Topology::load(kData + "/topologies/power8gpudistances.xml");
    REQUIRE(t.numa_nodes.size() == 2);
    CHECK(t.distances_measured);
    // The matrix hwloc reports for this export (lstopo --distances): 10/40.
    const std::string d = run("lstopo-no-graphics -i " + kData +
                              "/topologies/power8gpudistances.xml --distances 2>/dev/null | "
                              "awk '/NUMALatency/{f=1;next} f&&$1==\"0\"{print $3; exit}'");
    CHECK(t.distance(0, 1) == std::stoull(d));
    CHECK(t.distance(0, 0) == 10);
    CHECK(t.gpus.front().os_devices.size() >= 1);
}

TEST_CASE("2-socket Xeon: SMT siblings and a GPU on the second socket", "[topology]") {
    check_gpus_against_hwloc_calc("32em64t-2n8c2t-pci-normalio.xml", 3);
    const Topology t = Topology::load(kData + "/topologies/32em64t-2n8c2t-pci-normalio.xml");
    CHECK(t.cores.size() == 16);
    for (const auto& c : t.cores) {
        CHECK(c.pus.size() == 2);
        CHECK(c.numa_node >= 0);
    }
}

TEST_CASE("the live machine loads with at least one node and core", "[topology]") {
    const Topology t = Topology::load();
    CHECK(t.source == "live");
    REQUIRE_FALSE(t.numa_nodes.empty());
    CHECK_FALSE(t.cores.empty());
    CHECK_FALSE(t.nodes_with_cpus().empty());
    CHECK(t.distance(t.numa_nodes[0].os_index, t.numa_nodes[0].os_index) == 10);
}

TEST_CASE("a missing or malformed topology file is a usage error", "[topology]") {
    try {
        Topology::load(std::filesystem::path("/nonexistent/topo.xml"));
        FAIL("loaded a missing file");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::usage);
    }
    const Topology t = Topology::load();
    CHECK_THROWS_AS(t.node_position(4096), Error);
}
