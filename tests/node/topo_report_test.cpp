// The sysfs reader and the `linkperf topo` matrix on recorded trees and hwloc exports.
#include "node/topo_report.hpp"
#include "platform/sysfs_pci.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace linkperf;

namespace {
const std::string kData = std::string(LINKPERF_TEST_DATA);
SysfsMachine tree(const char* name) {
    return read_sysfs_machine(kData + "/sysfs/" + name);
}
} // namespace

TEST_CASE("a DGX H100 tree: GPUs, NUMA nodes, IOMMU groups, paths", "[fleet][topo]") {
    const auto m = tree("dgx-h100");
    REQUIRE(m.gpus.size() == 4);
    const auto& g = m.gpus[0];
    CHECK(g.bdf == "0000:1b:00.0");
    CHECK(g.device_id == 0x2330);
    CHECK(g.numa_node == 0);
    CHECK(g.local_cpus.size() == 112);
    CHECK(g.host_bridge == "pci0000:18");
    CHECK(g.bridges == std::vector<std::string>{"0000:18:01.0", "0000:19:00.0", "0000:1a:00.0"});
    CHECK(g.iommu_group == 13);
    CHECK(g.iommu_group_devices == std::vector<std::string>{"0000:1b:00.0"});
    REQUIRE(g.link);
    CHECK(g.link->device.current.generation == 5);
    REQUIRE(m.numa_nodes.size() == 2);
    CHECK(m.numa_nodes[1].cpus.size() == 112);
    CHECK(m.numa_nodes[0].memory_bytes == 1056561880ULL * 1024);
    CHECK(m.numa_nodes[0].distances == std::vector<std::uint64_t>{10, 21});

    CHECK(pcie_connection(m.gpus[0], m.gpus[1]) == "PIX");
    CHECK(pcie_connection(m.gpus[0], m.gpus[2]) == "SYS");
    CHECK(pcie_connection(m.gpus[2], m.gpus[3]) == "PIX");
}

TEST_CASE("connection kinds from PCIe paths", "[fleet][topo]") {
    SysfsGpu a;
    a.host_bridge = "pci0000:15";
    a.numa_node = 0;
    a.bridges = {"0000:15:01.0", "0000:16:00.0", "0000:17:00.0", "0000:18:00.0", "0000:19:00.0"};
    SysfsGpu b = a;
    b.bridges = {"0000:15:01.0", "0000:16:00.0", "0000:17:01.0", "0000:1a:00.0", "0000:1b:00.0"};
    CHECK(pcie_connection(a, b) == "PXB"); // two switches below one root port
    b.bridges = {"0000:15:02.0"};
    CHECK(pcie_connection(a, b) == "PHB"); // another root port of the same host bridge
    b.host_bridge = "pci0000:30";
    CHECK(pcie_connection(a, b) == "NODE");
    b.numa_node = 1;
    CHECK(pcie_connection(a, b) == "SYS");
}

TEST_CASE("a topology built from sysfs alone", "[fleet][topo]") {
    const Topology t = topology_from_sysfs(tree("gh200"));
    REQUIRE(t.numa_nodes.size() == 2);
    CHECK(t.numa_nodes[1].cpus.empty());
    CHECK(t.numa_nodes[1].memory_bytes == 100663296ULL * 1024);
    CHECK(t.distances_measured);
    CHECK(t.distance(0, 1) == 80);
    REQUIRE(t.gpus.size() == 1);
    CHECK(t.gpus[0].nearest_numa == 0);
    CHECK(t.pus.size() == 72);
}

TEST_CASE("the topo matrix in JSON from a sysfs tree", "[fleet][topo]") {
    TopoView v;
    v.sysfs = tree("dgx-h100");
    v.topology = topology_from_sysfs(*v.sysfs);
    v.cuda.reason = "machine read from a file, not this host";
    const auto j = topo_matrix_json(v);
    REQUIRE(j["gpus"].size() == 4);
    CHECK(j["gpus"][0]["link_kind"] == "pcie5x16");
    CHECK(j["gpus"][0]["pcie"]["max"]["width"] == 16);
    CHECK(j["gpus"][0]["pcie"]["upstream"].size() == 3);
    CHECK(j["gpus"][0]["iommu_group"] == 13);
    CHECK(j["gpu_matrix"]["connection"][0][1] == "PIX");
    CHECK(j["gpu_matrix"]["connection"][1][3] == "SYS");
    CHECK(j["gpu_matrix"]["connection"][2][2] == "X");
    CHECK(j["gpu_matrix"]["peer_access"] == "unavailable: machine read from a file, not this host");
    CHECK(j["iommu_enabled"] == true);
    CHECK(j["nvswitches"].size() == 2);
    CHECK(j["numa_distances"][0][1] == 21);
    const std::string text = topo_matrix_text(v);
    CHECK(text.find("GPU0  X     PIX   SYS   SYS") != std::string::npos);
    CHECK(text.find("Peer access (CUDA): unavailable") != std::string::npos);
}

TEST_CASE("peer access from CUDA facts joins GPUs by bus id", "[fleet][topo]") {
    TopoView v;
    v.sysfs = tree("dgx-h100");
    v.topology = topology_from_sysfs(*v.sysfs);
    v.cuda.available = true;
    for (int i = 0; i < 2; ++i) {
        gpu::GpuDevice d;
        d.index = i;
        // NVML and some drivers spell the domain with 8 digits and upper case: still matched.
        d.pci_bus_id = i == 0 ? "00000000:1B:00.0" : "0000:1c:00.0";
        d.peers.push_back({1 - i, i == 0, false, 0});
        v.cuda.devices.push_back(d);
    }
    const auto j = topo_matrix_json(v);
    const auto& p = j["gpu_matrix"]["peer_access"];
    REQUIRE(p.is_array());
    CHECK(p[0][1] == "OK");
    CHECK(p[1][0] == "NS");
    CHECK(p[0][2] == "-"); // a GPU CUDA does not see
}

TEST_CASE("the topo matrix from an hwloc export has no sysfs facts", "[fleet][topo]") {
    TopoView v;
    v.topology = Topology::load(kData + "/topologies/nvidiaDGX2.xml");
    v.cuda.reason = "topology read from a file";
    const auto j = topo_matrix_json(v);
    REQUIRE(j["gpus"].size() == v.topology.gpus.size());
    REQUIRE(j["gpus"].size() >= 2);
    CHECK(j["gpu_matrix"]["connection_source"] == "NUMA nodes");
    const auto& c = j["gpu_matrix"]["connection"];
    for (std::size_t i = 0; i < c.size(); ++i) {
        CHECK(c[i][i] == "X");
        for (std::size_t k = 0; k < c.size(); ++k) {
            if (i != k) {
                CHECK((c[i][k] == "NODE" || c[i][k] == "SYS"));
            }
        }
    }
    CHECK(j["gpus"][0]["pcie"] == "unavailable: no sysfs entry");
}

TEST_CASE("gpu link kinds", "[fleet][topo]") {
    const auto m = tree("hgx");
    CHECK(gpu_link_kind(&m.gpus[0], nullptr) == "pcie5x16");
    CHECK(gpu_link_kind(&m.gpus[1], nullptr) == "pcie5x16"); // idle downtrain: what it can do
    CHECK(gpu_link_kind(nullptr, nullptr) == "unknown");
    gpu::GpuDevice grace;
    grace.pageable_uses_host_page_tables = true;
    CHECK(gpu_link_kind(nullptr, &grace) == "c2c");
    CHECK(gpu_link_kind(&tree("gh200").gpus[0], nullptr) == "unknown");
}

TEST_CASE("a sysfs root that is not a directory is a usage error", "[fleet][topo]") {
    CHECK_THROWS(read_sysfs_machine(kData + "/sysfs/none-such"));
}

TEST_CASE("NVLinks from NVML become NV<n> in the matrix", "[fleet][topo]") {
    TopoView v;
    v.sysfs = tree("dgx-h100");
    v.topology = topology_from_sysfs(*v.sysfs);
    v.cuda.reason = "test";
    // GPU0-GPU1 bridged by 4 direct links; GPU2 and GPU3 on NVSwitches (18 and 12 links).
    v.nvlinks = {
        {"0000:1b:00.0", 4, {"0000:1c:00.0", "0000:1c:00.0", "0000:1c:00.0", "0000:1c:00.0"}, 0},
        {"0000:1c:00.0", 4, {"0000:1b:00.0", "0000:1b:00.0", "0000:1b:00.0", "0000:1b:00.0"}, 0},
        {"0000:9d:00.0", 18, {}, 18},
        {"0000:9e:00.0", 12, {}, 12},
    };
    const auto j = topo_matrix_json(v);
    const auto& c = j["gpu_matrix"]["connection"];
    CHECK(c[0][1] == "NV4");
    CHECK(c[1][0] == "NV4");
    CHECK(c[2][3] == "NV12");
    CHECK(c[0][2] == "SYS"); // no NVLink between them: the PCIe kind
    CHECK(j["gpus"][2]["nvlink"]["switch_links"] == 18);
    CHECK(j["gpu_matrix"]["connection_source"] == "NVML NVLinks, sysfs PCIe paths");
    const std::string text = topo_matrix_text(v);
    CHECK(text.find("GPU0  X     NV4   SYS   SYS") != std::string::npos);
    CHECK(text.find("0000:9d:00.0: 18 active link(s), 18 to NVSwitches") != std::string::npos);

    v.nvlinks.clear();
    v.nvlink_reason = "libnvidia-ml.so.1 not found (no NVIDIA driver)";
    const auto k = topo_matrix_json(v);
    CHECK(k["gpus"][0]["nvlink"] == "unavailable: libnvidia-ml.so.1 not found (no NVIDIA driver)");
    CHECK(k["gpu_matrix"]["connection"][0][1] == "PIX");
}
