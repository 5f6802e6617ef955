// The run driver (run/run_driver.hpp): what `linkperf run` records and how it ends, with a
// scripted family so that what is tested is the driver, not a measurement.
#include "run/run_driver.hpp"

#include "bench/path_runner.hpp"
#include "core/bounded_file.hpp"
#include "core/error.hpp"
#include "core/statistics.hpp"
#include "tests/support/scripted_case.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

using namespace linkperf;
using namespace linkperf::run;
namespace fs = std::filesystem;
using linkperf::testing::scripted_case;

namespace {

Measurement measured(const Case& c, double seconds) {
    Measurement m;
    m.test_case = c;
    m.samples = {seconds, seconds, seconds};
    m.stats = summarize(m.samples);
    m.seconds_per_op = seconds;
    m.bytes_per_op = c.size_bytes;
    return m;
}

// Plans `cases`; each measurement is what `script` makes of the case and the call's number.
class ScriptedRunner final : public bench::PathRunner {
public:
    ScriptedRunner(std::vector<Case> cases, std::function<Measurement(const Case&, int)> script)
        : cases_(std::move(cases)), script_(std::move(script)) {}
    std::string family() const override { return "scripted"; }
    bench::FamilyPlan plan(const Topology&, const PlanOptions&) const override {
        bench::FamilyPlan p;
        p.cases = cases_;
        p.notes = {"a scripted family"};
        return p;
    }
    Measurement measure(const Case& c, const SamplerConfig&) override {
        return script_(c, calls_++);
    }

private:
    std::vector<Case> cases_;
    std::function<Measurement(const Case&, int)> script_;
    int calls_ = 0;
};

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("linkperf-driver-" + std::to_string(::getpid()));
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

nlohmann::json read_json(const fs::path& p) {
    return nlohmann::json::parse(read_input_file("results", p, 1 << 24));
}

RunRequest scripted_request(std::function<Measurement(const Case&, int)> script, int repeat) {
    RunRequest r;
    r.runners.push_back(std::make_unique<ScriptedRunner>(
        std::vector<Case>{scripted_case(0), scripted_case(1)}, std::move(script)));
    r.sampler.max_samples = 5;
    r.repeat = repeat;
    r.seed = 7;
    return r;
}

} // namespace

TEST_CASE("pass_budget gives each --repeat pass a 1/N share and no warm-up", "[run_driver]") {
    SamplerConfig one;
    one.max_seconds = 2.0;
    one.min_samples = 10;
    one.max_samples = 100;
    one.warmup_samples = 2;
    const SamplerConfig same = pass_budget(one, 1);
    CHECK(same.max_seconds == 2.0);
    CHECK(same.warmup_samples == 2);
    const SamplerConfig fifth = pass_budget(one, 5);
    CHECK(fifth.max_seconds == Approx(0.4));
    CHECK(fifth.min_samples == 3);
    CHECK(fifth.min_samples_past_time == 2);
    CHECK(same.min_samples_past_time == 0);
    CHECK(fifth.max_samples == 20);
    CHECK(fifth.warmup_samples == 0);
    CHECK(pass_budget(one, 100).max_seconds == Approx(0.02));
    CHECK(pass_budget(one, 100).max_samples == 3);
}

TEST_CASE("run_level carries the median of every ok pass's median", "[run_driver]") {
    const Case c = scripted_case(0);
    std::vector<Measurement> every{measured(c, 1.0), measured(c, 3.0), measured(c, 2.0)};
    Measurement failed = measured(c, 100.0);
    failed.status = CaseStatus::failed;
    every.push_back(failed);
    const auto level = run_level({measured(c, 2.5)}, every);
    REQUIRE(level.size() == 1);
    CHECK(level[0].stats.median == Approx(2.0));
    const nlohmann::json summary = repeat_summary(every, 3);
    CHECK(summary.at(c.name()).at("run_medians").size() == 3);
    CHECK(summary.at(c.name()).contains("min_detectable_change"));
}

TEST_CASE("the driver writes the results file and --prom, with --repeat's passes", "[run_driver]") {
    TempDir dir;
    OutputSet outputs;
    outputs.add("--out", (dir.path / "r.json").string());
    outputs.add("--prom", (dir.path / "r.prom").string());
    outputs.check_and_open({});
    RunDriver driver;
    std::string judged;
    RunRequest request =
        scripted_request([](const Case& c, int call) { return measured(c, 1e-6 * (1 + call)); }, 3);
    request.judge = [&judged](const std::string& results) {
        judged = results;
        return 5;
    };
    CHECK(driver.run(std::move(request), Topology::load(), outputs) == 5);
    CHECK(judged == (dir.path / "r.json").string());
    const nlohmann::json r = read_json(dir.path / "r.json");
    CHECK(r.at("benchmarks").size() == 6); // 2 cases x 3 passes
    const nlohmann::json& repeat = r.at("context").at("linkperf").at("repeat");
    CHECK(repeat.at("passes") == 3);
    CHECK(repeat.at("seed") == 7);
    CHECK(repeat.at("cases").at(scripted_case(0).name()).at("run_medians").size() == 3);
    CHECK(r.at("context").at("linkperf").at("notes").at(0) == "a scripted family");
    const std::string prom = read_input_file("--prom", dir.path / "r.prom", 1 << 20);
    CHECK(prom.find("test.scripted") != std::string::npos);
}

TEST_CASE("the driver's exit codes: a failed case, nothing measured, nothing planned",
          "[run_driver]") {
    TempDir dir;
    {
        OutputSet outputs;
        outputs.add("--out", (dir.path / "failed.json").string());
        outputs.check_and_open({});
        RunDriver driver;
        bool judged = false;
        RunRequest request = scripted_request(
            [](const Case& c, int call) {
                Measurement m = measured(c, 1e-6);
                m.status = call == 0 ? CaseStatus::failed : CaseStatus::ok;
                return m;
            },
            1);
        request.judge = [&judged](const std::string&) {
            judged = true;
            return 0;
        };
        CHECK(driver.run(std::move(request), Topology::load(), outputs) == 1);
        CHECK_FALSE(judged); // a failed case is reported first, without the check
    }
    {
        OutputSet outputs;
        outputs.add("--out", (dir.path / "skipped.json").string());
        outputs.check_and_open({});
        RunDriver driver;
        RunRequest request = scripted_request(
            [](const Case& c, int) {
                Measurement m = measured(c, 1e-6);
                m.status = CaseStatus::skipped;
                m.error = "not here";
                return m;
            },
            1);
        CHECK(driver.run(std::move(request), Topology::load(), outputs) == 3);
    }
    {
        OutputSet outputs;
        RunDriver driver;
        RunRequest request;
        request.options.filter = "no-such-case";
        request.runners.push_back(
            std::make_unique<ScriptedRunner>(std::vector<Case>{scripted_case(0)},
                                             [](const Case& c, int) { return measured(c, 1e-6); }));
        try {
            (void)driver.run(std::move(request), Topology::load(), outputs);
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::usage);
            CHECK_THAT(e.what(), Catch::Contains("no case to run"));
            CHECK_THAT(e.what(), !Catch::Contains("--cold"));
        }
        // A filter for the cold-cache twins without --cold says what is missing: the host
        // family plans them with --cold (a filter that no plan matches says nothing of --cold,
        // above). 4K fits any last-level cache, so the twin is planned.
        RunRequest cold;
        cold.options.filter = "^host\\.read\\.cold/";
        cold.options.sizes = std::vector<std::uint64_t>{4096};
        cold.runners.push_back(bench::make_host_runner());
        try {
            (void)driver.run(std::move(cold), Topology::load(), outputs);
            FAIL("no error");
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::usage);
            CHECK_THAT(e.what(), Catch::Contains("planned only with --cold"));
        }
    }
}

TEST_CASE("without --out the driver writes results/<host>-<date>.json through its outputs",
          "[run_driver]") {
    TempDir dir;
    const fs::path before = fs::current_path();
    fs::current_path(dir.path);
    OutputSet outputs; // no --out, no --prom
    RunDriver driver;
    const int code =
        driver.run(scripted_request([](const Case& c, int) { return measured(c, 1e-6); }, 1),
                   Topology::load(), outputs);
    fs::current_path(before);
    CHECK(code == 0);
    std::vector<fs::path> written;
    for (const auto& e : fs::directory_iterator(dir.path / "results")) {
        written.push_back(e.path());
    }
    REQUIRE(written.size() == 1); // the file itself, no lock file left
    CHECK(written[0].extension() == ".json");
    CHECK(read_json(written[0]).at("benchmarks").size() == 2);
}
