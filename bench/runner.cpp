#include "bench/runner.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "gpu/gpu_error.hpp"
#include "platform/cpu_contention.hpp"
#include "platform/telemetry_sampler.hpp"

#include <benchmark/benchmark.h>
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <map>
#include <new>
#include <optional>
#include <string>
#include <vector>

namespace linkperf::bench {
namespace {

// The GPUs a case uses, for the telemetry throttle flag: none for a case whose endpoints are
// all host memory, CPUs or cores (a GPU's slowdown does not make a host case suspect);
// nullopt (every GPU counts) for a GPU case, since some GPU paths drive every device and the
// runner does not know their bus ids.
std::optional<std::vector<std::string>> telemetry_gpus(const Case& c) {
    auto host = [](const Endpoint& e) {
        return e.kind == EndpointKind::host_memory || e.kind == EndpointKind::host_cpu ||
               e.kind == EndpointKind::core;
    };
    if (host(c.source) && host(c.destination)) {
        return std::vector<std::string>{};
    }
    return std::nullopt;
}

// What an exception out of a case means for the run. A case that cannot run on this machine
// (Error environment: not enough memory, a peer or device it needs missing; or an
// allocation that failed) is skipped with the reason and the run goes on; a measurement error
// fails the case. Returns false for what stops the run: a fatal GPU error (the CUDA context is
// unusable) or anything else unexpected, recorded as the case's error.
bool record_case_error(const std::exception_ptr& error, const Case& c, Measurement& m) {
    m = Measurement{};
    m.test_case = c;
    m.status = CaseStatus::skipped;
    try {
        std::rethrow_exception(error);
    } catch (const gpu::GpuError& e) {
        m.error = e.what();
        if (e.kind() == gpu::GpuErrorKind::measurement) {
            m.status = CaseStatus::failed;
        }
        return e.kind() != gpu::GpuErrorKind::fatal;
    } catch (const Error& e) {
        m.error = e.what();
        if (e.code() == ExitCode::failed) {
            m.status = CaseStatus::failed;
        }
        return e.code() == ExitCode::environment || e.code() == ExitCode::failed;
    } catch (const std::bad_alloc&) {
        m.error = "not enough memory for " + c.name();
        return true;
    } catch (const std::exception& e) {
        m.error = std::string("stopped by an error: ") + e.what();
        return false;
    } catch (...) {
        m.error = "stopped by an unknown error";
        return false;
    }
}

using Clock = std::chrono::steady_clock;

// Receives Google Benchmark's runs in order, joins each with the measurement its body left,
// appends it to the results file and prints progress.
class ResultsReporter : public benchmark::BenchmarkReporter {
public:
    ResultsReporter(ResultsFile& file, const std::vector<std::vector<Measurement>>& repetitions,
                    std::map<std::string, std::size_t> index)
        : file_(file), repetitions_(repetitions), index_(std::move(index)), start_(Clock::now()),
          tty_(::isatty(2) != 0) {}

    bool ReportContext(const Context&) override { return true; }

    void ReportRuns(const std::vector<Run>& runs) override {
        for (const auto& run : runs) {
            const auto it = index_.find(run.run_name.function_name);
            if (run.run_type != Run::RT_Iteration || it == index_.end()) {
                continue; // aggregates of --benchmark_repetitions: the samples already hold them
            }
            // --benchmark_repetitions runs the body once per repetition and reports them all
            // at the end: each entry is written with its own repetition's measurement.
            const auto& reps = repetitions_[it->second];
            if (reps.empty()) {
                continue;
            }
            const auto rep =
                static_cast<std::size_t>(std::max<std::int64_t>(0, run.repetition_index));
            const Measurement& m = reps[std::min(rep, reps.size() - 1)];
            // Every case is registered in ns, so the adjusted CPU time is in ns.
            nlohmann::json entry =
                benchmark_entry(m, run.GetAdjustedCPUTime(), static_cast<int>(it->second));
            entry["repetitions"] = run.repetitions;
            entry["repetition_index"] = run.repetition_index;
            file_.append(entry);
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
        if (elapsed < 3.0 && next_ < repetitions_.size()) {
            return; // short runs need no progress line
        }
        const double eta =
            elapsed / static_cast<double>(next_) *
            static_cast<double>(repetitions_.size() > next_ ? repetitions_.size() - next_ : 0);
        // On a terminal one line rewritten in place; in a log, one line every ~10 s.
        if (!tty_ && elapsed - last_print_ < 10.0 && next_ < repetitions_.size()) {
            return;
        }
        last_print_ = elapsed;
        printed_ = true;
        fmt::print(stderr, "{}[{}/{}] {:.0f}s elapsed, ETA {:.0f}s  {:<60.60}{}", tty_ ? "\r" : "",
                   next_, repetitions_.size(), elapsed, eta, m.test_case.name(), tty_ ? "" : "\n");
        std::fflush(stderr);
    }

    ResultsFile& file_;
    const std::vector<std::vector<Measurement>>& repetitions_; // per case, in repetition order
    std::map<std::string, std::size_t> index_;                 // benchmark name -> slot
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
        FamilyPlan plan = r->plan(topo, options);
        auto cases = apply_filter(std::move(plan.cases), options.filter);
        if (cases.empty() && !plan.skip_reason.empty()) {
            notes.push_back(plan.skip_reason);
        }
        for (const auto& n : plan.notes) {
            notes.push_back(n);
        }
        plan.cases.clear();
        r->use(plan);
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
                     ResultsFile& results, std::vector<std::string> gbench_args,
                     std::optional<int> pass, PreparedCaseCache* cache) {
    RunOutcome outcome;
    // One measurement per repetition of each case (Google Benchmark's --benchmark_repetitions).
    std::vector<std::vector<Measurement>> repetitions(cases.size());
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
    const long online = ::sysconf(_SC_NPROCESSORS_ONLN);
    const unsigned cpus = online > 0 ? static_cast<unsigned>(online) : 0;

    for (std::size_t i = 0; i < cases.size(); ++i) {
        const PlannedCase& pc = cases[i];
        std::vector<Measurement>* reps = &repetitions[i];
        auto body = [&pc, reps, &sampler, &fatal, &telemetry, cpus, pass,
                     cache](benchmark::State& state) {
            if (interrupt_signal() != 0) {
                // Stopped by the user: the cases after the one in flight are not run and not
                // written; the results file says the run is incomplete.
                state.SkipWithError("not run: the run was interrupted");
                for (auto _ : state) {
                }
                return;
            }
            Measurement* slot = &reps->emplace_back();
            for (auto _ : state) {
                if (fatal) {
                    slot->test_case = pc.test_case;
                    slot->status = CaseStatus::skipped;
                    slot->error = "not run: the run stopped at an earlier error";
                } else {
                    telemetry.start();
                    const CpuCounters before = read_cpu_counters();
                    try {
                        if (cache != nullptr) {
                            const std::string name = pc.test_case.name();
                            bool kept = false;
                            std::unique_ptr<PreparedCase> prepared =
                                cache->take(name, *pc.runner, pc.test_case, &kept);
                            *slot = cache->measure(name, *prepared, sampler);
                            // Which passes shared one set-up (its buffers, so its pages).
                            slot->extra["setup"] =
                                kept ? "kept from the previous pass" : "made for this pass";
                            cache->keep(name, std::move(prepared));
                        } else {
                            *slot = pc.runner->measure(pc.test_case, sampler);
                        }
                        const CpuCounters after = read_cpu_counters();
                        slot->telemetry =
                            summarize_telemetry(telemetry.stop(), slot->placement.cpus_ran_on,
                                                telemetry_gpus(pc.test_case));
                        slot->contention = summarize_contention(
                            before, after, cpus, pc.test_case.threads, slot->telemetry);
                        slot->pass = pass;
                    } catch (...) {
                        telemetry.stop();
                        if (!record_case_error(std::current_exception(), pc.test_case, *slot)) {
                            fatal = std::current_exception();
                        }
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
    ResultsReporter reporter(results, repetitions, std::move(index));
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::ClearRegisteredBenchmarks();
    if (fatal) {
        std::rethrow_exception(fatal);
    }
    // The tables and metrics show one row per case: its last repetition, or the first one that
    // did not succeed. Cases a --benchmark_filter left out never ran and have none.
    for (auto& reps : repetitions) {
        if (reps.empty()) {
            continue;
        }
        const auto bad = std::find_if(reps.begin(), reps.end(), [](const Measurement& m) {
            return m.status != CaseStatus::ok;
        });
        outcome.measurements.push_back(bad != reps.end() ? *bad : reps.back());
    }
    for (const auto& m : outcome.measurements) {
        outcome.failed += m.status == CaseStatus::failed ? 1 : 0;
        outcome.skipped += m.status == CaseStatus::skipped ? 1 : 0;
    }
    return outcome;
}

} // namespace linkperf::bench
