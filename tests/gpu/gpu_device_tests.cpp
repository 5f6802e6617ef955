// Tests that need a CUDA device: the GPU layer's buffers, copies, kernels and probes, and a
// short `linkperf run` of the GPU paths.
#include "core/pci_bus_id.hpp"
#include "gpu/copy_batch.hpp"
#include "gpu/gpu_error.hpp"
#include "gpu/gpu_inventory.hpp"
#include "gpu/gpu_ops.hpp"
#include "gpu/pattern.hpp"
#include "gpu/pointer_chase.hpp"
#include "platform/cpu_binding.hpp"
#include "platform/pci_link.hpp"
#include "platform/topology.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace linkperf;
using namespace linkperf::gpu;

namespace {

const GpuInventory& inventory() {
    static const GpuInventory inv = query_gpus();
    return inv;
}

// The NUMA node nearest GPU 0, or -1.
int near_node() {
    const Topology t = Topology::load();
    for (const auto& g : t.gpus) {
        if (same_pci_bus_id(g.pci_bus_id, inventory().devices.front().pci_bus_id)) {
            return g.nearest_numa;
        }
    }
    return inventory().devices.front().numa_node;
}

std::vector<MemoryKind> kinds_here() {
    std::vector<MemoryKind> k{
        MemoryKind::device, MemoryKind::pageable,      MemoryKind::pinned, MemoryKind::registered,
        MemoryKind::mapped, MemoryKind::writecombined, MemoryKind::managed};
    if (inventory().devices.front().pageable_memory_access) {
        k.push_back(MemoryKind::system);
    }
    return k;
}

} // namespace

TEST_CASE("the inventory describes the devices", "[device]") {
    const GpuInventory& inv = inventory();
    REQUIRE_FALSE(inv.devices.empty());
    CHECK(inv.driver_version > 0);
    CHECK(inv.runtime_version > 0);
    for (const auto& d : inv.devices) {
        INFO(d.name << " " << d.pci_bus_id);
        CHECK(canonical_pci_bus_id(d.pci_bus_id) == d.pci_bus_id);
        CHECK(d.sm_count > 0);
        CHECK(d.total_memory >= d.free_memory);
        CHECK(d.free_memory > 0);
        CHECK(d.peers.size() == inv.devices.size() - 1);
        if (const auto link = read_pcie_link("/sys", d.pci_bus_id)) {
            CHECK(link->device.max.known());
        }
        // Identity: CUDA's UUID always; NVML's where the driver ships it (it does with every
        // driver package), the physical GPU's UUID and VBIOS.
        CHECK(d.uuid.size() == 40);
        CHECK_THAT(d.uuid, Catch::StartsWith(d.mig_instance ? "MIG-" : "GPU-"));
        if (!inv.driver_release.empty()) {
            CHECK_THAT(d.gpu_uuid, Catch::StartsWith("GPU-"));
            CHECK_FALSE(d.vbios_version.empty());
            CHECK(d.mig_instance_uuids.empty() == !d.mig_instance);
            if (!d.mig_instance) {
                CHECK(d.gpu_uuid == d.uuid);
            }
        }
    }
}

TEST_CASE("every memory kind allocates, fills and checks", "[device]") {
    const int node = near_node();
    const std::size_t bytes = (1 << 20) + 5; // a tail shorter than one vector
    for (MemoryKind k : kinds_here()) {
        INFO(to_string(k));
        GpuBuffer b(BufferSpec{k, bytes, 0, node});
        b.fill_pattern(11, bytes);
        CHECK(b.count_mismatches(11, bytes) == 0);
        CHECK(b.count_mismatches(12, bytes) > bytes / 2);
        const unsigned char junk = 0;
        b.upload(&junk, 1);
        CHECK(b.count_mismatches(11, bytes) == (pattern_byte(0, 11) == 0 ? 0u : 1u));
        if (k != MemoryKind::device && k != MemoryKind::managed) {
            CHECK(b.host_ptr() != nullptr);
            const PlacementCheck p = b.placement();
            INFO(p.detail);
            const bool ours = k == MemoryKind::pageable || k == MemoryKind::registered ||
                              k == MemoryKind::system; // placed by libnuma, not the driver
            if (node >= 0 && ours) {
                CHECK(p.ok);
                CHECK(p.nodes_found == std::vector<int>{node});
            } else if (node >= 0 && !p.ok) {
                WARN(to_string(k) << " memory not verified on node " << node << ": " << p.detail);
            }
        }
    }
}

TEST_CASE("system memory stays on its node while a GPU reads and writes it", "[device]") {
    const GpuDevice& d = inventory().devices.front();
    const int node = near_node();
    if (!d.pageable_memory_access || node < 0) {
        WARN("no pageable memory access (HMM/ATS) or no NUMA node: nothing to check");
        return;
    }
    const std::size_t bytes = 64 << 20;
    GpuBuffer sys(BufferSpec{MemoryKind::system, bytes, 0, node});
    GpuBuffer dev(BufferSpec{MemoryKind::device, bytes, 0, -1});
    INFO(sys.residency_advice());
    CHECK_FALSE(sys.residency_advice().empty());
    sys.fill_pattern(41, bytes);
    dev.fill_pattern(42, bytes);
    CopyBatch in({{&sys, &dev, bytes, 0, CopyEngine::sm}});
    CopyBatch out({{&dev, &sys, bytes, 0, CopyEngine::sm}});
    CHECK(in.run(20).total_seconds > 0);
    CHECK(out.run(20).total_seconds > 0);
    // Checked before any CPU access, which would fault migrated pages back.
    const PlacementCheck p = sys.placement();
    INFO(p.detail);
    CHECK(p.ok);
    CHECK(p.nodes_found == std::vector<int>{node});
    CHECK(dev.count_mismatches(41, bytes) == 0);
    CHECK(sys.count_mismatches(41, bytes) == 0);
}

TEST_CASE("held copy-engine batch: timed, plausible and delivered", "[device]") {
    const std::size_t bytes = 64 << 20;
    GpuBuffer src(BufferSpec{MemoryKind::pinned, bytes, 0, near_node()});
    GpuBuffer dst(BufferSpec{MemoryKind::device, bytes, 0, -1});
    src.fill_pattern(3, bytes);
    dst.fill_pattern(4, bytes);
    CopyBatch batch({{&src, &dst, bytes, 0, CopyEngine::copy_engine}});
    const BatchTimes t = batch.run(4);
    CHECK(batch.held());
    REQUIRE(t.total_seconds > 0);
    const double gbps = 4.0 * bytes / t.total_seconds / 1e9;
    CHECK(gbps > 1.0);
    CHECK(gbps < 1000.0);
    CHECK(dst.count_mismatches(3, bytes) == 0);
}

TEST_CASE("copy kernels over mapped memory and odd sizes", "[device]") {
    const std::size_t bytes = (4 << 20) + 13;
    GpuBuffer host(BufferSpec{MemoryKind::mapped, bytes, 0, near_node()});
    GpuBuffer dev(BufferSpec{MemoryKind::device, bytes, 0, -1});
    GpuBuffer back(BufferSpec{MemoryKind::mapped, bytes, 0, near_node()});
    host.fill_pattern(5, bytes);
    dev.fill_pattern(6, bytes);
    back.fill_pattern(7, bytes);
    CopyBatch in({{&host, &dev, bytes, 0, CopyEngine::sm}});
    CHECK(in.run(2).total_seconds > 0);
    CHECK(dev.count_mismatches(5, bytes) == 0);
    CopyBatch out({{&dev, &back, bytes, 0, CopyEngine::sm}});
    CHECK(out.run(2).total_seconds > 0);
    CHECK(back.count_mismatches(5, bytes) == 0);
    CHECK_THAT(in.describe_lane(0), Catch::Contains("ld.global.cv"));
    CHECK_THAT(out.describe_lane(0), Catch::Contains("st.global.wt"));
}

TEST_CASE("bidirectional lanes and pageable copies", "[device]") {
    const std::size_t bytes = 16 << 20;
    GpuBuffer h1(BufferSpec{MemoryKind::pinned, bytes, 0, near_node()});
    GpuBuffer d1(BufferSpec{MemoryKind::device, bytes, 0, -1});
    GpuBuffer d2(BufferSpec{MemoryKind::device, bytes, 0, -1});
    GpuBuffer h2(BufferSpec{MemoryKind::pinned, bytes, 0, near_node()});
    h1.fill_pattern(1, bytes);
    d2.fill_pattern(2, bytes);
    CopyBatch both({{&h1, &d1, bytes, 0, CopyEngine::copy_engine},
                    {&d2, &h2, bytes, 0, CopyEngine::copy_engine}});
    const BatchTimes t = both.run(3);
    REQUIRE(t.lane_seconds.size() == 2);
    // One common start: the whole chunk spans every lane (event resolution: 0.5 us).
    CHECK(t.total_seconds >= std::max(t.lane_seconds[0], t.lane_seconds[1]) - 1e-6);
    // Several chunks (256 copies each): per chunk the common start to the last lane's end,
    // summed, so at least the slowest lane's total and at most both lanes' totals.
    const BatchTimes many = both.run(600);
    const double slowest = std::max(many.lane_seconds[0], many.lane_seconds[1]);
    CHECK(many.total_seconds >= slowest - 1e-6);
    CHECK(many.total_seconds <= many.lane_seconds[0] + many.lane_seconds[1]);
    CHECK(d1.count_mismatches(1, bytes) == 0);
    CHECK(h2.count_mismatches(2, bytes) == 0);
    // nvbandwidth's bidirectional convention: the loading lane runs twice the copies and so
    // ends after the measured lane.
    CopyBatch loaded({{&h1, &d1, bytes, 0, CopyEngine::copy_engine},
                      {&d2, &h2, bytes, 0, CopyEngine::copy_engine, 2}});
    const BatchTimes l = loaded.run(8);
    CHECK(l.lane_seconds[1] > l.lane_seconds[0]);
    // SM copies repeat inside a launch: 4 KiB x 10000 copies take far fewer launches and
    // still leave the data right.
    GpuBuffer small_src(BufferSpec{MemoryKind::device, 4096, 0, -1});
    GpuBuffer small_dst(BufferSpec{MemoryKind::device, 4096, 0, -1});
    small_src.fill_pattern(3, 4096);
    CopyBatch small({{&small_src, &small_dst, 4096, 0, CopyEngine::sm}});
    CHECK(small.run(10000).total_seconds > 0);
    CHECK(small_dst.count_mismatches(3, 4096) == 0);

    GpuBuffer pageable(BufferSpec{MemoryKind::pageable, bytes, 0, near_node()});
    pageable.fill_pattern(8, bytes);
    // Every queued batch held: several lanes and copy kernels never go on unheld.
    CHECK(both.held());
    CHECK(loaded.held());
    CHECK(small.held());
    CopyBatch staged({{&pageable, &d1, bytes, 0, CopyEngine::copy_engine}});
    CHECK_FALSE(staged.held());
    CHECK(staged.run(2).total_seconds > 0);
    CHECK(d1.count_mismatches(8, bytes) == 0);
}

TEST_CASE("the GPU chase ends where the host computed", "[device]") {
    const std::size_t bytes = 1 << 20;
    const std::size_t stride = 128;
    GpuBuffer b(BufferSpec{MemoryKind::device, bytes, 0, -1});
    const auto base = reinterpret_cast<std::uint64_t>(b.device_ptr());
    std::vector<std::uint64_t> image(bytes / 8);
    write_chase(image.data(), bytes, stride, base, 9);
    b.upload(image.data(), bytes);
    for (ChaseLoad load : {ChaseLoad::l2, ChaseLoad::uncached}) {
        const ChaseTiming t = chase_on_gpu(0, base, 1000, load);
        CHECK(t.end == chase_end(bytes, stride, base, 9, 1000));
        CHECK(t.seconds > 0);
        CHECK(t.seconds / 1000 < 1e-5); // a device-memory load is well under 10 us
    }
}

TEST_CASE("ping-pong through mapped memory answers in microseconds", "[device]") {
    GpuBuffer flags(BufferSpec{MemoryKind::mapped, 256, 0, near_node()});
    const double s = pingpong_seconds(0, flags, 2000);
    CHECK(s > 0);
    CHECK(s / 2000 < 1e-4);
}

TEST_CASE("managed memory above free GPU memory is refused", "[device]") {
    const GpuDevice& d = inventory().devices.front();
    try {
        GpuBuffer b(BufferSpec{MemoryKind::managed, d.total_memory + (1ULL << 30), 0, -1});
        FAIL("an oversubscribing managed buffer was allocated");
    } catch (const GpuError& e) {
        CHECK(e.kind() == GpuErrorKind::out_of_memory);
        CHECK_THAT(std::string(e.what()), Catch::Contains("refused"));
    }
}

TEST_CASE("managed memory migrates both ways and keeps its data", "[device]") {
    if (!inventory().devices.front().concurrent_managed_access) {
        WARN("no concurrent managed access on this device");
        return;
    }
    const std::size_t bytes = 16 << 20;
    GpuBuffer m(BufferSpec{MemoryKind::managed, bytes, 0, near_node()});
    m.fill_pattern(21, bytes);
    const MigrationTarget gpu{true, 0, -1};
    const MigrationTarget host{false, 0, near_node()};
    CHECK(migration_seconds(m, bytes, gpu, host, 0, 2) > 0);
    CHECK(migration_seconds(m, bytes, host, gpu, 0, 2) > 0);
    GpuBuffer dst(BufferSpec{MemoryKind::device, bytes, 0, -1});
    CHECK(demand_copy_seconds(m, dst, bytes, near_node(), 2) > 0);
    CHECK(dst.count_mismatches(21, bytes) == 0);
    CHECK(m.count_mismatches(21, bytes) == 0);
}

TEST_CASE("peer access scopes", "[device]") {
    const GpuInventory& inv = inventory();
    if (inv.devices.size() < 2) {
        WARN("one GPU: no peer to test");
        return;
    }
    const PeerLink* link = inv.devices[0].peer(1);
    REQUIRE(link != nullptr);
    if (!link->access_supported) {
        CHECK_THROWS_AS(PeerAccessScope(0, 1, true), GpuError);
        return;
    }
    const std::size_t bytes = 8 << 20;
    PeerAccessScope peer(0, 1, true);
    GpuBuffer a(BufferSpec{MemoryKind::device, bytes, 0, -1});
    GpuBuffer b(BufferSpec{MemoryKind::device, bytes, 1, -1});
    a.fill_pattern(31, bytes);
    CopyBatch push({{&a, &b, bytes, 0, CopyEngine::sm}});
    CHECK(push.run(2).total_seconds > 0);
    CHECK(b.count_mismatches(31, bytes) == 0);
}

TEST_CASE("linkperf run measures the GPU paths", "[run]") {
    const std::filesystem::path out =
        std::filesystem::temp_directory_path() / "linkperf-gpu-test-results.json";
    std::filesystem::remove(out);
    // $LINKPERF_BINARY: the bundle (scripts/gpu-bundle.sh) runs this binary far from its build.
    const char* env = std::getenv("LINKPERF_BINARY");
    const std::string binary = env != nullptr && *env != '\0' ? env : LINKPERF_BINARY;
    const std::string cmd = binary +
                            " run --suite quick --sizes 1M --filter '^(ce|sm|um|lat)\\.' --out " +
                            out.string() + " > /dev/null";
    const int rc = std::system(cmd.c_str());
    CHECK(rc == 0);
    std::ifstream in(out);
    REQUIRE(in);
    const nlohmann::json doc = nlohmann::json::parse(in);
    CHECK(doc["context"]["linkperf"]["cuda"]["available"] == true);
    std::size_t ok = 0;
    for (const auto& b : doc["benchmarks"]) {
        const auto& l = b["linkperf"];
        INFO(b["name"] << ": " << l["error"]);
        CHECK(l["status"] != "failed");
        if (l["status"] == "ok") {
            ++ok;
            const double median = l["stats"]["median"].get<double>();
            const nlohmann::json& x = l["extra"];
            if (l["metric"] == "bandwidth") {
                CHECK(l["data_verified"] == true);
                // GB/s a link of this decade can carry: neither a stalled nor a phantom copy.
                CHECK(median > 0.05);
                CHECK(median < 20000);
            } else {
                CHECK(median > 10);  // ns: no load answers faster
                CHECK(median < 1e7); // nor takes 10 ms
            }
            if (x.contains("efficiency")) {
                CHECK(x["efficiency"].get<double>() <= 1.02);
            }
            // Every queued copy case was timed behind its hold (its timing note says so);
            // only pageable memory, staged by the host, is timed otherwise.
            const std::string path = l["path"];
            const bool pageable =
                l["source"]["memory"] == "pageable" || l["destination"]["memory"] == "pageable";
            if ((path.starts_with("ce.") || path.starts_with("sm.")) && !pageable) {
                REQUIRE(x.contains("timing"));
                CHECK_THAT(x["timing"].get<std::string>(),
                           Catch::StartsWith("CUDA events around copies queued behind a hold"));
            }
            // um.demand host -> GPU: the note says what the pages did, from where they were
            // after the kernel (never "every page" without looking).
            if (path == "um.demand" && l["source"]["kind"] == "host_memory") {
                REQUIRE(x.contains("demand_pages"));
                const std::string outcome = x["demand_pages"]["outcome"];
                const std::string note = x["timing"];
                INFO(note);
                CHECK_THAT(note, !Catch::Contains("every page"));
                if (outcome == "migrated") {
                    CHECK(x["demand_faults"] == true);
                    CHECK_THAT(note, Catch::Matches("CUDA events around a copy kernel faulting "
                                                    "[0-9]+% of pages in .*"));
                } else if (outcome == "remote") {
                    CHECK(x["demand_faults"] == false);
                    CHECK_THAT(note, Catch::Matches(".* read remotely, [0-9]+% of pages stayed "
                                                    "on nodes? [0-9,]+ .*"));
                } else if (outcome == "moved") {
                    CHECK_THAT(note, Catch::Contains("% of pages were on node"));
                } else {
                    CHECK(outcome == "unknown");
                    CHECK_THAT(note, Catch::Contains("where the pages went is unknown"));
                }
                if (outcome != "unknown") {
                    CHECK(x["demand_pages"]["checked"].get<int>() > 0);
                }
            }
        }
    }
    CHECK(ok > 10);
}
