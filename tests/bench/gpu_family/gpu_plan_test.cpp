// GPU plan expansion over real machine exports: the DGX-2 (16 GPUs, two sockets) and an IBM
// POWER8 with four NVLink GPUs. Expectations come from the topology itself (each GPU's nearest
// node as hwloc reports it), never typed in.
#include "tests/support/gpu_fixtures.hpp"

#include "bench/gpu_family/gpu_plan.hpp"
#include "core/error.hpp"
#include "core/pci_bus_id.hpp"
#include "core/units.hpp"
#include "gpu/availability.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

using namespace linkperf;
using namespace linkperf::gpu;

namespace {

Topology load(const char* file) {
    return Topology::load(std::string(LINKPERF_TEST_DATA) + "/topologies/" + file);
}

PlanOptions suite(Suite s) {
    PlanOptions o;
    o.suite = s;
    return o;
}

std::size_t count(const std::vector<Case>& cases, const std::string& path) {
    std::size_t n = 0;
    for (const auto& c : cases) {
        n += c.path.id == path ? 1 : 0;
    }
    return n;
}

std::set<std::pair<int, int>> pairs_of(const std::vector<Case>& cases, const std::string& path) {
    std::set<std::pair<int, int>> out;
    for (const auto& c : cases) {
        if (c.path.id == path) {
            out.emplace(c.source.id, c.destination.id);
        }
    }
    return out;
}

std::set<int> gpus_of(const std::vector<Case>& cases, const std::string& path) {
    std::set<int> out;
    for (const auto& c : cases) {
        if (c.path.id == path) {
            out.insert(c.destination.id);
        }
    }
    return out;
}

// The topology's nearest node of the GPU at CUDA device `index` (matched by PCI bus id).
int topo_nearest(const Topology& t, const GpuInventory& inv, int index) {
    for (const auto& g : t.gpus) {
        if (same_pci_bus_id(g.pci_bus_id, inv.device(index)->pci_bus_id)) {
            return g.nearest_numa;
        }
    }
    return -2;
}

void check_unique_names(const std::vector<Case>& cases) {
    std::set<std::string> names;
    for (const auto& c : cases) {
        INFO(c.name());
        CHECK(names.insert(c.name()).second);
    }
}

// Host endpoints are near exactly when they are on the GPU's nearest node, far otherwise.
void check_roles(const Topology& t, const GpuInventory& inv, const GpuPlan& plan) {
    for (const auto& c : plan.cases) {
        const Endpoint* host =
            c.source.kind == EndpointKind::host_memory || c.source.kind == EndpointKind::host_cpu
                ? &c.source
                : &c.destination;
        const Endpoint* gpu = host == &c.source ? &c.destination : &c.source;
        if (host->kind != EndpointKind::host_memory && host->kind != EndpointKind::host_cpu) {
            continue;
        }
        if (gpu->role == "all") {
            continue;
        }
        INFO(c.name());
        const int nearest = topo_nearest(t, inv, gpu->id);
        CHECK(host->role == (host->id == nearest ? "near" : "far"));
        if (host->role == "far") {
            CHECK(host->id == plan.placement(gpu->id)->far_node);
        }
        // The thread drives the GPU from its nearest node, except where a CPU is the endpoint
        // measured: then it runs on that node's CPUs (a far lat.pingpong on far CPUs).
        const int cpu_node = host->kind == EndpointKind::host_cpu ? host->id : nearest;
        CHECK(c.cpus == t.find_node(static_cast<unsigned>(cpu_node))->cpus);
    }
}

} // namespace

TEST_CASE("DGX-2: every GPU is matched to its nearest node by bus id", "[gpu][plan]") {
    const Topology t = load("nvidiaDGX2.xml");
    const GpuInventory inv = testing::inventory_for(t, testing::discrete_gpu(), true);
    const auto placements = place_gpus(t, inv);
    REQUIRE(placements.size() == 16);
    std::map<int, int> per_node;
    for (const auto& p : placements) {
        INFO("gpu" << p.device);
        CHECK(p.near_node == topo_nearest(t, inv, p.device));
        CHECK(p.far_node >= 0);
        CHECK(p.far_node != p.near_node);
        ++per_node[p.near_node];
    }
    CHECK(per_node.size() == 2); // the GPUs hang off both sockets
}

TEST_CASE("DGX-2 standard suite", "[gpu][plan]") {
    const Topology t = load("nvidiaDGX2.xml");
    const GpuInventory inv = testing::inventory_for(t, testing::discrete_gpu(), true);
    const GpuPlan plan = plan_gpu_cases(t, inv, suite(Suite::standard));
    const auto sizes = bandwidth_sizes(suite(Suite::standard));
    CHECK(sizes == parse_size_spec("4K:1G:x4"));
    check_unique_names(plan.cases);
    check_roles(t, inv, plan);

    // Per-GPU paths on all 16 GPUs, near and far memory, pageable and pinned for ce.h2d.
    CHECK(gpus_of(plan.cases, "ce.h2d").size() == 16);
    CHECK(count(plan.cases, "ce.h2d") == 16 * 2 * 2 * sizes.size());
    CHECK(count(plan.cases, "ce.d2d") == 16 * sizes.size());
    CHECK(count(plan.cases, "lat.pingpong") == 16 * 2);

    // Peer pairs with the first GPU, both ways: 2 x 15.
    const auto p2p = pairs_of(plan.cases, "ce.p2p");
    CHECK(p2p.size() == 30);
    for (const auto& [a, b] : p2p) {
        CHECK((a == 0 || b == 0));
    }
    CHECK(pairs_of(plan.cases, "ce.p2p_nopeer") == p2p);
    CHECK(pairs_of(plan.cases, "sm.p2p") == p2p);

    // Aggregates: all to (and from) the first GPU, 15 concurrent copies; all GPUs and host.
    REQUIRE(count(plan.cases, "ce.all_to_one") == sizes.size());
    for (const auto& c : plan.cases) {
        if (c.path.id == "ce.all_to_one") {
            CHECK(c.destination.id == 0);
            CHECK(c.source.role == "peers");
            CHECK(c.threads == 15);
        }
        if (c.path.id == "ce.host_to_all") {
            CHECK(c.threads == 16);
            CHECK(c.destination.role == "all");
        }
    }
    CHECK(count(plan.cases, "ce.host_to_all") == sizes.size());
}

TEST_CASE("DGX-2 quick and full suites", "[gpu][plan]") {
    const Topology t = load("nvidiaDGX2.xml");
    const GpuInventory inv = testing::inventory_for(t, testing::discrete_gpu(), true);

    const GpuPlan quick = plan_gpu_cases(t, inv, suite(Suite::quick));
    check_unique_names(quick.cases);
    CHECK(gpus_of(quick.cases, "ce.h2d") == std::set<int>{0});
    CHECK(pairs_of(quick.cases, "ce.p2p") == std::set<std::pair<int, int>>{{0, 1}});
    CHECK(count(quick.cases, "ce.all_to_one") == 0);
    CHECK(count(quick.cases, "ce.p2p_nopeer") == 0);
    for (const auto& c : quick.cases) {
        for (const Endpoint* e : {&c.source, &c.destination}) {
            if (e->kind == EndpointKind::host_memory) {
                CHECK(e->role == "near"); // quick measures the near node only
            }
        }
    }

    const GpuPlan full = plan_gpu_cases(t, inv, suite(Suite::full));
    check_unique_names(full.cases);
    CHECK(pairs_of(full.cases, "ce.p2p").size() == 16 * 15);
    CHECK(pairs_of(full.cases, "lat.gpu_peer").size() == 16 * 15);
    CHECK(count(full.cases, "ce.all_to_one") == 16 * bandwidth_sizes(suite(Suite::full)).size());
    std::set<std::string> kinds;
    for (const auto& c : full.cases) {
        if (c.path.id == "sm.h2d") {
            kinds.insert(c.source.memory);
        }
    }
    CHECK(kinds == std::set<std::string>{"mapped", "registered", "writecombined", "system"});
}

TEST_CASE("nvbandwidth's 2 MiB latency chains beside the random ones, whatever the sizes",
          "[gpu][plan]") {
    const Topology t = load("nvidiaDGX2.xml");
    const GpuInventory inv = testing::inventory_for(t, testing::discrete_gpu(), true);
    PlanOptions o = suite(Suite::standard);
    o.sizes = parse_size_spec("4K,256M");
    const GpuPlan plan = plan_gpu_cases(t, inv, o);
    check_unique_names(plan.cases);
    std::set<int> hosts;
    for (const auto& c : plan.cases) {
        if (c.path.id == "lat.gpu_host_stride") {
            hosts.insert(c.source.id);
            CHECK(c.size_bytes == kNvbandwidthLatencyBytes);
            CHECK(c.destination.memory == "mapped");
            CHECK(c.destination.role == "near");
        }
        if (c.path.id == "lat.gpu_peer_stride") {
            CHECK(c.size_bytes == kNvbandwidthLatencyBytes);
        }
    }
    CHECK(hosts.size() == 16);
    CHECK(pairs_of(plan.cases, "lat.gpu_peer_stride") == pairs_of(plan.cases, "lat.gpu_peer"));
    CHECK(count(plan.cases, "lat.gpu_peer_stride") == pairs_of(plan.cases, "lat.gpu_peer").size());
}

TEST_CASE("DGX-2: V100s skip system memory, the coherent GPU does not", "[gpu][plan]") {
    const Topology t = load("nvidiaDGX2.xml");
    for (const bool coherent : {false, true}) {
        const GpuInventory inv = testing::inventory_for(
            t, coherent ? testing::coherent_gpu() : testing::discrete_gpu(), true);
        const GpuPlan plan = plan_gpu_cases(t, inv, suite(Suite::standard));
        std::size_t system = 0;
        for (const auto& c : plan.cases) {
            const bool uses_system =
                c.source.memory == "system" || c.destination.memory == "system";
            const bool host_loads = c.path.id == "lat.host_gpu";
            const std::string why = case_unavailable(c, inv);
            INFO(c.name() << ": " << why);
            if (uses_system || host_loads) {
                CHECK(why.empty() == coherent);
                system += uses_system ? 1 : 0;
            } else {
                CHECK(why.empty());
            }
        }
        CHECK(system > 0);
    }
}

TEST_CASE("POWER8: four NVLink GPUs on two sockets", "[gpu][plan]") {
    const Topology t = load("power8gpudistances.xml");
    const GpuInventory inv = testing::inventory_for(t, testing::discrete_gpu(), true);
    const GpuPlan plan = plan_gpu_cases(t, inv, suite(Suite::standard));
    REQUIRE(plan.placements.size() == 4);
    check_unique_names(plan.cases);
    check_roles(t, inv, plan);
    std::set<int> nodes;
    for (const auto& p : plan.placements) {
        nodes.insert(p.near_node);
        // Two nodes: far is the other one.
        CHECK(p.far_node == (p.near_node == 0 ? 1 : 0));
    }
    CHECK(nodes == std::set<int>{0, 1});
    CHECK(pairs_of(plan.cases, "ce.p2p").size() == 6);
}

TEST_CASE("a CPU endpoint runs on the CPUs of the node it names", "[gpu][plan]") {
    const Topology t = load("nvidiaDGX2.xml");
    const GpuInventory inv = testing::inventory_for(t, testing::discrete_gpu(), true);
    const GpuPlan plan = plan_gpu_cases(t, inv, suite(Suite::standard));
    std::size_t far = 0;
    for (const auto& c : plan.cases) {
        if (c.path.id != "lat.pingpong" || c.source.role != "far") {
            continue;
        }
        INFO(c.name());
        ++far;
        const GpuPlacement* p = plan.placement(c.destination.id);
        REQUIRE(p != nullptr);
        CHECK(c.source.id == p->far_node);
        CHECK(c.cpus == t.find_node(static_cast<unsigned>(p->far_node))->cpus);
        CHECK(c.cpus != p->cpus); // not the near node's CPUs that drive the other cases
    }
    CHECK(far == 16);
}

TEST_CASE("placement overrides from the numa and cpus options", "[gpu][plan]") {
    const Topology t = load("nvidiaDGX2.xml");
    const GpuInventory inv = testing::inventory_for(t, testing::discrete_gpu(), true);
    PlanOptions o = suite(Suite::standard);
    o.numa = NumaPair{1, 0};
    const GpuPlan plan = plan_gpu_cases(t, inv, o);
    for (const auto& c : plan.cases) {
        for (const Endpoint* e : {&c.source, &c.destination}) {
            if (e->kind == EndpointKind::host_memory) {
                INFO(c.name());
                CHECK(e->id == 1);
            }
        }
        CHECK(c.cpus == t.find_node(0)->cpus);
    }
    o.numa.reset();
    o.cpus = {2, 3};
    for (const auto& c : plan_gpu_cases(t, inv, o).cases) {
        CHECK(c.cpus == std::vector<unsigned>{2, 3});
    }
    o.numa = NumaPair{7, 7};
    CHECK_THROWS_AS(plan_gpu_cases(t, inv, o), Error);
}

TEST_CASE("sizes per kind of path", "[gpu][plan]") {
    PlanOptions o = suite(Suite::quick);
    CHECK(bandwidth_sizes(o) == parse_size_spec("4K,1M,256M"));
    CHECK(copy_latency_sizes(o) == parse_size_spec("4,4K,64K"));
    o.sizes = parse_size_spec("64,4K,1M,256M");
    CHECK(bandwidth_sizes(o) == *o.sizes);
    CHECK(chase_sizes(o) == parse_size_spec("4K,1M,256M"));   // a chase needs two 128-byte lines
    CHECK(copy_latency_sizes(o) == parse_size_spec("64,4K")); // lat.copy stops at 64 KiB
}

TEST_CASE("one GPU: no pairs, no aggregates", "[gpu][plan]") {
    const Topology t = load("32em64t-2n8c2t-pci-normalio.xml");
    GpuInventory inv = testing::inventory_for(t, testing::discrete_gpu(), false);
    inv.devices.resize(1); // the GPU on the second socket (reverse bus order)
    const GpuPlan plan = plan_gpu_cases(t, inv, suite(Suite::full));
    CHECK(count(plan.cases, "ce.p2p") == 0);
    CHECK(count(plan.cases, "ce.all_to_host") == 0);
    CHECK(count(plan.cases, "ce.h2d") > 0);
    REQUIRE(plan.placements.size() == 1);
    CHECK(plan.placements[0].near_node == topo_nearest(t, inv, 0));
    check_roles(t, inv, plan);
}

TEST_CASE("a GPU hwloc did not list: sysfs numa_node, else neutral roles", "[gpu][plan]") {
    const Topology t = load("nvidiaDGX2.xml");
    GpuInventory inv = testing::inventory_for(t, testing::discrete_gpu(), false);
    inv.devices.resize(1);
    inv.devices[0].pci_bus_id = "0000:ff:00.0";
    inv.devices[0].numa_node = 1;
    CHECK(place_gpus(t, inv)[0].near_node == 1);

    inv.devices[0].numa_node = -1;
    const GpuPlan plan = plan_gpu_cases(t, inv, suite(Suite::standard));
    std::set<std::string> roles;
    for (const auto& c : plan.cases) {
        if (c.source.kind == EndpointKind::host_memory) {
            roles.insert(c.source.role);
        }
    }
    CHECK(roles == std::set<std::string>{"node0", "node1"});
}

TEST_CASE("no device: an empty plan", "[gpu][plan]") {
    const Topology t = load("nvidiaDGX2.xml");
    GpuInventory none;
    none.reason = "no CUDA device";
    CHECK(plan_gpu_cases(t, none, suite(Suite::full)).cases.empty());
}
