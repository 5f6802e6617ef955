// NFD labels: Kubernetes' rules for label names and values, the features.d file format, and
// the canary verdict of a results file.
#include "core/error.hpp"
#include "node/nfd_labels.hpp"
#include "results_model/results_loader.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace linkperf;

TEST_CASE("label names follow Kubernetes' rules", "[fleet][nfd]") {
    CHECK(valid_label_name("linkperf.dev/gpu.count"));
    CHECK(valid_label_name("gpu.count"));
    CHECK(valid_label_name("a"));
    CHECK(valid_label_name(std::string(63, 'a')));
    CHECK_FALSE(valid_label_name(std::string(64, 'a')));
    CHECK_FALSE(valid_label_name(""));
    CHECK_FALSE(valid_label_name("linkperf.dev/"));
    CHECK_FALSE(valid_label_name("linkperf.dev/-gpu"));
    CHECK_FALSE(valid_label_name("linkperf.dev/gpu."));
    CHECK_FALSE(valid_label_name("linkperf.dev/gpu count"));
    CHECK_FALSE(valid_label_name("Linkperf.dev/gpu")); // the prefix is lower case
    CHECK_FALSE(valid_label_name("linkperf..dev/gpu"));
    CHECK_FALSE(valid_label_name("a/b/c"));
    CHECK(valid_dns_subdomain("linkperf.dev"));
    CHECK_FALSE(valid_dns_subdomain("-linkperf.dev"));
    std::string long_prefix;
    while (long_prefix.size() < 250) {
        long_prefix += "abcdefghi.";
    }
    CHECK_FALSE(valid_dns_subdomain(long_prefix + "devx")); // 254 characters
    CHECK(valid_dns_subdomain(long_prefix.substr(0, 250) + "dev"));
}

TEST_CASE("label values follow Kubernetes' rules", "[fleet][nfd]") {
    CHECK(valid_label_value(""));
    CHECK(valid_label_value("pcie5x16"));
    CHECK(valid_label_value("x86_64"));
    CHECK(valid_label_value("2026-11-28"));
    CHECK_FALSE(valid_label_value("-a"));
    CHECK_FALSE(valid_label_value("a b"));
    CHECK_FALSE(valid_label_value("2026-11-28T18:00:00Z"));
    CHECK_FALSE(valid_label_value(std::string(64, 'a')));
    CHECK(to_label_value("Gen5 x16!") == "Gen5-x16");
    CHECK(to_label_value("--a--") == "a");
    CHECK(to_label_value(std::string(70, 'b')).size() == 63);
    CHECK(valid_label_value(to_label_value("2026-11-28T18:00:00Z")));
}

TEST_CASE("the labels of a GPU node", "[fleet][nfd]") {
    NfdFacts f;
    f.isa = "aarch64";
    f.gpu_count = 4;
    f.gpu_links = {"c2c", "c2c", "c2c", "c2c"};
    f.coherent = true;
    f.numa_nodes = 9;
    f.cpuless_numa_nodes = 8;
    f.canary = CanaryVerdict{"pass", "2026-11-28"};
    const auto labels = nfd_labels(f);
    REQUIRE(labels.size() == 8);
    for (const auto& l : labels) {
        INFO(l.name << "=" << l.value);
        CHECK(l.name.starts_with("linkperf.dev/"));
        CHECK(valid_label_name(l.name));
        CHECK(valid_label_value(l.value));
    }
    const auto text = nfd_feature_file(labels, std::chrono::system_clock::from_time_t(1795000000));
    CHECK(text.find("# +expiry-time=2026-11-18T") != std::string::npos);
    CHECK(text.find("linkperf.dev/gpu.link=c2c\n") != std::string::npos);
    CHECK(text.find("linkperf.dev/gpu.coherent=true\n") != std::string::npos);
    CHECK(text.find("linkperf.dev/canary.verdict=pass\n") != std::string::npos);
    CHECK(text.find("linkperf.dev/numa.cpuless=8\n") != std::string::npos);
}

TEST_CASE("mixed links, unknown coherence, no canary", "[fleet][nfd]") {
    NfdFacts f;
    f.isa = "x86_64";
    f.gpu_count = 2;
    f.gpu_links = {"pcie5x16", "pcie4x16"};
    const auto labels = nfd_labels(f);
    REQUIRE(labels.size() == 6);
    CHECK(labels[2].value == "mixed");
    CHECK(labels[3].value == "unknown");
}

TEST_CASE("free text becomes valid values, empty ones included", "[fleet][nfd]") {
    NfdFacts f;
    f.isa = ""; // uname failed
    f.canary = CanaryVerdict{"pass (gate)", "2026-11-28T18:00:41Z"};
    const auto labels = nfd_labels(f);
    REQUIRE(labels.size() == 8);
    CHECK(labels[0].value.empty());
    CHECK(labels[6].value == "pass--gate");
    CHECK(labels[7].value == "2026-11-28T18-00-41Z");
    for (const auto& l : labels) {
        CHECK(valid_label_value(l.value));
    }
}

namespace {

// A results file with one case per status, as the results loader reads it.
nlohmann::json results_doc(const std::vector<std::string>& statuses) {
    nlohmann::json doc = {
        {"context",
         {{"linkperf",
           {{"schema_version", 1}, {"complete", true}, {"finished_at", "2026-11-28T18:00:41Z"}}}}},
        {"benchmarks", nlohmann::json::array()}};
    for (const auto& status : statuses) {
        nlohmann::json lp = {{"path", "host.read." + std::to_string(doc["benchmarks"].size())},
                             {"metric", "bandwidth"},
                             {"source", {{"role", "cpu"}}},
                             {"destination", {{"role", "local"}}},
                             {"size_bytes", 4096},
                             {"status", status}};
        if (status == "ok") {
            lp["stats"] = {{"median", 10.0}};
        }
        doc["benchmarks"].push_back({{"name", "case"}, {"linkperf", lp}});
    }
    return doc;
}

CanaryVerdict verdict_of(const nlohmann::json& doc) {
    return verdict_from_results(reports::parse_results(doc.dump(), "canary.json"));
}

// The message of the usage error the results loader raises for `doc`; fails the test on
// anything else.
std::string usage_message(const nlohmann::json& doc) {
    try {
        verdict_of(doc);
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::usage);
        return e.what();
    }
    FAIL("no usage error");
    return {};
}

} // namespace

TEST_CASE("the canary verdict of a results file", "[fleet][nfd]") {
    nlohmann::json doc = results_doc({"ok"});
    auto v = verdict_of(doc);
    CHECK(v.verdict == "pass");
    CHECK(v.date == "2026-11-28");
    CHECK(verdict_of(results_doc({"ok", "failed", "skipped"})).verdict == "fail");
    doc["context"]["linkperf"]["complete"] = false;
    doc["context"]["linkperf"].erase("finished_at");
    doc["context"]["linkperf"]["started_at"] = "2026-11-27T23:59:00Z";
    v = verdict_of(doc);
    CHECK(v.verdict == "incomplete");
    CHECK(v.date == "2026-11-27");
}

TEST_CASE("a malformed results file gets the results loader's error, naming the field",
          "[fleet][nfd]") {
    const nlohmann::json good = results_doc({"ok"});
    REQUIRE(verdict_of(good).verdict == "pass");

    auto doc = good;
    doc["context"]["linkperf"]["complete"] = "yes";
    CHECK(usage_message(doc) ==
          "canary.json: context.linkperf: field 'complete' is not true/false");

    doc = good;
    doc["benchmarks"][0]["linkperf"]["status"] = 1;
    CHECK(usage_message(doc) ==
          "canary.json: benchmarks[0].linkperf: field 'status' is not a string");

    doc = good;
    doc["context"]["linkperf"]["finished_at"] = 20261128;
    CHECK(usage_message(doc).find("field 'finished_at' is not a string") != std::string::npos);

    doc = good;
    doc["context"]["linkperf"].erase("schema_version");
    CHECK(usage_message(doc).find("not a linkperf results file") != std::string::npos);

    CHECK(usage_message(nlohmann::json::object()).find("missing object 'context'") !=
          std::string::npos);
}

TEST_CASE("a fleet verdict becomes fleet.verdict and fleet.quarantine", "[fleet][nfd]") {
    NfdFacts f;
    f.isa = "riscv64";
    f.fleet_verdict = "outlier";
    auto labels = nfd_labels(f);
    REQUIRE(labels.size() == 8);
    CHECK(labels[6].name == "linkperf.dev/fleet.verdict");
    CHECK(labels[6].value == "outlier");
    CHECK(labels[7].name == "linkperf.dev/fleet.quarantine");
    CHECK(labels[7].value == "true");
    f.fleet_verdict = "ok";
    labels = nfd_labels(f);
    CHECK(labels[7].value == "false");
    f.fleet_verdict.reset();
    CHECK(nfd_labels(f).size() == 6);
}
