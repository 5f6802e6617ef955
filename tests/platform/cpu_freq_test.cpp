// The CPU clock reader on fake sysfs trees (tests/data/sysfs): current frequency, the reference
// clock and the thermal-throttle counters.
#include "platform/cpu_freq.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

using namespace linkperf;

TEST_CASE("the cpufreq reader on a fake sysfs tree", "[fleet][telemetry]") {
    const CpuFreqReader reader(std::string(LINKPERF_TEST_DATA) + "/sysfs/cpufreq");
    REQUIRE(reader.available());
    std::map<unsigned, std::vector<double>> out;
    reader.sample(out);
    reader.sample(out);
    REQUIRE(out.size() == 3); // cpu3 has no cpufreq; policy0 and cpuidle are not CPUs
    CHECK(out[0] == std::vector<double>{3700, 3700});
    CHECK(out[1].front() == 2400);
    CHECK(out[2].front() == 1200);
    const CpuFreqReader none(std::string(LINKPERF_TEST_DATA) + "/sysfs/hgx");
    CHECK_FALSE(none.available());
    CHECK(none.unavailable_reason().find("scaling_cur_freq") != std::string::npos);
}

TEST_CASE("the CPU reference clock and throttle counters on a fake sysfs tree",
          "[fleet][telemetry]") {
    const auto src = std::filesystem::path(LINKPERF_TEST_DATA) / "sysfs" / "cpu-throttle";
    const CpuFreqReader reader(src);
    REQUIRE(reader.available());
    // base_frequency before cpuinfo_max_freq; cpu2 reports neither.
    CHECK(reader.reference_mhz() == std::map<unsigned, double>{{0, 2000}, {1, 3700}});
    std::map<unsigned, std::vector<std::uint64_t>> counts;
    reader.sample_throttle_counts(counts);
    CHECK(counts == std::map<unsigned, std::vector<std::uint64_t>>{{0, {12}}});
}
