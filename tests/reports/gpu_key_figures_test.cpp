// The key GPU figures (reports/gpu_key_figures.hpp) from synthetic results documents: every
// line names its nvbandwidth testcase and whether the convention is the same; targets are MET
// or MISS from the figures; a figure not measured is a miss; nvbandwidth's per-GPU figure of
// host_to_all comes from extra.per_gpu. No figure here is a measurement: they are test inputs.
#include "reports/gpu_key_figures.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

using namespace linkperf::reports;
using nlohmann::json;

namespace {

json endpoint(const char* kind, int id, const char* role, const char* memory) {
    return {{"kind", kind}, {"id", id}, {"role", role}, {"memory", memory}};
}

json bench(const char* path, json src, json dst, std::uint64_t size, double median, json extra,
           const char* unit = "GB/s") {
    return {{"name", std::string(path) + "/case"},
            {"linkperf",
             {{"path", path},
              {"status", "ok"},
              {"unit", unit},
              {"size_bytes", size},
              {"source", std::move(src)},
              {"destination", std::move(dst)},
              {"stats", {{"median", median}, {"p5", 0.9 * median}, {"p95", 1.1 * median}}},
              {"extra", std::move(extra)}}}};
}

const std::uint64_t M256 = 256ULL << 20;

json doc_with(json benchmarks) {
    return {{"context",
             {{"linkperf",
               {{"cuda",
                 {{"driver_version", 13000},
                  {"driver_release", "580.65.06"},
                  {"devices",
                   {{{"index", 0},
                     {"name", "test GPU"},
                     {"pci_bus_id", "0000:19:00.0"},
                     {"uuid", "GPU-00000000-0000-0000-0000-000000000001"}}}}}}}}}},
            {"benchmarks", std::move(benchmarks)}};
}

std::size_t lines_with(const std::string& text, const std::string& what) {
    std::istringstream in(text);
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);) {
        n += line.find(what) != std::string::npos ? 1 : 0;
    }
    return n;
}

} // namespace

TEST_CASE("key figures: each line names its nvbandwidth testcase and convention",
          "[reports][gpu_figures]") {
    const KeyFigureReport r = gpu_key_figures({doc_with(json::array())});
    INFO(r.text);
    // Nothing measured: every key figure says so, with its testcase, and every target misses.
    CHECK(lines_with(r.text, "not measured  [nvbandwidth: ") == 21);
    CHECK(r.met == 0);
    CHECK(r.missed == 6);
    CHECK_THAT(r.text, Catch::Contains("[nvbandwidth: host_to_device_memcpy_ce (same convention"));
    CHECK_THAT(r.text, Catch::Contains("[nvbandwidth: host_to_device_bidirectional_memcpy_sm "
                                       "(convention differs"));
    CHECK_THAT(r.text, Catch::Contains("[nvbandwidth: host_device_latency_sm (convention differs"));
    for (const char* t :
         {"device_to_host_memcpy_ce", "host_to_device_memcpy_sm", "device_local_copy",
          "device_to_device_memcpy_write_ce", "device_to_device_memcpy_write_sm",
          "host_to_all_memcpy_ce", "all_to_host_memcpy_ce", "device_to_device_latency_sm"}) {
        CHECK_THAT(r.text, Catch::Contains(std::string("[nvbandwidth: ") + t + " ("));
    }
    CHECK(nvbandwidth_match("lat.gpu_host_stride").same);
    CHECK_FALSE(nvbandwidth_match("lat.gpu_host").same);
    CHECK_FALSE(nvbandwidth_match("sm.bidir_loaded").same);
    CHECK(nvbandwidth_match("ce.host_to_all").same);
    CHECK(nvbandwidth_match("um.prefetch").testcase.empty());
    CHECK_THAT(r.text, Catch::Contains("gpu0: test GPU 0000:19:00.0 GPU-"));
    CHECK_THAT(r.text, Catch::Contains("driver 580.65.06 (CUDA 13000)"));

    // No GPU at all: nothing to report is a miss, not a pass.
    const KeyFigureReport none = gpu_key_figures({json{{"benchmarks", json::array()}}});
    CHECK(none.missed == 1);
}

TEST_CASE("key figures: targets from the figures, per-GPU host_to_all", "[reports][gpu_figures]") {
    const json host_near = endpoint("host_memory", 0, "near", "pinned");
    const json gpu0 = endpoint("gpu_memory", 0, "gpu0", "device");
    json b = json::array();
    b.push_back(bench("ce.h2d", host_near, gpu0, M256, 55.0,
                      {{"efficiency", 0.873}, {"link_theoretical_gbps", 63.0}}));
    b.push_back(bench("ce.d2h", gpu0, host_near, M256, 50.0,
                      {{"efficiency", 0.80}, {"link_theoretical_gbps", 63.0}}));
    b.push_back(bench("sm.h2d", endpoint("host_memory", 0, "near", "mapped"), gpu0, M256, 52.0,
                      json::object()));
    b.push_back(bench("ce.d2d", gpu0, gpu0, M256, 2000.0,
                      {{"link_theoretical_gbps", 4800.0}, {"device_memory_traffic_gbps", 4000.0}}));
    b.push_back(bench("lat.gpu_host", endpoint("gpu_sm", 0, "gpu0", ""),
                      endpoint("host_memory", 0, "near", "mapped"), M256, 900.0, json::object(),
                      "ns"));
    b.push_back(
        bench("ce.host_to_all", host_near, endpoint("gpu_memory", 0, "all", "device"), M256, 100.0,
              {{"per_gpu",
                {{{"gpu", 0}, {"median_gbps", 51.5}, {"p5_gbps", 50.0}, {"p95_gbps", 52.0}},
                 {{"gpu", 1}, {"median_gbps", 49.0}, {"p5_gbps", 48.0}, {"p95_gbps", 50.0}}}}}));
    // A later document's case does not replace the first one's.
    json later = json::array();
    later.push_back(bench("ce.h2d", host_near, gpu0, M256, 1.0,
                          {{"efficiency", 0.01}, {"link_theoretical_gbps", 63.0}}));
    const KeyFigureReport r = gpu_key_figures({doc_with(b), doc_with(later)});
    INFO(r.text);
    CHECK_THAT(r.text, Catch::Contains("MET  gpu0 ce.h2d pinned >= 85% of the host link's rate: "
                                       "87.3%"));
    CHECK_THAT(r.text, Catch::Contains("MISS gpu0 ce.d2h pinned >= 85% of the host link's rate: "
                                       "80.0%"));
    CHECK_THAT(r.text,
               Catch::Contains("MET  gpu0 sm.h2d mapped within 10% of ce.h2d: ratio 0.945"));
    CHECK_THAT(r.text, Catch::Contains("MET  gpu0 ce.d2d consistent"));
    CHECK_THAT(r.text, Catch::Contains("MET  gpu0 lat.gpu_host in microseconds"));
    CHECK_THAT(r.text, Catch::Contains("MISS gpu0 lat.pingpong in microseconds, p95 <= 2x median: "
                                       "not measured"));
    CHECK(r.met == 4);
    CHECK(r.missed == 2);
    // nvbandwidth's per-GPU figure, with the aggregate beside it.
    CHECK_THAT(r.text, Catch::Contains("ce.host_to_all, this GPU") && Catch::Contains("51.50") &&
                           Catch::Contains("(aggregate of all GPUs 100.00)"));
    CHECK_THAT(r.text, Catch::Contains("cases: 7 ok, 0 failed, 0 skipped"));
}
