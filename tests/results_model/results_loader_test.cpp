// The results loader on real linkperf results files (tests/data/results/) and on every kind
// of bad input: each must be a ReportError with the usage exit code, never a crash.
#include "core/error.hpp"
#include "gate/baseline_store.hpp"
#include "gate/gate.hpp"
#include "results_model/json_depth.hpp"
#include "results_model/report_error.hpp"
#include "results_model/results_loader.hpp"
#include "tests/support/report_fixtures.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

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

TEST_CASE("loader: strict types, roles, non-negative figures", "[reports][loader]") {
    const nlohmann::json good = read_json("host-small-x86_64.json");
    auto with = [&](auto change) {
        nlohmann::json doc = good;
        change(doc["benchmarks"][0]["linkperf"]);
        return load_error(doc.dump());
    };
    CHECK_THAT(with([](auto& lp) { lp["path"] = 5; }), Catch::Contains("'path' is not a string"));
    CHECK_THAT(with([](auto& lp) { lp["metric"] = true; }), Catch::Contains("metric"));
    CHECK_THAT(with([](auto& lp) { lp["source"].erase("role"); }),
               Catch::Contains("source") && Catch::Contains("role"));
    CHECK_THAT(with([](auto& lp) { lp["destination"]["role"] = ""; }),
               Catch::Contains("destination") && Catch::Contains("role"));
    CHECK_THAT(with([](auto& lp) { lp["samples"][0] = -1.0; }), Catch::Contains("negative"));
    CHECK_THAT(with([](auto& lp) { lp["stats"]["min"] = -3.0; }), Catch::Contains("min"));
    CHECK_THAT(with([](auto& lp) { lp["stats"]["stddev"] = -0.5; }), Catch::Contains("stddev"));
    // Optional fields, when present, have their schema's type.
    CHECK_THAT(with([](auto& lp) { lp["data_verified"] = "yes"; }),
               Catch::Contains("'data_verified' is not true/false"));
    CHECK_THAT(with([](auto& lp) { lp["placement"] = 1; }), Catch::Contains("'placement'"));
    CHECK_THAT(with([](auto& lp) { lp["placement"]["verified"] = 0; }),
               Catch::Contains("'verified' is not true/false"));
    CHECK_THAT(with([](auto& lp) { lp["telemetry"] = "hot"; }), Catch::Contains("'telemetry'"));
    CHECK_THAT(with([](auto& lp) { lp["converged"] = "true"; }),
               Catch::Contains("'converged' is not true/false"));
    CHECK_THAT(with([](auto& lp) { lp["criterion"] = 3; }),
               Catch::Contains("'criterion' is not a string"));
    CHECK_THAT(with([](auto& lp) { lp["criterion"] = "magic"; }),
               Catch::Contains("want stdrel or entropy"));
    CHECK_THAT(load_error(std::string(R"({"context": {"linkperf": {"schema_version": 1}}, )"
                                      R"("benchmarks": [{"linkperf": {"stats": {"median": )") +
                          "1e999}}}]}"),
               Catch::Contains("1e999")); // a non-finite figure is refused
    // A CUDA version written as a number still loads.
    nlohmann::json doc = good;
    doc["context"]["linkperf"]["cuda"] = {{"driver_version", 12040}};
    CHECK(parse(doc, "cuda.json").info.cuda_driver == "12040");
}

TEST_CASE("loader: each GPU's identity (UUIDs, bus id, VBIOS) and the driver release",
          "[reports][loader]") {
    nlohmann::json doc = read_json("host-small-x86_64.json");
    doc["context"]["linkperf"]["cuda"] = {
        {"driver_version", 13000},
        {"driver_release", "580.65.06"},
        {"devices",
         {{{"index", 0},
           {"name", "NVIDIA H200"},
           {"pci_bus_id", "0000:19:00.0"},
           {"uuid", "GPU-6e2a3b4c-5d6e-7f80-91a2-b3c4d5e6f708"},
           {"gpu_uuid", "GPU-6e2a3b4c-5d6e-7f80-91a2-b3c4d5e6f708"},
           {"vbios_version", "96.00.99.00.01"},
           {"mig_instance_uuids", nlohmann::json::array()}},
          {{"index", 1},
           {"name", "NVIDIA H200 MIG 1g.18gb"},
           {"pci_bus_id", "0000:87:00.0"},
           {"uuid", "MIG-11111111-2222-3333-4444-555555555555"},
           {"gpu_uuid", "GPU-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"},
           {"mig_instance_uuids",
            {"MIG-11111111-2222-3333-4444-555555555555",
             "MIG-66666666-2222-3333-4444-555555555555"}}},
          {{"index", 2}, {"name", "written before identities"}}}}};
    const RunInfo info = parse(doc, "ids.json").info;
    CHECK(info.cuda_driver_release == "580.65.06");
    REQUIRE(info.gpu_identities.size() == 2);
    CHECK(info.gpu_identities[0] ==
          "gpu0 0000:19:00.0 GPU-6e2a3b4c-5d6e-7f80-91a2-b3c4d5e6f708, VBIOS 96.00.99.00.01");
    CHECK(info.gpu_identities[1] ==
          "gpu1 0000:87:00.0 MIG-11111111-2222-3333-4444-555555555555 on "
          "GPU-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee, MIG instances "
          "MIG-11111111-2222-3333-4444-555555555555, MIG-66666666-2222-3333-4444-555555555555");
    doc["context"]["linkperf"]["cuda"]["devices"][1]["mig_instance_uuids"] = {7};
    CHECK_THAT(load_error(doc.dump()), Catch::Contains("mig_instance_uuids"));
}

TEST_CASE("loader: nesting depth is bounded", "[reports][loader]") {
    CHECK(json_nesting_depth("[[1], {\"a\": [2]}]") == 3);
    CHECK(json_nesting_depth("{\"x\": \"[[[[\\\"[[\"}") == 1); // brackets in strings
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    CHECK_THAT(load_error(deep), Catch::Contains("nested deeper"));
    const std::string deep_objects = [] {
        std::string s;
        for (int i = 0; i < 100000; ++i) {
            s += "{\"a\":";
        }
        return s + "1" + std::string(100000, '}');
    }();
    CHECK_THAT(load_error(deep_objects), Catch::Contains("nested deeper"));
}

TEST_CASE("loader: only regular files under the size cap are read", "[reports][loader]") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("linkperf-loader-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto error = [](const std::filesystem::path& p) {
        try {
            read_results_text(p);
        } catch (const ReportError& e) {
            CHECK(e.code() == linkperf::ExitCode::usage);
            return std::string(e.what());
        }
        FAIL_CHECK("read " << p);
        return std::string();
    };
    const std::filesystem::path fifo = dir / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THAT(error(fifo), Catch::Contains("not a regular file")); // and no hang
    const std::filesystem::path zero = dir / "zero";
    if (::mknod(zero.c_str(), S_IFCHR | 0666, makedev(1, 5)) == 0) { // /dev/zero's numbers
        CHECK_THAT(error(zero), Catch::Contains("not a regular file"));
    } else {
        WARN("mknod not permitted (not root): the device case is not checked");
    }
    const std::filesystem::path sock = dir / "sock.json"; // open() fails with ENXIO
    const int sfd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock.c_str());
    REQUIRE(::bind(sfd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
    CHECK_THAT(error(sock), Catch::Contains("not a regular file"));
    ::close(sfd);
    const std::filesystem::path huge = dir / "huge.json";
    { std::ofstream(huge) << "{"; }
    std::filesystem::resize_file(huge, kMaxResultsBytes + 1); // sparse: no disk used
    CHECK_THAT(error(huge), Catch::Contains("larger than"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("loader: distinct repetitions of one case pool their samples, aggregates are skipped",
          "[reports][loader]") {
    nlohmann::json doc = read_json("host-small-x86_64.json");
    const std::size_t cases = doc["benchmarks"].size();
    nlohmann::json first = doc["benchmarks"][0];
    const std::size_t n = first["linkperf"]["samples"].size();
    nlohmann::json second = first; // a distinct repetition: other samples
    for (auto& v : second["linkperf"]["samples"]) {
        v = v.get<double>() * 1.01;
    }
    second["linkperf"]["stats"]["median"] =
        first["linkperf"]["stats"]["median"].get<double>() * 1.01;
    doc["benchmarks"].push_back(second);
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

TEST_CASE("loader: copies of one repetition are not pooled: a tripled case judges as one",
          "[reports][loader]") {
    const nlohmann::json doc = read_json("host-small-x86_64.json");
    const nlohmann::json cand = scaled(doc, 0.97);
    nlohmann::json tripled = cand;
    tripled["benchmarks"] = nlohmann::json::array();
    for (const auto& e : cand["benchmarks"]) {
        for (int i = 0; i < 3; ++i) {
            tripled["benchmarks"].push_back(e);
        }
    }
    const Run base = parse(doc, "base.json");
    const Run once = parse(cand, "once.json");
    const Run thrice = parse(tripled, "thrice.json");
    REQUIRE(thrice.cases.size() == once.cases.size());
    for (std::size_t i = 0; i < once.cases.size(); ++i) {
        CHECK(thrice.cases[i].samples == once.cases[i].samples);
        CHECK(thrice.cases[i].stats.median == once.cases[i].stats.median);
    }
    const GateResult a = compare_runs(base, once, GateConfig{});
    const GateResult b = compare_runs(base, thrice, GateConfig{});
    REQUIRE(a.rows.size() == b.rows.size());
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
        CHECK(a.rows[i].verdict == b.rows[i].verdict);
        CHECK(a.rows[i].p_value == b.rows[i].p_value);
    }
}

TEST_CASE("loader: a failed repetition wins over an ok one, in either order", "[reports][loader]") {
    const nlohmann::json good = read_json("host-small-x86_64.json");
    nlohmann::json failed = good["benchmarks"][0];
    failed["linkperf"]["status"] = "failed";
    failed["linkperf"]["error"] = "data verification failed";
    for (const bool failed_first : {true, false}) {
        nlohmann::json doc = good;
        auto& b = doc["benchmarks"];
        if (failed_first) {
            b.insert(b.begin(), failed);
        } else {
            b.push_back(failed);
        }
        const Run run = parse(doc, "rep.json");
        CHECK(run.cases.size() == good["benchmarks"].size());
        bool found = false;
        for (const CaseResult& c : run.cases) {
            if (c.name == failed["name"]) {
                found = true;
                CHECK(c.status == CaseStatus::failed);
                CHECK(c.error == "data verification failed");
            }
        }
        CHECK(found);
    }
}

TEST_CASE("loader: an ok case whose median is not positive is refused, naming the case",
          "[reports][loader]") {
    const nlohmann::json good = read_json("host-small-x86_64.json");
    for (const double median : {0.0, -3.5}) {
        nlohmann::json doc = good;
        doc["benchmarks"][2]["linkperf"]["stats"]["median"] = median;
        const std::string msg = load_error(doc.dump());
        CHECK_THAT(msg, Catch::Contains("median"));
        CHECK_THAT(msg, Catch::Contains(good["benchmarks"][2]["name"].get<std::string>()));
        CHECK(msg.find('\n') == std::string::npos);
    }
    // A failed or skipped case may say 0.
    nlohmann::json doc = good;
    doc["benchmarks"][2]["linkperf"]["stats"]["median"] = 0;
    doc["benchmarks"][2]["linkperf"]["status"] = "skipped";
    CHECK_NOTHROW(parse(doc, "skipped.json"));
}

TEST_CASE("loader: collective keys include reduce_op, nodes, root and window",
          "[reports][loader][gate]") {
    const nlohmann::json doc = read_json("coll-small-x86_64.json");
    const Run base = parse(doc, "base.json");
    std::size_t all_reduce = 0;
    for (const CaseResult& c : base.cases) {
        if (c.key.path == "coll.all_reduce") {
            ++all_reduce;
            CHECK(c.key.reduce_op == "sum");
            CHECK(c.key.nodes == 1);
            CHECK_THAT(series_label(c.key), Catch::Contains("reduce:sum"));
        }
    }
    REQUIRE(all_reduce > 0);

    nlohmann::json max = doc; // all_reduce with max: other cases
    for (auto& e : max["benchmarks"]) {
        if (e["linkperf"]["path"] == "coll.all_reduce") {
            e["linkperf"]["extra"]["reduce_op"] = "max";
        }
    }
    const GateResult r = compare_runs(base, parse(max, "max.json"), GateConfig{});
    CHECK(r.count(Verdict::missing) == 2 * all_reduce);
    CHECK(r.comparable == base.cases.size() - all_reduce);

    nlohmann::json two = doc; // two nodes: nothing joins
    for (auto& e : two["benchmarks"]) {
        e["linkperf"]["extra"]["nodes"] = 2;
    }
    const GateResult r2 = compare_runs(base, parse(two, "two.json"), GateConfig{});
    CHECK(r2.comparable == 0);
    CHECK(r2.count(Verdict::missing) == 2 * base.cases.size());

    CaseKey a;
    a.path = "coll.broadcast";
    a.op = "broadcast";
    CaseKey b = a;
    b.root = 1;
    CHECK_FALSE(a == b);
    CHECK(key_string(a) != key_string(b));
    CHECK(series_label(a) != series_label(b));
    CaseKey w = a;
    w.path = "coll.p2p.bw";
    CaseKey w2 = w;
    w2.window = 64;
    CHECK_FALSE(w == w2);
    CHECK(key_string(w) != key_string(w2));
}

namespace {

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("baseline save stores exactly the bytes it validated, reading the input once",
          "[reports][baseline]") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("linkperf-baseline-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string valid = slurp(results_path("host-small-x86_64.json"));

    SECTION("a plain file: the stored bytes are the file's") {
        save_baseline(results_path("host-small-x86_64.json"), "plain", dir / "b", false);
        CHECK(slurp(dir / "b" / "plain.json") == valid);
    }
    SECTION("a pipe is refused at once, not read (results inputs are regular files)") {
        const std::filesystem::path fifo = dir / "results.fifo";
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        try {
            save_baseline(fifo, "piped", dir / "b", false);
            FAIL("a FIFO was read as a results file");
        } catch (const ReportError& e) {
            CHECK_THAT(e.what(), Catch::Contains("not a regular file"));
        }
        CHECK_FALSE(std::filesystem::exists(dir / "b" / "piped.json"));
    }
    SECTION("reserved names and a baseline saved over its own input are refused") {
        for (const char* name :
             {"index", "INDEX", "Index", ".hidden", "-x", "a/b", "", "x86.json", "x.JSON"}) {
            INFO(name);
            CHECK_THROWS_AS(
                save_baseline(results_path("host-small-x86_64.json"), name, dir / "b", false),
                ReportError);
        }
        save_baseline(results_path("host-small-x86_64.json"), "own", dir / "b", false);
        try {
            save_baseline(dir / "b" / "own.json", "own", dir / "b", true);
            FAIL("a baseline was saved over its own input");
        } catch (const ReportError& e) {
            CHECK_THAT(e.what(), Catch::Contains("is the input"));
        }
        CHECK(slurp(dir / "b" / "own.json") == valid);
        CHECK(list_baselines(dir / "b").size() == 1);
    }
    SECTION("an unreadable input is a usage error and stores nothing") {
        for (const std::filesystem::path& bad : {dir / "missing.json", dir}) {
            try {
                save_baseline(bad, "bad", dir / "b", false);
                FAIL("no ReportError for " << bad);
            } catch (const ReportError& e) {
                CHECK(e.code() == linkperf::ExitCode::usage);
            }
        }
        CHECK_FALSE(std::filesystem::exists(dir / "b" / "bad.json"));
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("loader: the passes of a --repeat file are run-level values, in pass order",
          "[reports][loader][repeat]") {
    const nlohmann::json one = read_json("host-small-x86_64.json");
    nlohmann::json doc = repeated(one, {1.0, 1.1, 0.9, 1.0, 1.2});
    // Pass 2 of the first case was measured under contention.
    doc["benchmarks"][one["benchmarks"].size() * 2]["linkperf"]["contention"] = {
        {"contended", true}, {"why", "steal 12%"}};
    const Run run = parse(doc, "repeat.json");
    const Run single = parse(one, "single.json");
    CHECK(run.info.passes == 5);
    CHECK(run.info.repeat_seed == "42");
    CHECK(single.info.passes == 0);
    REQUIRE(run.cases.size() == single.cases.size());
    const std::string first = one["benchmarks"][0]["name"];
    for (std::size_t i = 0; i < run.cases.size(); ++i) {
        const CaseResult& c = run.cases[i];
        const double m = single.cases[i].stats.median;
        REQUIRE(c.run_medians.size() == 5);
        CHECK(c.run_medians[1] == Approx(m * 1.1));
        CHECK(c.run_medians[4] == Approx(m * 1.2));
        CHECK(c.run_values() == c.run_medians);
        CHECK(c.stats.median == Approx(m)); // median of the run medians
        CHECK(c.samples.size() == 5 * single.cases[i].samples.size());
        REQUIRE(c.run_contended.size() == 5);
        CHECK(c.run_contended[2] == (c.name == first ? "steal 12%" : ""));
        CHECK(c.run_contended[0].empty());
        // A single-run case's one run-level value is its median; no passes.
        CHECK(single.cases[i].run_medians.empty());
        CHECK(single.cases[i].run_values() == std::vector<double>{m});
    }
}

TEST_CASE("loader: a skipped case has no run-level value, a failed pass fails the case",
          "[reports][loader][repeat]") {
    const nlohmann::json one = read_json("host-small-x86_64.json");
    nlohmann::json doc = repeated(one, {1.0, 1.0});
    doc["benchmarks"][1]["linkperf"]["status"] = "failed";
    doc["benchmarks"][1]["linkperf"]["error"] = "data verification failed";
    const Run run = parse(doc, "repeat.json");
    const std::string failed = one["benchmarks"][1]["name"];
    for (const CaseResult& c : run.cases) {
        if (c.name == failed) {
            CHECK(c.status == CaseStatus::failed);
            CHECK(c.run_values().empty());
        } else {
            CHECK(c.run_values().size() == 2);
        }
    }
}
