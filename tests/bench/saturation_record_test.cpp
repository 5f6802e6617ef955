// The results file's `saturation` records and the lines a run prints, from measurements.
#include "bench/host/host_plan.hpp"
#include "bench/saturation_record.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace linkperf;
using namespace linkperf::bench;

namespace {

Measurement point(const std::string& path, unsigned threads, double median, bool sweep = true,
                  std::uint64_t size = 256ULL << 20) {
    Measurement m;
    m.test_case.path = path == "host.read" ? host_read_path() : host_copy_path();
    m.test_case.source = {EndpointKind::host_memory, 0, "local", "numa"};
    m.test_case.destination = {EndpointKind::host_cpu, 0, "cpu", ""};
    m.test_case.size_bytes = size;
    m.test_case.threads = threads;
    m.stats.median = median;
    if (sweep) {
        m.extra["sweep"] = "threads";
    }
    return m;
}

} // namespace

TEST_CASE("one saturation record per swept link", "[saturation]") {
    std::vector<Measurement> ms{
        point("host.read", 1, 10), point("host.read", 2, 19.5), point("host.read", 3, 20),
        point("host.copy", 1, 8), point("host.copy", 2, 16),
        // not part of a sweep, a lone level, a failed case: left out
        point("host.read", 4, 99, false), point("host.copy", 1, 5, true, 4096)};
    Measurement failed = point("host.read", 4, 50);
    failed.status = CaseStatus::failed;
    ms.push_back(failed);
    const auto records = saturation_records(ms, {0.95});
    REQUIRE(records.size() == 2);
    const auto& copy = records[0];
    const auto& read = records[1];
    CHECK(copy["path"] == "host.copy");
    CHECK(copy["plateau_reached"] == false);
    CHECK(copy["finding"].get<std::string>().find("no plateau reached") != std::string::npos);
    CHECK(read["path"] == "host.read");
    CHECK(read["plateau"].get<double>() == 20);
    CHECK(read["knee"].get<double>() == 2);
    CHECK(read["knee_fraction"].get<double>() == 0.95);
    CHECK(read["plateau_reached"] == true);
    CHECK(read["sweep"] == "threads");
    CHECK(read["source"]["role"] == "local");
    REQUIRE(read["points"].size() == 3);
    CHECK(read["points"][2]["case"] == "host.read/node0/node0/256M/threads:3");
    REQUIRE(read["step_efficiency"].size() == 2);
    CHECK(read["step_efficiency"][0]["efficiency"].get<double>() == Approx(0.95));
    // A stricter knee moves it.
    CHECK(saturation_records(ms, {0.99})[1]["knee"].get<double>() == 3);

    const auto lines = study_lines(records, ms);
    REQUIRE(lines.size() == 2);
    CHECK(lines[1].find("saturation: host.read local(numa)->cpu 256M over threads: plateau "
                        "20.00 GB/s, knee at 2") == 0);
}

TEST_CASE("contention lines carry the ratio", "[contention]") {
    Measurement m = point("host.read", 1, 6);
    m.extra = {{"victim", "host.read"},
               {"aggressor", "host.copy"},
               {"alone", {{"median", 8.0}}},
               {"interference_ratio", 0.75},
               {"aggressor_run", {{"gbps_during_victim", 3.5}}}};
    const auto lines = study_lines(nlohmann::json::array(), {m});
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] == "contention: host.read (victim) vs host.copy (aggressor, 3.50 GB/s during "
                      "the victim): alone 8.00, under load 6.00 GB/s, ratio 0.750");
}
