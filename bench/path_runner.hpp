#pragma once
// A family of paths (host links, GPU links): plans its cases from the topology and measures
// one case at a time. The runner (bench/runner.hpp) registers every planned case with Google
// Benchmark and calls measure() from the benchmark body.
#include "core/measurement.hpp"
#include "core/plan.hpp"
#include "core/sampler.hpp"
#include "platform/topology.hpp"

#include <any>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace linkperf::bench {

// One case set up for measuring: its buffers allocated, placed and filled. `linkperf run
// --repeat` keeps it across passes (bench/prepared_case_cache.hpp), so a pass pays for the
// measurement and its checks, not for the set-up (allocation, first touch, building a chase).
class PreparedCase {
public:
    virtual ~PreparedCase() = default;
    // Measures the case once: warm-up, samples, data and placement checks, as measure(case).
    virtual Measurement measure(const SamplerConfig& sampler) = 0;
    // Memory it holds between measurements, per NUMA node (what the cache bounds).
    virtual std::map<int, std::uint64_t> held_bytes() const { return {}; }
};

// What a family plans for one run, as a value: planning changes nothing in the runner until
// the run adopts the plan (PathRunner::use).
struct FamilyPlan {
    std::vector<Case> cases; // may be empty, with skip_reason saying why
    std::string skip_reason; // one line for the run's notes when no case is planned
    // What the run's notes should say once (e.g. which memory figure sized it).
    std::vector<std::string> notes;
    // Facts of this plan that describe() records in context.linkperf (e.g. dram_point_reason).
    nlohmann::json facts = nlohmann::json::object();
    Study study = Study::links; // the study planned, which measure() and prepare() follow
    // What the family's measure() needs from its plan, in the family's own type (the GPU
    // family: each GPU's nearest node); empty for a family that needs nothing.
    std::any measure_state;
};

class PathRunner {
public:
    virtual ~PathRunner() = default;
    virtual std::string family() const = 0; // "host", "gpu"
    // The cases this family would measure and what it decided; changes nothing in the runner.
    virtual FamilyPlan plan(const Topology& topo, const PlanOptions& options) const = 0;
    // Adopts the plan whose cases the run measures (expand_plan calls it): measure(),
    // prepare() and describe() follow it. Default: nothing kept.
    virtual void use(const FamilyPlan& plan) { (void)plan; }
    // Measures one case. A case that cannot run returns status=skipped with the reason; a case
    // whose data verification fails returns status=failed. A Error(environment) thrown
    // here (not enough memory, a peer missing) skips this case only, with its message as the
    // reason (bench/runner.cpp); a fatal GPU error stops the run.
    virtual Measurement measure(const Case& c, const SamplerConfig& sampler) = 0;
    // Sets the case up for one or more measure() calls; the set-up may throw as measure()
    // does. Default: nothing kept, each measurement is measure(c, sampler).
    virtual std::unique_ptr<PreparedCase> prepare(const Case& c);
    // Facts recorded in context.linkperf (e.g. "isa_features", "cuda", and the adopted plan's
    // facts): a family whose plan carries facts overrides use() to keep them and this to write
    // them (bench/host/host_runner.cpp); default: none.
    virtual void describe(nlohmann::json& context) const { (void)context; }
};

// Host links: host.copy, host.read, host.write, host.latency, host.c2c
// (bench/host/host_runner.cpp).
std::unique_ptr<PathRunner> make_host_runner();
// GPU links (bench/gpu_family/gpu_runner.cpp): plans nothing and says why on a host without
// CUDA/device.
std::unique_ptr<PathRunner> make_gpu_runner();

} // namespace linkperf::bench
