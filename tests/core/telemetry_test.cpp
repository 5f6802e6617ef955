// Telemetry: the per-case summary and throttle rule on recorded samples, and the sampler on a
// fake sysfs tree and on this host (which may have neither cpufreq nor NVML).
#include "core/results_file.hpp"
#include "core/telemetry.hpp"
#include "platform/telemetry_sampler.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

using namespace linkperf;

namespace {

// Recorded from an H100 SXM under a copy-engine H2D case: boost clocks, then a power cap.
GpuSample h100(double sm, double power, std::uint64_t reasons, std::uint64_t tx) {
    GpuSample s;
    s.device = 0;
    s.sm_mhz = sm;
    s.memory_mhz = 2619;
    s.temperature_c = 41;
    s.power_w = power;
    s.pcie_tx_mbps = 120;
    s.pcie_rx_mbps = 52000;
    s.nvlink_tx_kib = tx;
    s.nvlink_rx_kib = tx * 2;
    s.event_reasons = reasons;
    return s;
}

} // namespace

TEST_CASE("slowdown reasons", "[fleet][telemetry]") {
    CHECK(gpu_slowdown_reasons(0).empty());
    CHECK(
        gpu_slowdown_reasons(0x1 | 0x2 | 0x10 | 0x100).empty()); // idle, app clocks, sync, display
    CHECK(gpu_slowdown_reasons(0x4) == std::vector<std::string>{"sw_power_cap"});
    CHECK(gpu_slowdown_reasons(0x8 | 0x40 | 0x80) ==
          std::vector<std::string>{"hw_slowdown", "hw_thermal", "hw_power_brake"});
    CHECK(gpu_slowdown_reasons(0x20) == std::vector<std::string>{"sw_thermal"});
}

TEST_CASE("a steady case is not throttled", "[fleet][telemetry]") {
    TelemetryRecord r;
    r.cpu_mhz[0] = {3700, 3690, 3710};
    r.cpu_mhz[1] = {1200, 1200}; // an idle CPU the case did not run on
    r.gpu = {h100(1980, 300, 0x0, 1000), h100(1980, 310, 0x0, 1500), h100(1980, 305, 0x1, 4000)};
    r.gpu_unavailable = "";
    r.ticks = 3;
    const auto s = summarize_telemetry(r, {0});
    REQUIRE(s.cpu_mhz);
    CHECK(s.cpu_mhz->min == 3690);
    CHECK(s.cpu_mhz->max == 3710);
    CHECK(s.cpu_mhz->mean == Approx(3700));
    CHECK_FALSE(s.cpu_throttled);
    REQUIRE(s.gpus.size() == 1);
    CHECK(s.gpus[0].power_w.mean == Approx(305));
    CHECK(s.gpus[0].pcie_rx_mbps.max == 52000);
    CHECK(s.gpus[0].nvlink_tx_kib == 3000u);
    CHECK(s.gpus[0].nvlink_rx_kib == 6000u);
    CHECK_FALSE(s.gpus[0].throttled);
    CHECK_FALSE(s.throttled);
    // Every CPU counts when the case's CPUs are unknown: the idle one pulls the range down.
    const auto all = summarize_telemetry(r, {});
    CHECK(all.cpu_mhz->min == 1200);
    CHECK_FALSE(all.cpu_throttled); // each CPU on its own was steady
}

TEST_CASE("a power-capped GPU and a CPU that slowed are throttled", "[fleet][telemetry]") {
    TelemetryRecord r;
    r.cpu_mhz[2] = {3700, 2500, 2400};
    r.cpu_reference_mhz[2] = 3700; // cpuinfo_max_freq: the busy mean is 66% of it
    r.gpu = {h100(1980, 690, 0x0, 10), h100(1755, 700, 0x4, 20)};
    const auto s = summarize_telemetry(r, {2});
    CHECK(s.cpu_throttled);
    REQUIRE(s.gpus.size() == 1);
    CHECK(s.gpus[0].throttled);
    CHECK(s.gpus[0].throttle_reasons == std::vector<std::string>{"sw_power_cap"});
    CHECK(s.gpus[0].sm_mhz.min == 1755);
    CHECK(s.throttled);
    const auto j = to_json(s);
    CHECK(j["throttled"] == true);
    CHECK(j["gpu"][0]["throttle_reasons"][0] == "sw_power_cap");
    CHECK(j["cpu_mhz"]["max"] == 3700);
    // A CPU ramping up from idle as the case starts is not throttled.
    TelemetryRecord ramp;
    ramp.cpu_mhz[0] = {1200, 3700, 3690, 3710};
    ramp.cpu_reference_mhz[0] = 3700;
    const auto r2 = summarize_telemetry(ramp, {});
    CHECK_FALSE(r2.cpu_throttled);
    CHECK(r2.cpu_mhz->min == 1200); // still reported
    // 70% of the reference is the limit, not under it (two readings: both count).
    TelemetryRecord edge;
    edge.cpu_mhz[0] = {700, 700};
    edge.cpu_reference_mhz[0] = 1000;
    CHECK_FALSE(summarize_telemetry(edge, {}).cpu_throttled);
    edge.cpu_mhz[0] = {690, 690};
    CHECK(summarize_telemetry(edge, {}).cpu_throttled);
}

TEST_CASE("turbo and HWP moving the clock are not CPU throttling", "[fleet][telemetry]") {
    // intel_pstate: base 2.0 GHz, turbo up to 3.8 GHz; under load the clock moves between
    // single- and all-core turbo by far more than 10%.
    TelemetryRecord r;
    r.cpu_mhz[0] = {3800, 3700, 2600, 3300, 2500};
    r.cpu_reference_mhz[0] = 2000;
    CHECK_FALSE(summarize_telemetry(r, {0}).cpu_throttled);
    // Held at its lowest P-state: a mean below 70% of the base clock.
    r.cpu_mhz[0] = {3800, 1200, 1300, 1250};
    CHECK(summarize_telemetry(r, {0}).cpu_throttled);
    // Without a reference (no cpuinfo_max_freq) the clock alone is not judged.
    r.cpu_reference_mhz.clear();
    CHECK_FALSE(summarize_telemetry(r, {0}).cpu_throttled);
}

TEST_CASE("thermal_throttle counters decide when present", "[fleet][telemetry]") {
    TelemetryRecord r;
    r.cpu_mhz[0] = {3800, 1200, 1200}; // would be throttled by the clock
    r.cpu_reference_mhz[0] = 2000;
    r.cpu_throttle_count[0] = {12, 12}; // but the kernel saw no throttle event
    CHECK_FALSE(summarize_telemetry(r, {0}).cpu_throttled);
    r.cpu_mhz[0] = {3800, 3800, 3800};  // a steady clock
    r.cpu_throttle_count[0] = {12, 13}; // and a throttle event during the case
    const auto s = summarize_telemetry(r, {0});
    CHECK(s.cpu_throttled);
    CHECK(s.throttled);
    // Only the measuring CPUs' counters count.
    r.cpu_mhz[1] = {3800, 3800};
    r.cpu_reference_mhz[1] = 2000;
    r.cpu_throttle_count[1] = {0, 0};
    CHECK_FALSE(summarize_telemetry(r, {1}).cpu_throttled);
}

TEST_CASE("only the case's GPUs make it throttled", "[fleet][telemetry]") {
    TelemetryRecord r;
    auto other = h100(1755, 700, 0x4, 20); // power-capped, but not used by the case
    other.device = 1;
    r.gpu = {h100(1980, 300, 0x0, 10), other};
    r.gpu_bus_ids = {"0000:1b:00.0", "0000:1c:00.0"};
    const auto mine = summarize_telemetry(r, {}, std::vector<std::string>{"0000:1b:00.0"});
    REQUIRE(mine.gpus.size() == 2); // every GPU is still listed
    CHECK(mine.gpus[1].throttled);
    CHECK_FALSE(mine.throttled);
    // A host case uses no GPU.
    CHECK_FALSE(summarize_telemetry(r, {}, std::vector<std::string>{}).throttled);
    // The other GPU in the case, however the bus id is spelled.
    CHECK(summarize_telemetry(r, {}, std::vector<std::string>{"00000000:1C:00.0"}).throttled);
    // The case's GPUs unknown: every GPU counts, as before.
    CHECK(summarize_telemetry(r, {}).throttled);
    // The sampler could not name the devices: every GPU counts.
    r.gpu_bus_ids.clear();
    CHECK(summarize_telemetry(r, {}, std::vector<std::string>{"0000:1b:00.0"}).throttled);
}

TEST_CASE("missing telemetry is recorded as unavailable", "[fleet][telemetry]") {
    TelemetryRecord r;
    r.cpu_unavailable = "no cpufreq/scaling_cur_freq under /sys/devices/system/cpu";
    r.gpu_unavailable = "libnvidia-ml.so.1 not found (no NVIDIA driver)";
    const auto s = summarize_telemetry(r, {});
    CHECK_FALSE(s.cpu_mhz);
    CHECK_FALSE(s.throttled);
    const auto j = to_json(s);
    CHECK(j["cpu_mhz"] == "unavailable: no cpufreq/scaling_cur_freq under /sys/devices/system/cpu");
    CHECK(j["gpu"] == "unavailable: libnvidia-ml.so.1 not found (no NVIDIA driver)");
    // Samples exist, but none of the measuring CPUs.
    r.cpu_unavailable.clear();
    r.cpu_mhz[5] = {2000};
    CHECK(to_json(summarize_telemetry(r, {0}))["cpu_mhz"] ==
          "unavailable: no reading for the measuring CPUs");
}

TEST_CASE("the sampler judges CPU throttling from the counters and clocks it reads",
          "[fleet][telemetry]") {
    const auto src = std::filesystem::path(LINKPERF_TEST_DATA) / "sysfs" / "cpu-throttle";
    // A copy whose counters the test moves while the sampler runs.
    const auto root = std::filesystem::temp_directory_path() /
                      ("linkperf-cpu-throttle-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    std::filesystem::copy(src, root, std::filesystem::copy_options::recursive);
    const auto counter = root / "devices/system/cpu/cpu0/thermal_throttle/package_throttle_count";
    TelemetrySampler sampler(root, std::chrono::milliseconds(5), false);

    sampler.start();
    auto r = sampler.stop();
    CHECK(r.cpu_reference_mhz.at(0) == 2000);
    CHECK(r.cpu_throttle_count.at(0) == std::vector<std::uint64_t>{12, 12});
    // cpu0: counters unchanged; cpu1: 1.5 of 3.7 GHz; cpu2: nothing to judge against.
    CHECK_FALSE(summarize_telemetry(r, {0}).cpu_throttled);
    CHECK(summarize_telemetry(r, {1}).cpu_throttled);
    CHECK_FALSE(summarize_telemetry(r, {2}).cpu_throttled);

    sampler.start();
    std::ofstream(counter) << "9\n"; // the package was throttled twice during the case
    r = sampler.stop();
    CHECK(r.cpu_throttle_count.at(0) == std::vector<std::uint64_t>{12, 14});
    CHECK(summarize_telemetry(r, {0}).cpu_throttled);
    std::filesystem::remove_all(root);
}

TEST_CASE("the sampler records a case on this host", "[fleet][telemetry]") {
    TelemetrySampler sampler(std::string(LINKPERF_TEST_DATA) + "/sysfs/cpufreq",
                             std::chrono::milliseconds(5), false);
    sampler.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(40));
    const auto r = sampler.stop();
    CHECK(r.ticks >= 3); // start, at least one tick, stop
    CHECK(r.cpu_mhz.at(0).size() == r.ticks);
    CHECK(r.gpu.empty());
    CHECK(r.gpu_unavailable == "NVML not used");
    CHECK(r.seconds > 0.03);
    // Started again, the record starts empty.
    sampler.start();
    CHECK(sampler.stop().ticks == 2);
}

TEST_CASE("NVML's absence is a reason, not an error", "[fleet][telemetry]") {
    std::string reason;
    const auto nvml = Nvml::open(reason, "libnvidia-ml-does-not-exist.so.1");
    CHECK_FALSE(nvml);
    CHECK(reason.find("not found") != std::string::npos);
}

TEST_CASE("telemetry goes into the results entry", "[fleet][telemetry]") {
    Measurement m;
    m.test_case.path = {"host.copy", Metric::bandwidth, "bytes copied, counted once"};
    CHECK_FALSE(to_json(m).contains("telemetry"));
    TelemetryRecord r;
    r.cpu_mhz[0] = {2000};
    r.gpu_unavailable = "NVML not used";
    m.telemetry = summarize_telemetry(r, {});
    const auto j = to_json(m);
    CHECK(j["telemetry"]["cpu_mhz"]["mean"] == 2000);
    CHECK(j["telemetry"]["throttled"] == false);
}
