// The saturation sweeps' plans (bench/host/saturation_host_plan,
// bench/gpu_family/saturation_gpu_plan) on real machine exports, device-free: expectations derived
// from the loaded topology.
#include "tests/support/gpu_fixtures.hpp"

#include "bench/gpu_family/gpu_plan.hpp"
#include "bench/gpu_family/saturation_gpu_plan.hpp"
#include "bench/host/host_plan.hpp"
#include "bench/host/saturation_host_plan.hpp"
#include "core/error.hpp"
#include "platform/topology.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

using namespace linkperf;
using namespace linkperf::bench;

namespace {

Topology load(const std::string& name) {
    return Topology::load(std::string(LINKPERF_TEST_DATA) + "/topologies/" + name);
}

PlanOptions saturation() {
    PlanOptions o;
    o.study.study = Study::saturation;
    return o;
}

std::vector<Case> select(const std::vector<Case>& cases, const std::string& path,
                         const std::string& memory_role) {
    std::vector<Case> out;
    for (const Case& c : cases) {
        if (c.path.id == path && c.source.role == memory_role) {
            out.push_back(c);
        } else if (c.path.id == path && path == "host.write" && c.destination.role == memory_role) {
            out.push_back(c);
        }
    }
    return out;
}

unsigned cores_on(const Topology& t, unsigned node) {
    return static_cast<unsigned>(std::count_if(t.cores.begin(), t.cores.end(), [&](const Core& c) {
        return c.numa_node == static_cast<int>(node);
    }));
}

} // namespace

TEST_CASE("sweep levels: every count to 8, then quarter steps, and the most", "[saturation]") {
    CHECK(sweep_levels(0).empty());
    CHECK(sweep_levels(1) == std::vector<unsigned>{1});
    CHECK(sweep_levels(2) == std::vector<unsigned>{1, 2});
    CHECK(sweep_levels(8) == std::vector<unsigned>{1, 2, 3, 4, 5, 6, 7, 8});
    CHECK(sweep_levels(21) ==
          std::vector<unsigned>{1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 21});
    const auto many = sweep_levels(192);
    CHECK(many.size() < 30);
    CHECK(many.back() == 192);
    CHECK(std::is_sorted(many.begin(), many.end()));
}

TEST_CASE("sweep size: DRAM-sized, bounded by the host's memory", "[saturation]") {
    CHECK(sweep_size(0, 0) == 64ULL << 20);
    CHECK(sweep_size(32ULL << 20, 0) == 128ULL << 20);
    CHECK(sweep_size(1ULL << 30, 0) == 4ULL << 30);
    // 1 GiB host: a copy's two buffers within a quarter of it.
    CHECK(sweep_size(32ULL << 20, 1ULL << 30) == 128ULL << 20);
    CHECK(sweep_size(32ULL << 20, 512ULL << 20) == 64ULL << 20);
}

TEST_CASE("host saturation on two nodes: local then remote cores, and far", "[saturation]") {
    const Topology t = load("32em64t-2n8c2t-pci-normalio.xml");
    REQUIRE(t.nodes_with_cpus().size() == 2);
    const auto cases = plan_host_saturation(t, saturation());
    const unsigned home = default_cpu_node(t);
    const unsigned other = t.nodes_with_cpus()[t.nodes_with_cpus()[0] == home ? 1 : 0];
    const unsigned total = cores_on(t, home) + cores_on(t, other);
    std::set<std::string> names;
    for (const Case& c : cases) {
        CHECK(names.insert(c.name()).second); // every sweep point is its own case
        CHECK(c.size_bytes == sweep_size(32ULL << 20, 0));
        CHECK(c.cpus.size() == c.threads);
    }
    for (const char* path : {"host.read", "host.write", "host.copy"}) {
        const auto local = select(cases, path, "local");
        const auto far = select(cases, path, "far");
        // host.copy's destination is always local; its far curve is the one reading far.
        REQUIRE_FALSE(local.empty());
        REQUIRE_FALSE(far.empty());
        std::vector<unsigned> levels;
        for (const Case& c : local) {
            if (std::string(path) == "host.copy" && c.destination.id != static_cast<int>(home)) {
                continue;
            }
            levels.push_back(c.threads);
            // The first threads are the home node's cores, then the other node's.
            for (std::size_t i = 0; i < c.cpus.size(); ++i) {
                CHECK(t.node_of_pu(c.cpus[i]) ==
                      static_cast<int>(i < cores_on(t, home) ? home : other));
            }
        }
        INFO(path);
        CHECK(levels.back() == total);
        CHECK(std::count(levels.begin(), levels.end(), cores_on(t, home)) == 1);
        for (const Case& c : far) {
            for (const unsigned pu : c.cpus) {
                CHECK(t.node_of_pu(pu) == static_cast<int>(other));
            }
        }
    }
}

TEST_CASE("host saturation options: --sweep, --threads, --numa, --sizes, --cpus", "[saturation]") {
    const Topology t = load("32em64t-2n8c2t-pci-normalio.xml");
    PlanOptions o = saturation();
    o.study.sweeps = parse_sweeps("gpus,peers");
    CHECK(plan_host_saturation(t, o).empty());

    o = saturation();
    o.threads = 3;
    for (const Case& c : plan_host_saturation(t, o)) {
        CHECK(c.threads <= 3);
    }
    o = saturation();
    o.sizes = std::vector<std::uint64_t>{64, 1ULL << 20};
    const auto sized = plan_host_saturation(t, o);
    CHECK(
        std::any_of(sized.begin(), sized.end(), [](const Case& c) { return c.size_bytes == 64; }));
    for (const Case& c : sized) {
        CHECK(c.size_bytes >= 64ULL * c.threads); // a cache line per thread at least
    }
    o = saturation();
    o.numa = NumaPair{99, 0};
    CHECK_THROWS_AS(plan_host_saturation(t, o), Error);
    o = saturation();
    o.cpus = {0, 1};
    const auto pinned = plan_host_saturation(t, o);
    for (const Case& c : pinned) {
        CHECK(c.cpus == std::vector<unsigned>(o.cpus.begin(), o.cpus.begin() + c.threads));
    }
    o.cpus = {100000};
    CHECK_THROWS_AS(plan_host_saturation(t, o), Error);
}

TEST_CASE("sweep lists parse, and bad ones are usage errors", "[saturation]") {
    const SweepSet s = parse_sweeps("threads");
    CHECK(s.threads);
    CHECK_FALSE(s.gpus);
    CHECK_FALSE(s.peers);
    const SweepSet all = parse_sweeps("peers,all");
    CHECK((all.threads && all.gpus && all.peers));
    for (const char* bad : {"", "thread", "threads,", ",gpus", "gpus,,peers"}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_sweeps(bad), Error);
    }
    CHECK(check_knee_fraction(0.9) == 0.9);
    CHECK(check_knee_fraction(1.0) == 1.0);
    for (const double bad : {0.0, -0.5, 1.01, 1e300}) {
        CHECK_THROWS_AS(check_knee_fraction(bad), Error);
    }
}

TEST_CASE("GPU saturation on a DGX-2: 1..16 GPUs into one node, 1..15 peers", "[saturation][gpu]") {
    const Topology t = load("nvidiaDGX2.xml");
    const auto inv = gpu::testing::inventory_for(t, gpu::testing::discrete_gpu(), true);
    const auto placements = gpu::place_gpus(t, inv);
    const auto cases = plan_gpu_saturation(t, inv, saturation());
    std::vector<unsigned> to_host;
    std::vector<unsigned> from_host;
    std::vector<unsigned> peers;
    std::set<std::string> names;
    for (const Case& c : cases) {
        CHECK(names.insert(c.name()).second);
        if (c.path.id == "ce.all_to_host") {
            to_host.push_back(c.threads);
            CHECK(c.destination.role == kSweepHostRole);
            CHECK(c.destination.memory == "pinned");
            CHECK(c.destination.id == placements.front().near_node);
        } else if (c.path.id == "ce.host_to_all") {
            from_host.push_back(c.threads);
            CHECK(c.source.id == placements.front().near_node);
        } else if (c.path.id == "ce.all_to_one") {
            peers.push_back(c.threads);
            CHECK(c.destination.id == placements.front().device);
        } else {
            FAIL("unexpected path " << c.path.id);
        }
    }
    const auto g = static_cast<unsigned>(inv.devices.size());
    CHECK(to_host == sweep_levels(g));
    CHECK(from_host == sweep_levels(g));
    CHECK(peers == sweep_levels(g - 1));

    PlanOptions only = saturation();
    only.study.sweeps = parse_sweeps("peers");
    for (const Case& c : plan_gpu_saturation(t, inv, only)) {
        CHECK(c.path.id == "ce.all_to_one");
    }
}

TEST_CASE("GPU saturation without a device or with one GPU", "[saturation][gpu]") {
    const Topology t = load("nvidiaDGX2.xml");
    gpu::GpuInventory none;
    none.available = false;
    none.reason = "no CUDA device";
    CHECK(plan_gpu_saturation(t, none, saturation()).empty());
    auto one = gpu::testing::inventory_for(t, gpu::testing::discrete_gpu(), true);
    one.devices.resize(1);
    one.devices.front().peers.clear();
    CHECK(plan_gpu_saturation(t, one, saturation()).empty()); // one GPU: a point, not a curve
}
