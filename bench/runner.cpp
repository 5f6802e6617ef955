#include "bench/runner.hpp"

#include "harness/error.hpp"
#include "harness/telemetry_sampler.hpp"

#include <benchmark/benchmark.h>
#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <exception>
#include <map>

namespace linkperf::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Receives Google Benchmark's runs in order, joins each with the measurement its body left,
// appends it to the results file and prints progress.
class ResultsReporter : public benchmark::BenchmarkReporter {
public:
    ResultsReporter(ResultsFile& file, std::vector<Measurement>& slots,
                    std::map<std::string, std::size_t> index)
        : file_(file), slots_(slots), index_(std::move(index)), start_(Clock::now()),
          tty_(::isatty(2) != 0) {}

    bool ReportContext(const Context&) override { return true; }

    void ReportRuns(const std::vector<Run>& runs) override {
        for (const auto& run : runs) {
            const auto it = index_.find(run.run_name.function_name);
            if (run.run_type != Run::RT_Iteration || it == index_.end()) {
                continue; // aggregates of --benchmark_repetitions: the samples already hold them
            }
            const Measurement& m = slots_[it->second];
            // Every case is registered in ns, so the adjusted CPU time is in ns.
            file_.append(
                benchmark_entry(m, run.GetAdjustedCPUTime(), static_cast<int>(it->second)));
            ++next_;
            progress(m);
        }
    }

    void Finalize() override {
        if (tty_ && printed_) {
            fmt::print(stderr, "\n");
        }
    }

private:
    void progress(const Measurement& m) {
        const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
        if (elapsed < 3.0 && next_ < slots_.size()) {
            return; // short runs need no progress line
        }
        const double eta =
            elapsed / static_cast<double>(next_) * static_cast<double>(slots_.size() - next_);
        // On a terminal one line rewritten in place; in a log, one line every ~10 s.
        if (!tty_ && elapsed - last_print_ < 10.0 && next_ < slots_.size()) {
            return;
        }
        last_print_ = elapsed;
        printed_ = true;
        fmt::print(stderr, "{}[{}/{}] {:.0f}s elapsed, ETA {:.0f}s  {:<60.60}{}", tty_ ? "\r" : "",
                   next_, slots_.size(), elapsed, eta, m.test_case.name(), tty_ ? "" : "\n");
        std::fflush(stderr);
    }

    ResultsFile& file_;
    std::vector<Measurement>& slots_;
    std::map<std::string, std::size_t> index_; // benchmark name -> slot
    std::size_t next_ = 0;
    Clock::time_point start_;
    bool tty_;
    bool printed_ = false;
    double last_print_ = -100.0;
};

} // namespace

std::vector<PlannedCase> expand_plan(const std::vector<std::unique_ptr<PathRunner>>& runners,
                                     const Topology& topo, const PlanOptions& options,
                                     std::vector<std::string>& notes) {
    std::vector<PlannedCase> out;
    for (const auto& r : runners) {
        auto cases = apply_filter(r->plan(topo, options), options.filter);
        if (cases.empty() && !r->skip_reason().empty()) {
            notes.push_back(r->skip_reason());
        }
        for (auto& c : cases) {
            out.push_back({std::move(c), r.get()});
        }
    }
    return out;
}

void add_benchmark_context(nlohmann::json& context) {
    const auto& cpu = benchmark::CPUInfo::Get();
    context["num_cpus"] = cpu.num_cpus;
    context["mhz_per_cpu"] = static_cast<long long>(cpu.cycles_per_second / 1e6);
    context["cpu_scaling_enabled"] = cpu.scaling == benchmark::CPUInfo::ENABLED;
    nlohmann::json caches = nlohmann::json::array();
    for (const auto& c : cpu.caches) {
        caches.push_back({{"type", c.type},
                          {"level", c.level},
                          {"size", c.size},
                          {"num_sharing", c.num_sharing}});
    }
    context["caches"] = caches;
    context["load_avg"] = cpu.load_avg;
    context["library_build_type"] =
#ifdef NDEBUG
        "release";
#else
        "debug";
#endif
}

RunOutcome run_cases(const std::vector<PlannedCase>& cases, const SamplerConfig& sampler,
                     ResultsFile& results, std::vector<std::string> gbench_args) {
    RunOutcome outcome;
    outcome.measurements.resize(cases.size());
    std::exception_ptr fatal;

    std::vector<char*> argv;
    for (auto& a : gbench_args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    int argc = static_cast<int>(argv.size()) - 1;
    benchmark::Initialize(&argc, argv.data());
    if (argc > 1) {
        throw usage_error(std::string("unknown benchmark flag '") + argv[1] + "'");
    }
    benchmark::ClearRegisteredBenchmarks();
    // CPU frequency and NVML telemetry sampled while each case runs (docs/results-schema.md).
    TelemetrySampler telemetry;

    for (std::size_t i = 0; i < cases.size(); ++i) {
        const PlannedCase& pc = cases[i];
        Measurement* slot = &outcome.measurements[i];
        auto body = [&pc, slot, &sampler, &fatal, &telemetry](benchmark::State& state) {
            for (auto _ : state) {
                if (fatal) {
                    slot->test_case = pc.test_case;
                    slot->status = CaseStatus::skipped;
                    slot->error = "not run: the run stopped at an earlier error";
                } else {
                    try {
                        telemetry.start();
                        *slot = pc.runner->measure(pc.test_case, sampler);
                        slot->telemetry =
                            summarize_telemetry(telemetry.stop(), slot->placement.cpus_ran_on);
                    } catch (...) {
                        telemetry.stop();
                        fatal = std::current_exception();
                        slot->test_case = pc.test_case;
                        slot->status = CaseStatus::skipped;
                        slot->error = "stopped by an environment error";
                    }
                }
                // Manual time must be positive; a skipped case reports no time of its own.
                state.SetIterationTime(slot->seconds_per_op > 0 ? slot->seconds_per_op : 1e-12);
            }
            if (slot->status != CaseStatus::ok) {
                state.SkipWithError(slot->error.c_str());
            } else if (slot->test_case.path.metric == Metric::bandwidth) {
                state.SetBytesProcessed(static_cast<std::int64_t>(slot->bytes_per_op));
            }
        };
        benchmark::RegisterBenchmark(pc.test_case.name().c_str(), body)
            ->Iterations(1)
            ->UseManualTime()
            ->Unit(benchmark::kNanosecond);
    }

    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        index.emplace(cases[i].test_case.name(), i);
    }
    ResultsReporter reporter(results, outcome.measurements, std::move(index));
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::ClearRegisteredBenchmarks();
    if (fatal) {
        std::rethrow_exception(fatal);
    }
    // Cases a --benchmark_filter left out never ran: drop their empty slots.
    std::erase_if(outcome.measurements,
                  [](const Measurement& m) { return m.test_case.path.id.empty(); });
    for (const auto& m : outcome.measurements) {
        outcome.failed += m.status == CaseStatus::failed ? 1 : 0;
        outcome.skipped += m.status == CaseStatus::skipped ? 1 : 0;
    }
    return outcome;
}

} // namespace linkperf::bench
