// Cache sizes from a sysfs tree: per-PU levels, and the last-level instances serving a set of
// PUs counted once each.
#include "bench/host/host_caches.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace linkperf::bench;
namespace fs = std::filesystem;

namespace {

void put(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text << "\n";
}

void cache(const fs::path& root, unsigned cpu, unsigned index, unsigned level,
           const std::string& type, const std::string& size, const std::string& shared) {
    const fs::path dir =
        root / ("cpu" + std::to_string(cpu)) / "cache" / ("index" + std::to_string(index));
    put(dir / "level", std::to_string(level));
    put(dir / "type", type);
    put(dir / "size", size);
    put(dir / "shared_cpu_list", shared);
}

// Two L3 instances of 32 MiB (CPUs 0-1 and 2-3), private L1d/L1i/L2.
struct FakeSysfs {
    fs::path root;
    FakeSysfs() {
        root = fs::temp_directory_path() / ("linkperf-caches-" + std::to_string(::getpid()));
        fs::remove_all(root);
        for (unsigned cpu = 0; cpu < 4; ++cpu) {
            const std::string self = std::to_string(cpu);
            cache(root, cpu, 0, 1, "Data", "48K", self);
            cache(root, cpu, 1, 1, "Instruction", "32K", self);
            cache(root, cpu, 2, 2, "Unified", "1024K", self);
            cache(root, cpu, 3, 3, "Unified", "32768K", cpu < 2 ? "0-1" : "2-3");
        }
    }
    ~FakeSysfs() { fs::remove_all(root); }
};

} // namespace

TEST_CASE("a PU's data caches are read from sysfs, lowest level first", "[host][caches]") {
    const FakeSysfs sys;
    const auto levels = pu_caches(2, sys.root);
    REQUIRE(levels.size() == 3); // the instruction cache is left out
    CHECK(levels[0].level == 1);
    CHECK(levels[0].bytes == 48 * 1024);
    CHECK(levels[1].bytes == 1024 * 1024);
    CHECK(levels[2].level == 3);
    CHECK(levels[2].bytes == 32u << 20);
    CHECK(levels[2].shared_cpus == "2-3");
    CHECK(pu_caches(9, sys.root).empty());
}

TEST_CASE("the last level serving several PUs counts each instance once", "[host][caches]") {
    const FakeSysfs sys;
    const CacheSizes one = caches_for({0}, sys.root);
    CHECK(one.source == "sysfs");
    CHECK(one.l1d == 48 * 1024);
    CHECK(one.l2 == 1024 * 1024);
    CHECK(one.llc == 32u << 20);
    CHECK(one.llc_level == 3);
    CHECK(one.llc_all == 32u << 20);
    CHECK(caches_for({0, 1}, sys.root).llc_all == 32u << 20);       // one shared L3
    CHECK(caches_for({0, 1, 2, 3}, sys.root).llc_all == 64u << 20); // two L3s
    CHECK(caches_for({1, 3}, sys.root).llc_all == 64u << 20);
}

TEST_CASE("without sysfs the cache sizes still come out positive", "[host][caches]") {
    const CacheSizes none = caches_for({0}, fs::temp_directory_path() / "linkperf-no-such-sysfs");
    CHECK((none.source == "sysconf" || none.source == "assumed"));
    CHECK(none.llc > 0);
    CHECK(none.llc_all == none.llc);
    // And on this host the live tree (or its fallback) gives a last level at least as big as L1.
    const CacheSizes live = caches_for({0});
    CHECK(live.llc > 0);
    CHECK(live.llc >= live.l1d);
}
