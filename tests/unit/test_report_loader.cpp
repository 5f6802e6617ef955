// The results loader on real linkperf results files (tests/data/results/) and on every kind
// of bad input: each must be a ReportError with the usage exit code, never a crash.
#include "harness/error.hpp"
#include "reports/report_error.hpp"
#include "reports/results_loader.hpp"
#include "test_report_fixtures.hpp"

#include <catch2/catch.hpp>

using namespace linkperf::reports;
using namespace linkperf::reports::test;

namespace {

// The message of the ReportError `text` raises (fails the test when none is raised).
std::string load_error(const std::string& text) {
    try {
        parse_results(text, "input.json");
    } catch (const ReportError& e) {
        CHECK(e.code() == linkperf::ExitCode::usage);
        return e.what();
    }
    FAIL("no ReportError for: " << text.substr(0, 80));
    return "";
}

} // namespace

TEST_CASE("loader: a real host results file", "[reports][loader]") {
    const Run run = load_results(results_path("host-small-x86_64.json"));
    CHECK(run.info.schema_version == 1);
    CHECK(run.info.isa == "x86_64");
    CHECK_FALSE(run.info.emulated);
    CHECK(run.info.complete);
    REQUIRE(run.cases.size() == 10);
    for (std::size_t i = 1; i < run.cases.size(); ++i) {
        CHECK(run.cases[i - 1].key < run.cases[i].key);
    }
    const CaseResult* c2c = nullptr;
    for (const CaseResult& c : run.cases) {
        CHECK(c.status == CaseStatus::ok);
        CHECK(c.stats.median > 0);
        CHECK(c.samples.size() >= 5);
        if (c.key.path == "host.c2c") {
            c2c = &c;
        }
    }
    REQUIRE(c2c != nullptr);
    CHECK(c2c->metric == "latency");
    CHECK_FALSE(c2c->higher_is_better);
    CHECK(c2c->source.kind == "core");
    CHECK(c2c->source.id != c2c->destination.id);
    CHECK(c2c->key.source_role == "package");
}

TEST_CASE("loader: a real collectives results file keys by op, ranks, type, in_place",
          "[reports][loader]") {
    const Run run = load_results(results_path("coll-small-x86_64.json"));
    REQUIRE_FALSE(run.cases.empty());
    bool all_reduce = false;
    for (const CaseResult& c : run.cases) {
        CHECK(c.key.ranks == 2);
        CHECK_FALSE(c.key.op.empty());
        if (c.key.path == "coll.all_reduce") {
            all_reduce = true;
            CHECK(c.key.type == "float32");
            CHECK((c.key.in_place == "in-place" || c.key.in_place == "out-of-place"));
        }
    }
    CHECK(all_reduce);
}

TEST_CASE("loader: empty, non-JSON and truncated input", "[reports][loader]") {
    CHECK_THAT(load_error(""), Catch::Contains("empty file"));
    CHECK_THAT(load_error(" \n\t"), Catch::Contains("empty file"));
    CHECK_THAT(load_error("hello"), Catch::Contains("not valid JSON"));
    const std::string full = read_json("host-small-x86_64.json").dump();
    CHECK_THAT(load_error(full.substr(0, full.size() / 2)), Catch::Contains("not valid JSON"));
    CHECK_THAT(load_error("[1,2,3]"), Catch::Contains("not a JSON object"));
    CHECK_THAT(load_error("{}"), Catch::Contains("context"));
}

TEST_CASE("loader: schema version missing, newer or invalid", "[reports][loader]") {
    nlohmann::json doc = read_json("host-small-x86_64.json");
    doc["context"]["linkperf"]["schema_version"] = 2;
    CHECK_THAT(load_error(doc.dump()), Catch::Contains("newer"));
    doc["context"]["linkperf"]["schema_version"] = 0;
    CHECK_THAT(load_error(doc.dump()), Catch::Contains("not a valid version"));
    doc["context"]["linkperf"].erase("schema_version");
    CHECK_THAT(load_error(doc.dump()), Catch::Contains("schema_version"));
    doc["context"].erase("linkperf");
    CHECK_THAT(load_error(doc.dump()), Catch::Contains("not a linkperf results file"));
    // A plain Google Benchmark file (no linkperf objects) is refused the same way.
    CHECK_THAT(load_error(R"({"context": {"date": "x"}, "benchmarks": []})"),
               Catch::Contains("not a linkperf results file"));
}

TEST_CASE("loader: wrong field types and ranges name the field", "[reports][loader]") {
    const nlohmann::json good = read_json("host-small-x86_64.json");
    auto with = [&](const char* key, nlohmann::json value) {
        nlohmann::json doc = good;
        doc["benchmarks"][0]["linkperf"][key] = std::move(value);
        return load_error(doc.dump());
    };
    CHECK_THAT(with("size_bytes", "4K"), Catch::Contains("size_bytes"));
    CHECK_THAT(with("size_bytes", -1), Catch::Contains("size_bytes"));
    CHECK_THAT(with("size_bytes", 1e300), Catch::Contains("size_bytes"));
    CHECK_THAT(with("metric", "speed"), Catch::Contains("unknown metric"));
    CHECK_THAT(with("status", "great"), Catch::Contains("unknown status"));
    CHECK_THAT(with("samples", nlohmann::json::array({1, "x"})), Catch::Contains("samples"));
    CHECK_THAT(with("source", 3), Catch::Contains("source"));
    CHECK_THAT(with("stats", nlohmann::json::object()), Catch::Contains("median"));
    nlohmann::json doc = good;
    doc["benchmarks"] = "none";
    CHECK_THAT(load_error(doc.dump()), Catch::Contains("benchmarks"));
    doc["benchmarks"] = nlohmann::json::array({42});
    CHECK_THAT(load_error(doc.dump()), Catch::Contains("benchmarks[0]"));
}

TEST_CASE("loader: repetitions of one case pool their samples, aggregates are skipped",
          "[reports][loader]") {
    nlohmann::json doc = read_json("host-small-x86_64.json");
    const std::size_t cases = doc["benchmarks"].size();
    nlohmann::json first = doc["benchmarks"][0];
    const std::size_t n = first["linkperf"]["samples"].size();
    doc["benchmarks"].push_back(first);
    nlohmann::json aggregate = first;
    aggregate["run_type"] = "aggregate";
    aggregate["linkperf"]["samples"] = nlohmann::json::array({1e9});
    doc["benchmarks"].push_back(aggregate);
    const Run run = parse(doc, "repeated.json");
    CHECK(run.cases.size() == cases);
    bool found = false;
    for (const CaseResult& c : run.cases) {
        if (c.name == first["name"]) {
            found = true;
            CHECK(c.samples.size() == 2 * n);
            CHECK(c.stats.count == 2 * n);
        }
    }
    CHECK(found);
}

TEST_CASE("loader: a missing file and a directory", "[reports][loader]") {
    CHECK_THROWS_AS(load_results(results_path("does-not-exist.json")), ReportError);
    CHECK_THROWS_AS(load_results(results_path("")), ReportError);
}
