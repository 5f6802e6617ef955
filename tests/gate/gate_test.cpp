// The regression gate on real results files and candidates derived from them.
#include "gate/gate.hpp"
#include "gate/gate_config.hpp"
#include "results_model/report_error.hpp"
#include "tests/support/report_fixtures.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace linkperf::reports;
using namespace linkperf::reports::test;

TEST_CASE("gate: a file against itself is unchanged everywhere", "[reports][gate]") {
    const Run a = load_results(results_path("host-small-x86_64.json"));
    const Run b = load_results(results_path("host-small-x86_64.json"));
    const GateResult r = compare_runs(a, b, GateConfig{});
    CHECK(r.rows.size() == a.cases.size());
    CHECK(r.comparable == a.cases.size());
    CHECK(r.count(Verdict::unchanged) == a.cases.size());
    CHECK_FALSE(r.regression());
    for (const Comparison& c : r.rows) {
        CHECK(c.ratio == Approx(1.0));
        REQUIRE(c.p_value.has_value());
        CHECK(*c.p_value > 0.9);
    }
}

TEST_CASE("gate: bandwidth samples scaled by 0.8 regress, by 1.25 improve", "[reports][gate]") {
    const nlohmann::json doc = read_json("host-small-x86_64.json");
    const Run base = parse(doc, "base.json");
    const Run slower = parse(scaled(doc, 0.8, "host.copy"), "slower.json");
    const GateResult r = compare_runs(base, slower, GateConfig{});
    std::size_t copies = 0;
    for (const Comparison& c : r.rows) {
        if (c.key.path != "host.copy") {
            CHECK(c.verdict == Verdict::unchanged);
            continue;
        }
        ++copies;
        CHECK(c.ratio == Approx(0.8));
        CHECK(c.worse == Approx(0.2));
        // Each case is either a significant regression or unjudged; never "fine".
        CHECK((c.verdict == Verdict::regressed || c.verdict == Verdict::unjudged));
        if (c.verdict == Verdict::regressed) {
            CHECK(c.significant);
        }
    }
    CHECK(copies > 0);
    CHECK(r.regression());
    const Run faster = parse(scaled(doc, 1.25, "host.copy"), "faster.json");
    const GateResult f = compare_runs(base, faster, GateConfig{});
    CHECK_FALSE(f.regression());
    CHECK(f.count(Verdict::improved) > 0);
}

TEST_CASE("gate: latency direction: larger is worse", "[reports][gate]") {
    const nlohmann::json doc = read_json("host-small-x86_64.json");
    const Run base = parse(doc, "base.json");
    const GateResult worse =
        compare_runs(base, parse(scaled(doc, 1.5, "host.latency"), "c.json"), GateConfig{});
    const GateResult better =
        compare_runs(base, parse(scaled(doc, 0.5, "host.latency"), "c.json"), GateConfig{});
    for (const Comparison& c : worse.rows) {
        if (c.key.path == "host.latency") {
            CHECK(c.worse == Approx(0.5));
            CHECK(c.verdict != Verdict::improved);
        }
    }
    for (const Comparison& c : better.rows) {
        if (c.key.path == "host.latency") {
            CHECK(c.worse == Approx(-0.5));
            CHECK(c.verdict != Verdict::regressed);
        }
    }
    CHECK(worse.regression());
    CHECK_FALSE(better.regression());
}

TEST_CASE("gate: noise-only differences are not regressions", "[reports][gate]") {
    nlohmann::json doc = read_json("host-small-x86_64.json");
    const Run base = parse(doc, "base.json");
    // +-1.5% deterministic jitter on every sample; the statistics follow the median's change.
    int i = 0;
    for (auto& e : doc["benchmarks"]) {
        for (auto& s : e["linkperf"]["samples"]) {
            s = s.get<double>() * (1.0 + 0.015 * std::sin(++i * 1.7));
        }
    }
    const GateResult r = compare_runs(base, parse(doc, "jitter.json"), GateConfig{});
    CHECK_FALSE(r.regression());
    CHECK(r.count(Verdict::unchanged) == r.rows.size());
}

TEST_CASE("gate: a big change for the worse that is not significant is unjudged",
          "[reports][gate]") {
    Run base;
    Run cand;
    CaseResult c;
    c.key.path = "host.copy";
    c.key.size_bytes = 4096;
    c.metric = "bandwidth";
    c.unit = "GB/s";
    c.samples = {10, 30, 50, 70, 90};
    c.stats.median = 50;
    c.stats.p5 = 10;
    c.stats.p95 = 90;
    base.cases.push_back(c);
    c.samples = {5, 25, 40, 65, 95};
    c.stats.median = 40;
    cand.cases.push_back(c);
    const GateResult r = compare_runs(base, cand, GateConfig{});
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].testable);
    CHECK_FALSE(r.rows[0].significant);
    CHECK(r.rows[0].verdict == Verdict::unjudged);
    CHECK_FALSE(r.regression());
    CHECK(r.fails(false));
    CHECK_FALSE(r.fails(true));
    // The same change for the better is noisy and passes.
    const GateResult back = compare_runs(cand, base, GateConfig{});
    CHECK(back.rows[0].verdict == Verdict::noisy);
    CHECK_FALSE(back.fails(false));
    // With too few samples for the U test, overlapping p5-p95 intervals decide the same way.
    GateConfig strict;
    strict.min_samples = 50;
    const GateResult i = compare_runs(base, cand, strict);
    CHECK(i.rows[0].verdict == Verdict::unjudged);
    CHECK_FALSE(i.rows[0].p_value.has_value());
    CHECK_THAT(i.rows[0].reason, Catch::Contains("overlap"));
}

TEST_CASE("gate: cases on one side only are listed as missing", "[reports][gate]") {
    nlohmann::json doc = read_json("host-small-x86_64.json");
    const Run base = parse(doc, "base.json");
    const std::string dropped = doc["benchmarks"][0]["name"];
    doc["benchmarks"].erase(0);
    const Run cand = parse(doc, "cand.json");
    const GateResult r = compare_runs(base, cand, GateConfig{});
    CHECK(r.rows.size() == base.cases.size());
    CHECK(r.count(Verdict::missing) == 1);
    CHECK(r.comparable == base.cases.size() - 1);
    for (const Comparison& c : r.rows) {
        if (c.verdict == Verdict::missing) {
            CHECK(c.baseline != nullptr);
            CHECK(c.candidate == nullptr);
            CHECK(c.baseline->name == dropped);
            CHECK(c.reason == "only in the baseline");
        }
    }
}

TEST_CASE("gate: runs join by role, not by hostname, ISA or NUMA/core ids", "[reports][gate]") {
    nlohmann::json doc = read_json("host-small-x86_64.json");
    const Run x86 = parse(doc, "x86.json");
    doc["context"]["linkperf"]["hostname"] = "rv-canary-7";
    doc["context"]["linkperf"]["isa"] = "riscv64";
    doc["context"]["linkperf"]["emulated"] = true;
    doc["context"]["linkperf"]["emulator"] = "qemu-riscv64";
    for (auto& e : doc["benchmarks"]) {
        e["name"] = "renamed/" + e["name"].get<std::string>();
        e["linkperf"]["source"]["id"] = 3;
        e["linkperf"]["destination"]["id"] = 5;
    }
    const Run rv = parse(doc, "rv.json");
    CHECK(rv.info.emulated);
    CHECK(rv.info.emulator == "qemu-riscv64");
    const GateResult r = compare_runs(x86, rv, GateConfig{});
    CHECK(r.comparable == x86.cases.size());
    CHECK(r.count(Verdict::missing) == 0);
}

TEST_CASE("gate: nothing comparable and mismatched files", "[reports][gate]") {
    const Run host = load_results(results_path("host-small-x86_64.json"));
    const Run coll = load_results(results_path("coll-small-x86_64.json"));
    const GateResult r = compare_runs(host, coll, GateConfig{});
    CHECK(r.comparable == 0);
    CHECK(r.count(Verdict::missing) == host.cases.size() + coll.cases.size());
    nlohmann::json doc = read_json("host-small-x86_64.json");
    for (auto& e : doc["benchmarks"]) {
        e["linkperf"]["metric"] = e["linkperf"]["metric"] == "latency" ? "bandwidth" : "latency";
    }
    CHECK_THROWS_AS(compare_runs(host, parse(doc, "flipped.json"), GateConfig{}), ReportError);
}

TEST_CASE("gate: a candidate that failed where the baseline measured regresses",
          "[reports][gate]") {
    nlohmann::json doc = read_json("host-small-x86_64.json");
    const Run base = parse(doc, "base.json");
    doc["benchmarks"][0]["linkperf"]["status"] = "failed";
    doc["benchmarks"][0]["linkperf"]["error"] = "data verification failed";
    const GateResult r = compare_runs(base, parse(doc, "failed.json"), GateConfig{});
    CHECK(r.count(Verdict::regressed) == 1);
}

TEST_CASE("gate config: thresholds by path glob, metric and default", "[reports][config]") {
    const GateConfig c = parse_gate_config(R"(
# per-path thresholds
threshold = "5%"
alpha = 0.01
min_samples = 7
[metric]
bandwidth = "3%"
latency = 10      # percent
[paths]
"host.c2c" = "15%"
"coll.*" = "8%"
)",
                                           "toml", "gate.toml");
    CHECK(c.alpha == Approx(0.01));
    CHECK(c.min_samples == 7);
    CHECK(c.threshold_for("host.copy", "bandwidth") == Approx(0.03));
    CHECK(c.threshold_for("host.latency", "latency") == Approx(0.10));
    CHECK(c.threshold_for("host.c2c", "latency") == Approx(0.15));
    CHECK(c.threshold_for("coll.all_reduce", "bandwidth") == Approx(0.08));
    const GateConfig j = parse_gate_config(
        R"({"threshold": "4%", "paths": {"host.*": {"latency": "12%"}, "host.c2c": "20%"}})",
        "json", "gate.json");
    CHECK(j.threshold_for("host.copy", "bandwidth") == Approx(0.04));
    CHECK(j.threshold_for("host.c2c", "latency") == Approx(0.12)); // first match wins
    CHECK(j.threshold_for("ce.h2d", "bandwidth") == Approx(0.04));
    CHECK(parse_threshold("5%") == Approx(0.05));
    CHECK(parse_threshold("2.5") == Approx(0.025));
    CHECK_THROWS_AS(parse_threshold("five"), ReportError);
    CHECK_THROWS_AS(parse_threshold("-3%"), ReportError);
    CHECK_THROWS_AS(parse_gate_config("[metric]\nspeed = 3", "toml", "g.toml"), ReportError);
    CHECK_THROWS_AS(parse_gate_config("threshold = \"5%", "toml", "g.toml"), ReportError);
    CHECK_THROWS_AS(parse_gate_config("{\"thresh\": 1}", "json", "g.json"), ReportError);
    CHECK_THROWS_AS(parse_gate_config("{", "json", "g.json"), ReportError);
}

TEST_CASE("gate: a per-path threshold changes the verdict", "[reports][gate]") {
    const nlohmann::json doc = read_json("host-small-x86_64.json");
    const Run base = parse(doc, "base.json");
    const Run slower = parse(scaled(doc, 0.8, "host.copy"), "slower.json");
    const GateConfig loose = parse_gate_config(R"({"paths": {"host.copy": "25%"}})", "json", "g");
    const GateResult r = compare_runs(base, slower, loose);
    CHECK_FALSE(r.regression());
    CHECK(r.count(Verdict::unchanged) == r.rows.size());
}

namespace {

CaseResult bandwidth_case(std::vector<double> samples) {
    CaseResult c;
    c.key.path = "host.copy";
    c.key.source_role = "local";
    c.key.destination_role = "local";
    c.key.size_bytes = 4096;
    c.key.threads = 1;
    c.metric = "bandwidth";
    c.unit = "GB/s";
    c.higher_is_better = true;
    c.samples = std::move(samples);
    c.stats = linkperf::summarize(c.samples);
    return c;
}

Run run_of(CaseResult c, const std::string& file) {
    Run r;
    r.info.file = file;
    r.cases.push_back(std::move(c));
    return r;
}

} // namespace

TEST_CASE("gate: a candidate median of zero or below regresses (defence behind the loader)",
          "[reports][gate]") {
    const Run base = run_of(bandwidth_case({10, 10.1, 9.9, 10, 10.2, 9.8}), "base.json");
    for (const double median : {0.0, -1.0}) {
        CaseResult bad = bandwidth_case({10, 10.1, 9.9, 10, 10.2, 9.8});
        bad.stats.median = median;
        const GateResult r = compare_runs(base, run_of(bad, "cand.json"), GateConfig{});
        REQUIRE(r.rows.size() == 1);
        CHECK(r.rows[0].verdict == Verdict::regressed);
        CHECK(r.regression());
    }
}

TEST_CASE("gate: one sample on a side cannot be judged: worse is unjudged and fails",
          "[reports][gate]") {
    const Run base = run_of(bandwidth_case({10}), "base.json");
    const Run slow = run_of(bandwidth_case({5}), "cand.json");
    const GateResult r = compare_runs(base, slow, GateConfig{});
    REQUIRE(r.rows.size() == 1);
    CHECK_FALSE(r.rows[0].significant);
    CHECK_FALSE(r.rows[0].testable);
    CHECK(r.rows[0].verdict == Verdict::unjudged);
    CHECK_THAT(r.rows[0].reason, Catch::Contains("too few samples"));
    CHECK_FALSE(r.regression());
    CHECK(r.count(Verdict::unjudged) == 1);
    CHECK(r.fails(false));
    CHECK_FALSE(r.fails(true)); // --allow-unjudged
    // One side with many samples, the other with one: still untestable.
    const Run many = run_of(bandwidth_case({5, 5.01, 4.99, 5, 5.02, 4.98}), "many.json");
    const GateResult r2 = compare_runs(base, many, GateConfig{});
    CHECK(r2.rows[0].verdict == Verdict::unjudged);
    // Better beyond the threshold with one sample cannot hurt a rollout: noisy, passes.
    const Run fast = run_of(bandwidth_case({20}), "fast.json");
    const GateResult r3 = compare_runs(base, fast, GateConfig{});
    CHECK(r3.rows[0].verdict == Verdict::noisy);
    CHECK_FALSE(r3.fails(false));
    // Within the threshold it is unchanged, as before.
    const Run same = run_of(bandwidth_case({10.1}), "same.json");
    CHECK(compare_runs(base, same, GateConfig{}).rows[0].verdict == Verdict::unchanged);
}

TEST_CASE("gate: samples too few for the U test to reach alpha are unjudged", "[reports][gate]") {
    const Run base = run_of(bandwidth_case({10, 10.1, 9.9, 10, 10.2}), "base.json");
    const Run slow = run_of(bandwidth_case({5, 5.1, 4.9, 5, 5.2}), "slow.json");
    GateConfig c;
    c.alpha = 0.001; // 5 vs 5 samples: the exact U test cannot go below p = 2/252 = 0.0079
    const GateResult r = compare_runs(base, slow, c);
    CHECK(r.rows[0].verdict == Verdict::unjudged);
    CHECK_THAT(r.rows[0].reason, Catch::Contains("cannot go below"));
    CHECK(compare_runs(base, slow, GateConfig{}).rows[0].verdict == Verdict::regressed);
}

TEST_CASE("gate config: family defaults by path, metric and size; precedence",
          "[reports][config]") {
    const GateConfig d;
    CHECK(gate_family("host.copy", "bandwidth", 4096) == GateFamily::bandwidth_small);
    CHECK(gate_family("host.copy", "bandwidth", kLargeFrom) == GateFamily::bandwidth_large);
    CHECK(gate_family("host.latency", "latency", 4096) == GateFamily::latency_small);
    CHECK(gate_family("gpu.chase", "latency", 64ULL << 20) == GateFamily::latency_large);
    CHECK(gate_family("coll.all_reduce", "bandwidth", 1024) == GateFamily::collectives_small);
    CHECK(gate_family("coll.p2p.latency", "latency", 4ULL << 20) == GateFamily::collectives_large);
    for (std::size_t i = 0; i < kGateFamilies; ++i) {
        CHECK(d.family[i] == kDefaultFamilyThresholds[i]);
        CHECK(d.family[i] > 0);
        CHECK(d.family[i] < 0.2); // a 20% worse collective must always fail
    }
    CHECK(d.threshold_for("coll.all_reduce", "bandwidth", 1024) ==
          d.family[static_cast<std::size_t>(GateFamily::collectives_small)]);
    const GateConfig c = parse_gate_config(R"(
[family]
"collectives.small" = "9%"
"latency.large" = 4
[metric]
latency = "30%"
)",
                                           "toml", "gate.toml");
    CHECK(c.threshold_for("coll.all_reduce", "bandwidth", 1024) == Approx(0.09));
    CHECK(c.threshold_for("host.latency", "latency", 64ULL << 20) == Approx(0.30)); // metric wins
    const GateConfig one = parse_gate_config(
        R"({"threshold": "2%", "family": {"collectives.small": "9%"}})", "json", "g.json");
    CHECK(one.threshold_for("coll.all_reduce", "bandwidth", 1024) == Approx(0.02));
    CHECK_THROWS_AS(parse_gate_config("[family]\nsmall = 3", "toml", "g.toml"), ReportError);
}

TEST_CASE("gate config: deep nesting is refused without recursion; thresholds strict",
          "[reports][config]") {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    CHECK_THROWS_AS(parse_gate_config(deep, "json", "deep.json"), ReportError);
    std::string nested;
    for (int i = 0; i < 100000; ++i) {
        nested += "{\"paths\": ";
    }
    nested += "1" + std::string(100000, '}');
    try {
        parse_gate_config(nested, "json", "nested.json");
        FAIL("no ReportError for a 100000-level config");
    } catch (const ReportError& e) {
        CHECK_THAT(e.what(), Catch::Contains("nested deeper"));
    }
    // Brackets inside strings are not nesting.
    CHECK_NOTHROW(
        parse_gate_config(R"({"paths": {"[[[[[[[[[[[[[[[[[[[[[[[[[[": "5%"}})", "json", "s.json"));
    for (const char* bad : {"", " ", "%", "5%%", "nan", "-0.5", "1e400", "1000", "0x10"}) {
        CHECK_THROWS_AS(parse_threshold(bad), ReportError);
    }
}

TEST_CASE("gate config: an integer too large for long long is refused, not cast",
          "[reports][config]") {
    for (const char* text :
         {"min_samples = 99999999999999999999", "min_samples = -99999999999999999999",
          "threshold = 100000000000000000000000"}) {
        try {
            parse_gate_config(text, "toml", "gate.toml");
            FAIL("no ReportError for " << text);
        } catch (const ReportError& e) {
            CHECK(e.code() == linkperf::ExitCode::usage);
            CHECK_THAT(e.what(), Catch::Contains("out of range"));
        }
    }
}
