// The kernel's contention counters read from a procfs-shaped directory
// (platform/cpu_contention.hpp): /proc/stat's steal and procs_running, PSI's "some" total.
#include "platform/cpu_contention.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace linkperf;

TEST_CASE("cpu counters: /proc/stat and /proc/pressure/cpu", "[platform][contention]") {
    const auto dir =
        std::filesystem::temp_directory_path() / ("lp-proc-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "pressure");
    std::ofstream(dir / "stat") << "cpu  100 2 30 400 5 6 7 8 9 10\n"
                                   "cpu0 50 1 15 200 2 3 3 4 0 0\n"
                                   "intr 12345\nprocs_running 3\nprocs_blocked 0\n";
    std::ofstream(dir / "pressure" / "cpu")
        << "some avg10=1.00 avg60=0.50 avg300=0.10 total=123456\n"
           "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
    const CpuCounters k = read_cpu_counters(dir);
    CHECK(k.total_ticks == 100 + 2 + 30 + 400 + 5 + 6 + 7 + 8); // guest time is in user
    CHECK(k.steal_ticks == 8);
    CHECK(k.procs_running == 3);
    REQUIRE(k.pressure_some_us.has_value());
    CHECK(*k.pressure_some_us == 123456);
    std::filesystem::remove(dir / "pressure" / "cpu");
    CHECK_FALSE(read_cpu_counters(dir).pressure_some_us.has_value()); // no PSI: unknown
    std::filesystem::remove_all(dir);
    const CpuCounters none = read_cpu_counters(dir);
    CHECK(none.total_ticks == 0);
    CHECK(none.procs_running == 0);
}

TEST_CASE("cpu counters: this machine's /proc", "[platform][contention]") {
    const CpuCounters k = read_cpu_counters();
    CHECK(k.total_ticks > 0);
    CHECK(k.procs_running >= 1); // this test is running
}
