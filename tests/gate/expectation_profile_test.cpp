// Expectation profiles: the file format (schema version, unknown keys refused, levels in
// order, provenance required), the match rule and the check's levels and exit codes.
#include "core/error.hpp"
#include "gate/expectation_check.hpp"
#include "gate/expectation_profile.hpp"
#include "results_model/report_error.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using namespace linkperf;
using namespace linkperf::reports;

namespace {

const char* kProfile = R"({
  "linkperf_profile": 1, "name": "test",
  "expectations": [
    {"name": "h2d x16", "metric": "bandwidth", "unit": "GB/s", "warning": 47, "failing": 35,
     "match": {"path": "ce.h2d", "memory": "pinned", "min_size": "32M", "link_kind": "pcie",
               "pcie_width": 16, "gpu_model": "*H100*"},
     "provenance": {"kind": "theoretical", "detail": "PCIe gen5 x16 x 0.75"}},
    {"name": "latency", "metric": "latency", "unit": "ns", "warning": 120, "failing": 200,
     "match": {"path": "host.latency", "max_size": "1G"},
     "provenance": {"kind": "public", "detail": "a vendor figure",
                    "source": "https://example.org/spec"}}
  ]})";

CaseResult gpu_case(double median, int width, int max_width, std::uint64_t size = 64 << 20) {
    CaseResult c;
    c.key.path = "ce.h2d";
    c.key.source_role = "local";
    c.key.source_memory = "pinned";
    c.key.destination_role = "gpu0";
    c.key.destination_memory = "device";
    c.key.size_bytes = size;
    c.key.threads = 1;
    c.metric = "bandwidth";
    c.unit = "GB/s";
    c.destination = {"gpu_memory", 0, "gpu0", "device"};
    c.stats.median = median;
    c.link = LinkFacts{"pcie", 5, width, 5, max_width};
    return c;
}

Run gpu_run(std::vector<CaseResult> cases) {
    Run r;
    r.info.label = "node.json";
    r.info.hostname = "node";
    r.info.gpu_names = {"NVIDIA H100 PCIe"};
    r.cases = std::move(cases);
    return r;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

} // namespace

TEST_CASE("profile: parses, and round-trips through profile_json", "[reports][health]") {
    const Profile p = parse_profile(kProfile, "p.json");
    REQUIRE(p.expectations.size() == 2);
    CHECK(p.expectations[0].match.min_size == (32u << 20));
    CHECK(p.expectations[0].match.pcie_width == 16);
    CHECK(p.expectations[1].provenance.kind == ProvenanceKind::public_figure);
    CHECK_FALSE(p.expectations[1].higher_is_better());
    const Profile again = parse_profile(profile_json(p), "again.json");
    CHECK(profile_json(again) == profile_json(p));
}

TEST_CASE("profile: what is not a valid profile is refused with its reason", "[reports][health]") {
    const std::string good = kProfile;
    auto refused = [](const std::string& text, const std::string& needle) {
        try {
            parse_profile(text, "p.json");
            FAIL("accepted: " << text.substr(0, 80));
        } catch (const ReportError& e) {
            CHECK(e.code() == ExitCode::usage);
            CHECK_THAT(e.what(), Catch::Contains(needle));
        }
    };
    refused(replace(good, "\"pcie_width\"", "\"pcie_widht\""), "unknown key 'pcie_widht'");
    refused(replace(good, "\"name\": \"test\"", "\"name\": \"test\", \"extra\": 1"),
            "unknown key 'extra'");
    refused(replace(good, "\"linkperf_profile\": 1", "\"linkperf_profile\": 2"),
            "schema version 2");
    refused(replace(good, "\"linkperf_profile\": 1,", ""), "not a linkperf profile");
    refused(replace(good, "\"failing\": 35", "\"failing\": 50"), "above the warning level");
    refused(replace(good, "\"failing\": 200", "\"failing\": 100"), "below the warning level");
    refused(replace(good, "\"source\": \"https://example.org/spec\"", "\"detail2\": \"x\""),
            "unknown key");
    refused(replace(good, ",\n                    \"source\": \"https://example.org/spec\"", ""),
            "'source' is required");
    refused(replace(good, "\"kind\": \"theoretical\"", "\"kind\": \"measured\""),
            "not theoretical, fleet or public");
    refused(replace(good, "\"max_size\": \"1G\"", "\"max_size\": \"1G\", \"min_size\": \"2G\""),
            "min_size is above max_size");
    refused(replace(good, "\"warning\": 47", "\"warning\": -1"), "'warning' must be a number");
    refused(replace(good, "\"warning\": 47", "\"warning\": \"47\""), "'warning' must be a number");
    refused("[1]", "a profile is a JSON object");
    refused("{", "not valid JSON");
    refused(std::string(100, '[') + std::string(100, ']'), "nested deeper");
}

TEST_CASE("profile: the match rule", "[reports][health]") {
    const Profile p = parse_profile(kProfile, "p.json");
    const Run run = gpu_run({});
    CHECK(find_expectation(p, run, gpu_case(50, 16, 16)) == &p.expectations[0]);
    CHECK(find_expectation(p, run, gpu_case(50, 16, 16, 4096)) == nullptr);     // below min_size
    CHECK(find_expectation(p, run, gpu_case(50, 8, 8)) == nullptr);             // an x8 GPU
    CHECK(find_expectation(p, run, gpu_case(25, 8, 16)) == &p.expectations[0]); // x8 of x16
    CaseResult pageable = gpu_case(50, 16, 16);
    pageable.key.source_memory = "pageable";
    CHECK(find_expectation(p, run, pageable) == nullptr);
    Run other = run;
    other.info.gpu_names = {"NVIDIA A100-SXM4-80GB"};
    CHECK(find_expectation(p, other, gpu_case(50, 16, 16)) == nullptr);
    CaseResult c2c = gpu_case(50, 16, 16);
    c2c.link->type = "nvlink-c2c";
    CHECK(find_expectation(p, run, c2c) == nullptr);
    CaseResult latency = gpu_case(50, 16, 16);
    latency.unit = "ns"; // a bandwidth rule never judges another unit
    CHECK(find_expectation(p, run, latency) == nullptr);
}

TEST_CASE("check: levels, failed cases, unmatched cases and exit codes", "[reports][health]") {
    const Profile p = parse_profile(kProfile, "p.json");
    HealthReport ok;
    check_run(gpu_run({gpu_case(53, 16, 16)}), p, ok);
    REQUIRE(ok.findings.size() == 1);
    CHECK(ok.findings[0].level == HealthLevel::ok);
    CHECK(health_exit_code(ok) == 0);

    HealthReport warn;
    check_run(gpu_run({gpu_case(40, 16, 16), gpu_case(53, 16, 16, 128 << 20)}), p, warn);
    CHECK(warn.worst() == HealthLevel::warning);
    CHECK(health_exit_code(warn) == 5);

    HealthReport failing;
    check_run(gpu_run({gpu_case(26, 8, 16), gpu_case(53, 16, 16, 128 << 20)}), p, failing);
    CHECK(failing.count(HealthLevel::failing) == 1);
    CHECK(health_exit_code(failing) == 1);
    const std::string line = failing.findings[0].line();
    CHECK_THAT(line, Catch::StartsWith("FAILING"));
    CHECK_THAT(line, Catch::Contains("measured 26 GB/s, expected >= 47 (failing < 35)"));
    CHECK_THAT(line, Catch::Contains("theoretical: PCIe gen5 x16 x 0.75"));

    HealthReport none;
    check_run(gpu_run({gpu_case(53, 8, 8)}), p, none);
    CHECK(none.findings.empty());
    CHECK(none.unmatched == 1);
    CHECK(health_exit_code(none) == 6); // never a silent pass

    // A case that failed fails the check whatever the profile says.
    CaseResult broken = gpu_case(0, 8, 8);
    broken.status = CaseStatus::failed;
    broken.error = "data mismatch";
    HealthReport bad;
    check_run(gpu_run({broken}), p, bad);
    REQUIRE(bad.findings.size() == 1);
    CHECK(bad.findings[0].level == HealthLevel::failing);
    CHECK(health_exit_code(bad) == 1);

    // Latency: the levels are maximums.
    Run host;
    CaseResult lat;
    lat.key.path = "host.latency";
    lat.key.size_bytes = 1 << 20;
    lat.metric = "latency";
    lat.unit = "ns";
    lat.higher_is_better = false;
    lat.stats.median = 150;
    host.cases = {lat};
    HealthReport l;
    check_run(host, p, l);
    REQUIRE(l.findings.size() == 1);
    CHECK(l.findings[0].level == HealthLevel::warning);
    CHECK(judge(p.expectations[1], 250) == HealthLevel::failing);
    CHECK(judge(p.expectations[1], 100) == HealthLevel::ok);

    const auto j = nlohmann::json::parse(health_json(failing));
    CHECK(j["level"] == "failing");
    CHECK(j["exit_code"] == 1);
    CHECK(j["findings"][0]["provenance"]["kind"] == "theoretical");
    CHECK(j["findings"][0]["measured"] == 26);
    CHECK(nlohmann::json::parse(health_json(none))["level"] == "unmatched");
}
