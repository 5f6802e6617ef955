// Run-level verdicts (gate/gate.hpp, gate/run_stats.hpp) on synthetic series: the run
// medians of one case on each side, with exchangeable noise, a step, a whole-run shift and
// contended passes.
#include "gate/gate.hpp"
#include "gate/gate_config.hpp"
#include "gate/run_stats.hpp"
#include "tests/support/report_fixtures.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace linkperf::reports;
using namespace linkperf::reports::test;

namespace {

CaseResult runs_case(std::vector<double> medians, bool higher_is_better = true) {
    CaseResult c;
    c.key.path = higher_is_better ? "host.copy" : "host.latency";
    c.key.source_role = "local";
    c.key.destination_role = "local";
    c.key.size_bytes = 1 << 22;
    c.key.threads = 1;
    c.metric = higher_is_better ? "bandwidth" : "latency";
    c.unit = higher_is_better ? "GB/s" : "ns";
    c.higher_is_better = higher_is_better;
    c.run_medians = std::move(medians);
    c.run_contended.assign(c.run_medians.size(), "");
    c.samples = c.run_medians;
    c.stats = linkperf::summarize(c.samples);
    c.stats.median = median_of(c.run_medians);
    return c;
}

Run run_of(CaseResult c, int passes) {
    Run r;
    r.info.file = "runs.json";
    r.info.passes = passes;
    r.cases.push_back(std::move(c));
    return r;
}

Comparison judge(const std::vector<double>& base, const std::vector<double>& cand,
                 bool higher_is_better = true, const GateConfig& config = {}) {
    const Run b = run_of(runs_case(base, higher_is_better), static_cast<int>(base.size()));
    const Run n = run_of(runs_case(cand, higher_is_better), static_cast<int>(cand.size()));
    GateResult r = compare_runs(b, n, config);
    REQUIRE(r.rows.size() == 1);
    Comparison c = r.rows[0];
    c.baseline = nullptr;
    c.candidate = nullptr;
    return c;
}

std::vector<double> noisy(std::mt19937_64& rng, std::size_t n, double level, double cv) {
    std::normal_distribution<double> d(0.0, cv);
    std::vector<double> v(n);
    for (double& x : v) {
        x = level * (1.0 + d(rng));
    }
    return v;
}

} // namespace

TEST_CASE("run stats: median, robust spread, robust z, smallest U p", "[reports][runs]") {
    const std::vector<double> v = {10, 11, 9, 10, 30};
    CHECK(median_of(v) == 10);
    CHECK(run_spread(v) == Approx(1.4826 * 1 / 10.0)); // the 30 does not inflate it
    CHECK(robust_z(v, 13) == Approx(3 / 1.4826));
    CHECK(run_spread(std::vector<double>{5}) == 0);
    CHECK(smallest_u_p(5, 5) == Approx(2.0 / 252));
    CHECK(smallest_u_p(4, 4) > 0.01);
    CHECK(robust_z(std::vector<double>{7, 7, 7}, 7.07) == Approx(10)); // MAD floored at 0.1%
}

TEST_CASE("run stats: ties in 5 vs 5 run medians still reach alpha (exact permutation p)",
          "[reports][runs]") {
    bool used_u = false;
    double p = 0;
    const std::vector<double> base = {100, 100, 99, 101, 100};
    const std::vector<double> cand = {80, 80, 81, 79, 80};
    CHECK(run_level_significant(base, cand, RunLevelRule{}, used_u, p));
    CHECK(used_u);
    CHECK(p == Approx(2.0 / 252));
    // Overlapping runs with ties are not significant.
    CHECK_FALSE(run_level_significant(base, std::vector<double>{100, 99, 80, 80, 101},
                                      RunLevelRule{}, used_u, p));
    CHECK(p > 0.1);
}

TEST_CASE("run gate: exchangeable noise (A/A) does not fail the gate", "[reports][runs]") {
    std::mt19937_64 rng(7);
    int failing = 0;
    int regressed = 0;
    const int tries = 400;
    for (int i = 0; i < tries; ++i) {
        const Comparison c = judge(noisy(rng, 5, 100, 0.08), noisy(rng, 5, 100, 0.08));
        CHECK(c.run_level);
        failing += c.verdict == Verdict::regressed ? 1 : 0;
        regressed += c.verdict == Verdict::regressed || c.verdict == Verdict::inconclusive;
    }
    // 5 vs 5 runs at alpha 0.01 and a threshold of max(15%, 2 x spread): A/A fails under 0.5%.
    CHECK(failing <= tries / 200);
    INFO("regressed or inconclusive " << regressed);
    CHECK(regressed < tries / 10);
}

TEST_CASE("run gate: a step is caught by the U test on run medians", "[reports][runs]") {
    std::mt19937_64 rng(11);
    int caught = 0;
    for (int i = 0; i < 100; ++i) {
        const Comparison c = judge(noisy(rng, 5, 100, 0.03), noisy(rng, 5, 75, 0.03));
        caught += c.verdict == Verdict::regressed ? 1 : 0;
        if (i == 0) {
            CHECK(c.p_value.has_value());
            CHECK(c.reason.find("U test on run medians") != std::string::npos);
            CHECK(c.min_detectable > 0.15);
            CHECK(c.min_detectable < 0.3);
        }
    }
    CHECK(caught >= 95);
    // Latency: larger is worse; a 30% step up regresses, down improves.
    CHECK(judge({100, 101, 99, 100, 102}, {130, 131, 129, 132, 130}, false).verdict ==
          Verdict::regressed);
    CHECK(judge({100, 101, 99, 100, 102}, {70, 71, 69, 72, 70}, false).verdict ==
          Verdict::improved);
}

TEST_CASE("run gate: one baseline run shifted (a mode switch) neither hides nor fakes a change",
          "[reports][runs]") {
    // The robust spread ignores one wild run: a clean step is still caught ...
    const Comparison step = judge({100, 101, 99, 100, 300}, {70, 71, 69, 70, 72});
    CHECK(step.verdict == Verdict::regressed);
    // ... and a candidate within the baseline's usual runs is unchanged.
    CHECK(judge({100, 101, 99, 100, 300}, {100, 99, 101, 100, 102}).verdict == Verdict::unchanged);
    // A noisy case's threshold widens to k x its run-to-run spread (20% spread: 40%).
    const Comparison wide = judge({100, 80, 120, 100, 90, 110, 105}, {75, 76, 74, 75, 77});
    CHECK(wide.threshold > 0.2);
    CHECK(wide.verdict == Verdict::unchanged);
}

TEST_CASE("run gate: too few runs is inconclusive, listed first, failing only when strict",
          "[reports][runs]") {
    // 2 vs 2 runs: neither the U test nor a robust z (3 baseline runs) can judge.
    const Run b = run_of(runs_case({100, 101}), 2);
    const Run n = run_of(runs_case({70, 71}), 2);
    const GateResult r = compare_runs(b, n, GateConfig{});
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].verdict == Verdict::inconclusive);
    CHECK(r.rows[0].reason.find("too few runs") != std::string::npos);
    CHECK(r.rows[0].min_detectable == 1.0);
    CHECK_FALSE(r.fails(false));
    CHECK(r.fails(false, true));
    CHECK(r.listed().front()->verdict == Verdict::inconclusive);
    // One candidate run against 5 baseline runs: the robust z decides.
    const Comparison z = judge({100, 101, 99, 100, 102}, {70});
    CHECK(z.verdict == Verdict::regressed);
    CHECK(z.reason.find("robust z") != std::string::npos);
    // Better beyond the threshold but not shown real: noisy, not a failure.
    CHECK(judge({100, 101}, {150, 151}).verdict == Verdict::noisy);
}

TEST_CASE("run gate: baseline runs of zero give no ratio, never an infinite improvement",
          "[reports][runs]") {
    const Comparison c = judge({0, 0, 0, 0, 0}, {70, 71, 69, 72, 70});
    CHECK(c.verdict == Verdict::missing);
    CHECK(c.reason.find("not positive") != std::string::npos);
}

TEST_CASE("run gate: a regression carried only by contended passes is inconclusive",
          "[reports][runs]") {
    const Run b = run_of(runs_case({100, 101, 99, 100, 102}), 5);
    CaseResult cand = runs_case({70, 71, 69, 100, 101});
    cand.run_contended = {"steal 30%", "steal 30%", "cpu pressure 40%", "", ""};
    const GateResult r = compare_runs(b, run_of(cand, 5), GateConfig{});
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].verdict == Verdict::inconclusive);
    CHECK(r.rows[0].reason.rfind("contended: steal 30%; cpu pressure 40%", 0) == 0);
    CHECK(r.rows[0].contended == "steal 30%; cpu pressure 40%");
    // The same slowdown on clean passes regresses.
    CaseResult clean = runs_case({70, 71, 69, 72, 70});
    clean.run_contended = {"steal 30%", "", "", "", ""};
    CHECK(compare_runs(b, run_of(clean, 5), GateConfig{}).rows[0].verdict == Verdict::regressed);
    // The config's `contention = false` counts contended passes as clean.
    GateConfig blind;
    blind.contention = false;
    CaseResult all_contended = runs_case({70, 71, 69, 72, 70});
    all_contended.run_contended.assign(5, "steal 30%");
    CHECK(compare_runs(b, run_of(all_contended, 5), GateConfig{}).rows[0].verdict ==
          Verdict::inconclusive);
    CHECK(compare_runs(b, run_of(all_contended, 5), blind).rows[0].verdict == Verdict::regressed);
    // A single-run candidate measured under contention: inconclusive too.
    const Run one = [] {
        Run single = run_of(runs_case({70}), 0);
        single.cases[0].run_medians.clear();
        single.cases[0].run_contended.clear();
        single.cases[0].samples = {70, 70.5, 69.5, 70, 70.2};
        single.cases[0].contended = "runnable 3";
        return single;
    }();
    CHECK(compare_runs(b, one, GateConfig{}).rows[0].verdict == Verdict::inconclusive);
}

TEST_CASE("run gate: a single-run baseline is judged on samples as before, with a note",
          "[reports][runs]") {
    const nlohmann::json doc = read_json("host-small-x86_64.json");
    const Run single = parse(doc, "single.json");
    const Run rep = parse(repeated(doc, {1.0, 1.01, 0.99, 1.0, 1.02}), "repeat.json");
    const GateResult both = compare_runs(single, single, GateConfig{});
    REQUIRE(both.notes.size() == 1);
    CHECK(both.notes[0].find("cannot separate noise from a change") != std::string::npos);
    for (const Comparison& c : both.rows) {
        CHECK_FALSE(c.run_level);
    }
    const GateResult old_base = compare_runs(single, rep, GateConfig{});
    REQUIRE(old_base.notes.size() == 1);
    CHECK(old_base.notes[0].find("baseline is one run") != std::string::npos);
    const GateResult runs = compare_runs(rep, rep, GateConfig{});
    CHECK(runs.notes.empty());
    for (const Comparison& c : runs.rows) {
        CHECK(c.run_level);
        CHECK(c.verdict == Verdict::unchanged);
        CHECK(c.baseline_runs == 5);
    }
}

TEST_CASE("run stats: the minimum detectable change grows with the spread", "[reports][runs]") {
    const RunLevelRule rule;
    const double quiet = min_detectable_change(0.02, 5, 5, 0.15, true, rule);
    const double loud = min_detectable_change(0.15, 5, 5, 0.15, true, rule);
    CHECK(quiet > 0.15);
    CHECK(quiet < 0.2);
    CHECK(loud > quiet);
    CHECK(min_detectable_change(0.02, 2, 2, 0.15, true, rule) == 1.0);
    CHECK(min_detectable_change(0.02, 5, 5, 0.15, true, rule) ==
          min_detectable_change(0.02, 5, 5, 0.15, true, rule)); // deterministic
}
