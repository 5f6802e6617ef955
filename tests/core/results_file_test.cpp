#include "core/error.hpp"
#include "core/json_text.hpp"
#include "core/plan.hpp"
#include "core/results_file.hpp"
#include "platform/host_info.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

using namespace linkperf;
namespace fs = std::filesystem;

namespace {

Measurement sample_measurement() {
    Measurement m;
    m.test_case.path = {"host.copy", Metric::bandwidth, "bytes copied, counted once"};
    m.test_case.source = {EndpointKind::host_memory, 0, "local", "numa"};
    m.test_case.destination = {EndpointKind::host_memory, 1, "far", "numa"};
    m.test_case.size_bytes = 4096;
    m.test_case.threads = 2;
    m.samples = {10.0, 11.0, 12.0};
    m.stats = summarize(m.samples);
    m.seconds_per_op = 4096 / 11.0e9;
    m.bytes_per_op = 4096;
    m.data_verified = true;
    m.placement.verified = true;
    m.placement.memory_nodes = {0, 1};
    m.extra["stores"] = "temporal";
    return m;
}

nlohmann::json read_json(const fs::path& p) {
    std::ifstream in(p);
    return nlohmann::json::parse(in);
}

} // namespace

TEST_CASE("case names are unique and stable", "[case]") {
    const Measurement m = sample_measurement();
    CHECK(m.test_case.name() == "host.copy/node0/node1/4K/threads:2");
    Case gpu = m.test_case;
    gpu.source = {EndpointKind::host_memory, 0, "near", "pinned"};
    gpu.destination = {EndpointKind::gpu_memory, 3, "gpu3", "device"};
    CHECK(gpu.name() == "host.copy/node0:pinned/gpu3:device/4K/threads:2");
    CHECK(endpoint_kind_from_string("gpu_memory") == EndpointKind::gpu_memory);
    CHECK_THROWS_AS(endpoint_kind_from_string("floppy"), Error);
}

TEST_CASE("results round trip: every field written is read back", "[results]") {
    const fs::path dir = fs::temp_directory_path() / ("linkperf-rt-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path file = dir / "r.json";
    const HostInfo host = read_host_info();
    nlohmann::json ctx = benchmark_context(host, "test");
    ctx["linkperf"] = linkperf_context(host, Topology::load());
    ResultsFile results(file, ctx);
    // Written at once, incomplete, before any case.
    CHECK(read_json(file)["context"]["linkperf"]["complete"] == false);
    const Measurement m = sample_measurement();
    results.append(benchmark_entry(m, 1234.0, 0));
    {
        const auto doc = read_json(file); // each case is on disk as soon as it is appended
        REQUIRE(doc["benchmarks"].size() == 1);
    }
    results.finish();
    const auto doc = read_json(file);
    CHECK(doc["context"]["linkperf"]["schema_version"] == kSchemaVersion);
    CHECK(doc["context"]["linkperf"]["complete"] == true);
    CHECK(doc["context"]["linkperf"]["isa"] == host.isa);
    const auto& b = doc["benchmarks"][0];
    CHECK(b["name"] == m.test_case.name());
    CHECK(b["time_unit"] == "ns");
    CHECK(b["real_time"].get<double>() == Approx(m.seconds_per_op * 1e9));
    CHECK(b["cpu_time"].get<double>() == Approx(1234.0));
    CHECK(b["bytes_per_second"].get<double>() == Approx(11.0e9));
    const auto& l = b["linkperf"];
    CHECK(l["path"] == "host.copy");
    CHECK(l["unit"] == "GB/s");
    CHECK(l["higher_is_better"] == true);
    CHECK(l["source"]["role"] == "local");
    CHECK(l["destination"]["id"] == 1);
    CHECK(l["destination"]["kind"] == "host_memory");
    CHECK(l["size_bytes"] == 4096);
    CHECK(l["threads"] == 2);
    CHECK(l["stats"]["median"].get<double>() == Approx(11.0));
    CHECK(l["stats"]["count"] == 3);
    CHECK(l["samples"].size() == 3);
    CHECK(l["placement"]["memory_nodes"] == nlohmann::json::array({0, 1}));
    CHECK(l["extra"]["stores"] == "temporal");
    CHECK(l["status"] == "ok");
    // No temporary file is left beside the result (the lock file lives as long as `results`).
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        files += e.path().filename() == ".r.json.lock" ? 0 : 1;
    }
    CHECK(files == 1);
    fs::remove_all(dir);
}

TEST_CASE("results file text is the document's json_text, entries rendered once each",
          "[results]") {
    const fs::path dir = fs::temp_directory_path() / ("lp-text-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path p = dir / "r.json";
    nlohmann::json context = {
        {"linkperf", {{"host", "h\xff"}, {"empty", nlohmann::json::object()}}},
        {"list", nlohmann::json::array()}};
    ResultsFile r(p, context);
    const auto file_text = [&p] {
        std::ifstream in(p);
        return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    };
    CHECK(r.text() == json_text(r.document(), 2) + "\n");
    CHECK(file_text() == r.text());
    Measurement m = sample_measurement();
    for (int i = 0; i < 3; ++i) {
        m.extra["note"] = i == 1 ? std::string("bad \xc3 byte\nline") : std::string();
        m.extra["nested"] = {{"a", {1, 2, {{"b", nlohmann::json::array()}}}}};
        r.append(benchmark_entry(m, 1.0, i));
        CHECK(r.text() == json_text(r.document(), 2) + "\n");
    }
    r.context()["linkperf"]["complete"] = true;
    r.finish();
    CHECK(file_text() == json_text(r.document(), 2) + "\n");
    CHECK(read_json(p)["benchmarks"].size() == 3);
    fs::remove_all(dir);
}

TEST_CASE("an unwritable results path fails before measuring", "[results]") {
    try {
        ResultsFile r("/nonexistent-dir/x/results.json", nlohmann::json::object());
        FAIL("wrote into a missing directory");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::usage);
        CHECK(std::string(e.what()).find("/nonexistent-dir/x/results.json") != std::string::npos);
    }
}

TEST_CASE("plan options parse", "[plan]") {
    CHECK(suite_from_string("standard") == Suite::standard);
    CHECK_THROWS_AS(suite_from_string("huge"), Error);
    const NumaPair p = parse_numa_pair("0:1");
    CHECK(p.source == 0);
    CHECK(p.destination == 1);
    CHECK(parse_numa_pair("3").destination == 3);
    CHECK_THROWS_AS(parse_numa_pair("a:1"), Error);
    CHECK_THROWS_AS(parse_numa_pair("-1"), Error);
}

TEST_CASE("filters select cases by name", "[plan]") {
    std::vector<Case> cases(2);
    cases[0].path = {"host.copy", Metric::bandwidth, ""};
    cases[1].path = {"host.latency", Metric::latency, ""};
    CHECK(apply_filter(cases, std::string("latency")).size() == 1);
    CHECK(apply_filter(cases, std::nullopt).size() == 2);
    CHECK_THROWS_AS(apply_filter(cases, std::string("([")), Error);
}
