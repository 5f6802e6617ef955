// One memory figure for the plan and the run: on a VM whose only NUMA node's sysfs
// meminfo reports far less than the system (a real VM: 24 GiB, the node 5.6 GiB
// with 4414 MiB free, 480 MiB of L3), the system's figure holds and the 2G DRAM point fits;
// on a machine of several nodes the node's own free memory holds and the DRAM point shrinks.
#include "bench/host/host_plan.hpp"
#include "core/units.hpp"
#include "platform/memory_budget.hpp"
#include "platform/sysfs_pci.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

using namespace linkperf;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kMiB = 1ULL << 20;
constexpr std::uint64_t kGiB = 1ULL << 30;

// A sysfs root with `nodes` NUMA nodes of `total_kib`/`free_kib` each and a /proc/meminfo.
struct FakeMachine {
    fs::path root;
    FakeMachine(unsigned nodes, std::uint64_t total_kib, std::uint64_t free_kib,
                std::uint64_t system_total_kib, std::uint64_t system_available_kib) {
        root = fs::temp_directory_path() /
               ("linkperf-membudget-" + std::to_string(::getpid()) + "-" + std::to_string(nodes));
        fs::remove_all(root);
        for (unsigned n = 0; n < nodes; ++n) {
            const fs::path dir =
                root / "sys" / "devices" / "system" / "node" / ("node" + std::to_string(n));
            fs::create_directories(dir);
            std::ofstream(dir / "cpulist") << n << "\n";
            std::ofstream(dir / "meminfo")
                << "Node " << n << " MemTotal:       " << total_kib << " kB\n"
                << "Node " << n << " MemFree:        " << free_kib << " kB\n"
                << "Node " << n << " MemUsed:        " << total_kib - free_kib << " kB\n";
        }
        std::ofstream(root / "meminfo") << "MemTotal:       " << system_total_kib << " kB\n"
                                        << "MemFree:         1000 kB\n"
                                        << "MemAvailable:   " << system_available_kib << " kB\n"
                                        << "HugePages_Total:       0\n";
    }
    ~FakeMachine() { fs::remove_all(root); }
    MemoryBudget budget(int node) const {
        return memory_budget(node, read_sysfs_numa_nodes(root / "sys"),
                             read_system_memory(root / "meminfo"));
    }
};

constexpr std::uint64_t kNodeTotalKiB = 5734 * 1024; // ~5.6 GiB
constexpr std::uint64_t kNodeFreeKiB = 4414 * 1024;
constexpr std::uint64_t kSystemKiB = 24 * 1024 * 1024;
constexpr std::uint64_t kAvailableKiB = 22 * 1024 * 1024;
constexpr std::uint64_t kLlc = 480 * kMiB;

} // namespace

TEST_CASE("meminfo files are read for the node and system figures", "[memory]") {
    const FakeMachine m(1, kNodeTotalKiB, kNodeFreeKiB, kSystemKiB, kAvailableKiB);
    const auto nodes = read_sysfs_numa_nodes(m.root / "sys");
    REQUIRE(nodes.size() == 1);
    CHECK(nodes[0].memory_bytes == kNodeTotalKiB * 1024);
    CHECK(nodes[0].free_bytes == kNodeFreeKiB * 1024);
    const SystemMemory s = read_system_memory(m.root / "meminfo");
    CHECK(s.total_bytes == kSystemKiB * 1024);
    CHECK(s.available_bytes == kAvailableKiB * 1024);
    CHECK(read_system_memory(m.root / "no-such-file").available_bytes == 0);
}

TEST_CASE("a VM whose only node's low figure gives way to the system's, once said", "[memory]") {
    const FakeMachine vm(1, kNodeTotalKiB, kNodeFreeKiB, kSystemKiB, kAvailableKiB);
    const MemoryBudget b = vm.budget(0);
    CHECK(b.bytes == kAvailableKiB * 1024);
    CHECK(b.source.find("MemAvailable") != std::string::npos);
    // Which figure and why, for the run's notes.
    CHECK(b.disagreement.find("only node") != std::string::npos);
    CHECK(b.disagreement.find("4414 MiB free") != std::string::npos);
    CHECK(b.disagreement.find("24576 MiB") != std::string::npos);
    // The plan's DRAM point (3x 480 MiB -> 2G) fits, and so does the run's check of the copy
    // that failed on that VM (two 2G buffers).
    const bench::DramPoint p = bench::dram_point(kLlc, 256 * kMiB, b);
    CHECK(p.size == 2 * kGiB);
    CHECK(p.reason.empty());
    CHECK(4 * kGiB <= b.usable());
}

TEST_CASE("on several nodes the node's own free memory holds and the DRAM point shrinks",
          "[memory]") {
    const FakeMachine two(2, kNodeTotalKiB, kNodeFreeKiB, kSystemKiB, kAvailableKiB);
    const MemoryBudget b = two.budget(1);
    CHECK(b.bytes == kNodeFreeKiB * 1024);
    CHECK(b.source.find("NUMA node 1") != std::string::npos);
    CHECK(b.disagreement.find("one node of several") != std::string::npos);
    const bench::DramPoint p = bench::dram_point(kLlc, 256 * kMiB, b);
    // The largest power of two whose two copy buffers take at most half of 4414 MiB.
    CHECK(p.size == 1 * kGiB);
    CHECK(p.reason.find("3x the last-level cache") != std::string::npos);
    CHECK(p.reason.find("the DRAM point is 1G") != std::string::npos);
    // What the plan chose passes the run's check by the same figure.
    CHECK(2 * p.size <= b.usable());
    CHECK_FALSE(2 * (2 * kGiB) <= b.usable());
}

TEST_CASE("figures that agree give no note; no node figure means the system's", "[memory]") {
    const FakeMachine agree(2, 12 * 1024 * 1024, kNodeFreeKiB, kSystemKiB, kAvailableKiB);
    const MemoryBudget b = agree.budget(0);
    CHECK(b.disagreement.empty());
    CHECK(b.bytes == kNodeFreeKiB * 1024);
    CHECK(agree.budget(-1).bytes == kAvailableKiB * 1024); // no placement
    CHECK(agree.budget(7).bytes == kAvailableKiB * 1024);  // a node sysfs does not list
    CHECK(agree.budget(7).disagreement.empty());
}

TEST_CASE("no DRAM point fits: none is added and the reason says so", "[memory]") {
    MemoryBudget tiny;
    tiny.bytes = 512 * kMiB;
    tiny.source = "test figure";
    const bench::DramPoint p = bench::dram_point(kLlc, 256 * kMiB, tiny);
    CHECK(p.size == 0);
    CHECK(p.reason.find("no DRAM point above 256M fits") != std::string::npos);
    // Listed sizes already past 3x LLC, or no LLC known: nothing to add, nothing to say.
    CHECK(bench::dram_point(16 * kMiB, 256 * kMiB, tiny).size == 0);
    CHECK(bench::dram_point(16 * kMiB, 256 * kMiB, tiny).reason.empty());
    CHECK(bench::dram_point(0, 256 * kMiB, tiny).reason.empty());
}
