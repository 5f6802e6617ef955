// The run never dies of one case: a case that cannot run here is skipped with its
// reason and the run goes on; a fatal error still stops it; an interrupt stops the run after
// the case in flight and leaves the cases after it out of the results file.
#include "bench/host/host_plan.hpp"
#include "bench/path_runner.hpp"
#include "bench/results_table.hpp"
#include "bench/runner.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/results_file.hpp"
#include "core/statistics.hpp"
#include "gpu/gpu_error.hpp"
#include "platform/host_info.hpp"
#include "platform/numa_buffer.hpp"
#include "tests/support/measured.hpp"
#include "tests/support/scripted_case.hpp"

#include <catch2/catch.hpp>
#include <fmt/core.h>

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>

using namespace linkperf;
using namespace linkperf::bench;
namespace fs = std::filesystem;
using linkperf::testing::quick_sampler;
using linkperf::testing::scripted_case;

namespace {

Case read_case(const Topology& t, std::uint64_t size) {
    const unsigned node = default_cpu_node(t);
    Case c;
    c.path = host_read_path();
    c.size_bytes = size;
    c.threads = 1;
    c.cpus = spread_pus(t, node, 1);
    c.source = {EndpointKind::host_memory, static_cast<int>(node), "local", "numa"};
    c.destination = {EndpointKind::host_cpu, static_cast<int>(node), "cpu", ""};
    return c;
}

// A family whose measure() does what the test says: the runner's handling is what is tested.
class ScriptedRunner final : public PathRunner {
public:
    explicit ScriptedRunner(std::function<Measurement(const Case&)> f) : f_(std::move(f)) {}
    std::string family() const override { return "scripted"; }
    FamilyPlan plan(const Topology&, const PlanOptions&) const override { return {}; }
    Measurement measure(const Case& c, const SamplerConfig&) override { return f_(c); }

private:
    std::function<Measurement(const Case&)> f_;
};

Measurement measured(const Case& c) {
    Measurement m;
    m.test_case = c;
    m.samples = {1.0, 1.0, 1.0};
    m.stats = summarize(m.samples);
    m.seconds_per_op = 1e-6;
    m.bytes_per_op = c.size_bytes;
    return m;
}

struct TempResults {
    fs::path dir;
    std::unique_ptr<ResultsFile> file;
    TempResults() {
        dir = fs::temp_directory_path() / ("linkperf-skips-" + std::to_string(::getpid()));
        fs::create_directories(dir);
        const HostInfo host = read_host_info();
        nlohmann::json ctx = benchmark_context(host, "test");
        ctx["linkperf"] = nlohmann::json::object();
        file = std::make_unique<ResultsFile>(dir / "r.json", ctx);
    }
    ~TempResults() { fs::remove_all(dir); }
    nlohmann::json read() const {
        std::ifstream in(dir / "r.json");
        return nlohmann::json::parse(in);
    }
};

} // namespace

TEST_CASE("a case memory cannot hold is skipped with its reason and the next one runs",
          "[runner]") {
    const Topology t = Topology::load();
    auto host = make_host_runner();
    const std::uint64_t too_big = host_available_bytes() * 2 + (std::uint64_t{1} << 30);
    const std::vector<PlannedCase> cases{{read_case(t, too_big), host.get()},
                                         {read_case(t, 64 << 10), host.get()}};
    TempResults r;
    const RunOutcome out = run_cases(cases, quick_sampler(), *r.file, {"linkperf"});
    REQUIRE(out.measurements.size() == 2);
    CHECK(out.measurements[0].status == CaseStatus::skipped);
    CHECK(out.measurements[0].error.find("needs") != std::string::npos);
    CHECK(out.measurements[0].error.find("MiB") != std::string::npos);
    CHECK(out.measurements[1].status == CaseStatus::ok);
    CHECK(out.skipped == 1);
    CHECK(out.failed == 0);
    const auto doc = r.read();
    REQUIRE(doc["benchmarks"].size() == 2);
    CHECK(doc["benchmarks"][0]["linkperf"]["status"] == "skipped");
    CHECK(doc["benchmarks"][0]["linkperf"]["error"] == out.measurements[0].error);
}

TEST_CASE("an environment error of any family skips its case; a fatal GPU error stops the run",
          "[runner]") {
    unsigned calls = 0;
    ScriptedRunner family([&calls](const Case& c) -> Measurement {
        ++calls;
        if (c.size_bytes == scripted_case(0).size_bytes) {
            throw environment_error("peer gpu1 is missing");
        }
        if (c.size_bytes == scripted_case(2).size_bytes) {
            throw gpu::GpuError(gpu::GpuErrorKind::fatal, "the CUDA context is unusable");
        }
        return measured(c);
    });
    std::vector<PlannedCase> cases;
    for (unsigned n = 0; n < 4; ++n) {
        cases.push_back({scripted_case(n), &family});
    }
    TempResults r;
    CHECK_THROWS_AS(run_cases(cases, quick_sampler(), *r.file, {"linkperf"}), gpu::GpuError);
    CHECK(calls == 3); // the fourth case is not measured after the fatal error
    const auto doc = r.read();
    REQUIRE(doc["benchmarks"].size() == 4);
    CHECK(doc["benchmarks"][0]["linkperf"]["status"] == "skipped");
    CHECK(doc["benchmarks"][0]["linkperf"]["error"] == "peer gpu1 is missing");
    CHECK(doc["benchmarks"][1]["linkperf"]["status"] == "ok");
    CHECK(doc["benchmarks"][3]["linkperf"]["error"] ==
          "not run: the run stopped at an earlier error");
}

TEST_CASE("an interrupt stops the run after the case in flight", "[runner][interrupt]") {
    unsigned calls = 0;
    ScriptedRunner family([&calls](const Case& c) {
        ++calls;
        if (calls == 2) {
            std::raise(SIGINT); // as if Ctrl-C came while this case was measuring
        }
        return measured(c);
    });
    std::vector<PlannedCase> cases;
    for (unsigned n = 0; n < 5; ++n) {
        cases.push_back({scripted_case(n), &family});
    }
    TempResults r;
    RunOutcome out;
    {
        const InterruptScope scope;
        out = run_cases(cases, quick_sampler(), *r.file, {"linkperf"});
        CHECK(interrupt_signal() == SIGINT);
        r.file->interrupt(signal_name(interrupt_signal()));
    }
    CHECK(calls == 2);
    REQUIRE(out.measurements.size() == 2); // the case in flight finished and is kept
    CHECK(out.measurements[1].status == CaseStatus::ok);
    const auto doc = r.read();
    CHECK(doc["benchmarks"].size() == 2);
    CHECK(doc["context"]["linkperf"]["complete"] == false);
    CHECK(doc["context"]["linkperf"]["interrupted_by"] == "SIGINT");
    CHECK(interrupted_exit_code(SIGINT) == 130);
    CHECK(interrupted_exit_code(SIGTERM) == 143);
    // A new scope starts clear.
    const InterruptScope again;
    CHECK(interrupt_signal() == 0);
}

TEST_CASE("the printed table shows a skipped case with its reason", "[runner]") {
    Measurement ok = measured(scripted_case(0));
    Measurement skipped;
    skipped.test_case = scripted_case(1);
    skipped.status = CaseStatus::skipped;
    skipped.error = "needs 4G on NUMA node 0 but only 3972 MiB may be used";
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::tmpfile(), std::fclose);
    REQUIRE(out != nullptr);
    print_tables(out.get(), {ok, skipped});
    std::rewind(out.get());
    std::string text;
    for (int ch = 0; (ch = std::fgetc(out.get())) != EOF;) {
        text += static_cast<char>(ch);
    }
    // A row too wide for 100 columns goes on under the figures (indented 6): join it back.
    for (auto at = text.find("\n      "); at != std::string::npos; at = text.find("\n      ")) {
        text.replace(at, 7, " ");
    }
    const auto row = text.find("8K");
    REQUIRE(row != std::string::npos);
    const std::string line = text.substr(row, text.find('\n', row) - row);
    CHECK(line.find("skipped") != std::string::npos);
    CHECK(line.find(skipped.error) != std::string::npos);
    CHECK(text.find("data unchecked") != std::string::npos); // the measured row
}

TEST_CASE("the printed table fits 100 columns and its spread is p5 .. p95's", "[runner]") {
    Measurement m = measured(scripted_case(0));
    // 39 samples of 10 and one of 1000: stddev/mean is large, p5 .. p95 is not.
    m.samples.assign(39, 10.0);
    m.samples.push_back(1000.0);
    m.stats = summarize(m.samples);
    REQUIRE(m.stats.stdrel > 1.0);
    m.placement.verified = false;
    Measurement failed;
    failed.test_case = scripted_case(1);
    failed.test_case.source.role = std::string(60, 'r');
    failed.status = CaseStatus::failed;
    failed.error = std::string(30, 'x') + " " + std::string(150, 'y') + " the end";
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> out(std::tmpfile(), std::fclose);
    REQUIRE(out != nullptr);
    print_tables(out.get(), {m, failed});
    std::rewind(out.get());
    std::string text;
    for (int ch = 0; (ch = std::fgetc(out.get())) != EOF;) {
        text += static_cast<char>(ch);
    }
    std::size_t lines = 0;
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = std::min(text.find('\n', at), text.size());
        INFO(text.substr(at, end - at));
        CHECK(end - at <= 100);
        at = end + 1;
        ++lines;
    }
    CHECK(lines > 6);
    CHECK(text.find("PLACEMENT NOT VERIFIED") != std::string::npos); // never broken
    CHECK(text.find("the end") != std::string::npos);                // wrapped, not cut
    const double half = (m.stats.p95 - m.stats.p5) / 2 / m.stats.median * 100;
    CHECK(text.find(fmt::format("{:.1f}%", half)) != std::string::npos);
    CHECK(text.find(fmt::format("{:.2f}%", m.stats.stdrel * 100)) == std::string::npos);
}

namespace {

// A family whose plan is fixed: what expand_plan does with a plan value is what is tested.
class PlanningRunner final : public PathRunner {
public:
    explicit PlanningRunner(FamilyPlan p) : plan_(std::move(p)) {}
    std::string family() const override { return "planning"; }
    FamilyPlan plan(const Topology&, const PlanOptions&) const override { return plan_; }
    void use(const FamilyPlan& p) override {
        ++uses;
        used = p;
    }
    Measurement measure(const Case& c, const SamplerConfig&) override { return measured(c); }

    int uses = 0;
    FamilyPlan used;

private:
    FamilyPlan plan_;
};

} // namespace

TEST_CASE("planning is a value: plan() changes nothing, expand_plan adopts each family's plan",
          "[runner][plan]") {
    const Topology t = Topology::load();
    FamilyPlan some;
    some.cases = {read_case(t, 4096), read_case(t, 8192)};
    some.notes = {"sized by MemAvailable"};
    some.facts["dram_point_reason"] = "why";
    some.study = Study::saturation;
    FamilyPlan none;
    none.skip_reason = "no device: paths skipped";
    FamilyPlan quiet; // nothing planned and nothing to say
    std::vector<std::unique_ptr<PathRunner>> runners;
    runners.push_back(std::make_unique<PlanningRunner>(some));
    runners.push_back(std::make_unique<PlanningRunner>(none));
    runners.push_back(std::make_unique<PlanningRunner>(quiet));
    auto& first = static_cast<PlanningRunner&>(*runners[0]);

    // plan() is const and gives the same value each time; the runner adopts nothing by it.
    CHECK(runners[0]->plan(t, PlanOptions{}).cases.size() == 2);
    CHECK(runners[0]->plan(t, PlanOptions{}).cases.size() == 2);
    CHECK(first.uses == 0);

    std::vector<std::string> notes;
    const auto cases = expand_plan(runners, t, PlanOptions{}, notes);
    REQUIRE(cases.size() == 2);
    CHECK(cases[0].runner == runners[0].get());
    CHECK(notes == std::vector<std::string>{"sized by MemAvailable", "no device: paths skipped"});
    CHECK(first.uses == 1);
    CHECK(first.used.study == Study::saturation);
    CHECK(first.used.facts.at("dram_point_reason") == "why");
    CHECK(static_cast<PlanningRunner&>(*runners[2]).uses == 1);

    // A filter that leaves a family nothing gives its skip reason only when it has one.
    PlanOptions filtered;
    filtered.filter = "no-such-case";
    notes.clear();
    CHECK(expand_plan(runners, t, filtered, notes).empty());
    CHECK(notes == std::vector<std::string>{"sized by MemAvailable", "no device: paths skipped"});
}

namespace {

// A family whose set-ups count themselves and hold what their case's size says (nothing is
// allocated): what the runner does with a cache across passes is what is tested.
class CountedSetups final : public PathRunner {
public:
    int prepared = 0;
    std::string family() const override { return "counted"; }
    FamilyPlan plan(const Topology&, const PlanOptions&) const override { return {}; }
    Measurement measure(const Case& c, const SamplerConfig&) override { return measured(c); }
    std::unique_ptr<PreparedCase> prepare(const Case& c) override {
        ++prepared;
        struct Held final : PreparedCase {
            Case c;
            explicit Held(Case x) : c(std::move(x)) {}
            Measurement measure(const SamplerConfig&) override { return measured(c); }
            std::map<int, std::uint64_t> held_bytes() const override { return {{0, c.size_bytes}}; }
        };
        return std::make_unique<Held>(c);
    }
};

} // namespace

TEST_CASE("passes of --repeat set a large case up once and a small one every pass, and say so",
          "[runner][repeat]") {
    CountedSetups family;
    Case large = scripted_case(0);
    large.size_bytes = 64 << 20;
    const Case small = scripted_case(1);
    const std::vector<PlannedCase> cases{{large, &family}, {small, &family}};
    PreparedCaseCache cache([](int) { return std::uint64_t{64} << 30; });
    TempResults r;
    for (int pass = 0; pass < 3; ++pass) {
        if (pass == 2) {
            cache.last_pass();
        }
        const RunOutcome out =
            run_cases(cases, quick_sampler(), *r.file, {"linkperf"}, pass, &cache);
        REQUIRE(out.measurements.size() == 2);
        CHECK(out.measurements[0].extra.at("setup") ==
              (pass == 0 ? "made for this pass" : "kept from the previous pass"));
        CHECK(out.measurements[1].extra.at("setup") == "made for this pass");
    }
    CHECK(family.prepared == 1 + 3);
    CHECK(cache.size() == 0); // the last pass keeps nothing
    // The results file says it per entry too.
    std::size_t kept = 0;
    const nlohmann::json doc = r.read();
    REQUIRE(doc["benchmarks"].size() == 6);
    for (const auto& e : doc["benchmarks"]) {
        kept += e["linkperf"]["extra"].value("setup", "") == "kept from the previous pass";
    }
    CHECK(kept == 2);
}
