#pragma once
// A family of paths (host links, GPU links): plans its cases from the topology and measures
// one case at a time. The runner (bench/runner.hpp) registers every planned case with Google
// Benchmark and calls measure() from the benchmark body.
#include "core/measurement.hpp"
#include "core/plan.hpp"
#include "core/sampler.hpp"
#include "platform/topology.hpp"

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

class PathRunner {
public:
    virtual ~PathRunner() = default;
    virtual std::string family() const = 0; // "host", "gpu"
    // The cases this family would measure; may be empty, with skip_reason() saying why.
    virtual std::vector<Case> plan(const Topology& topo, const PlanOptions& options) const = 0;
    virtual std::string skip_reason() const { return {}; }
    // What the last plan() decided that the run's notes should say once (e.g. which memory
    // figure sized it); default none.
    virtual std::vector<std::string> plan_notes() const { return {}; }
    // Measures one case. A case that cannot run returns status=skipped with the reason; a case
    // whose data verification fails returns status=failed. A Error(environment) thrown
    // here (not enough memory, a peer missing) skips this case only, with its message as the
    // reason (bench/runner.cpp); a fatal GPU error stops the run.
    virtual Measurement measure(const Case& c, const SamplerConfig& sampler) = 0;
    // Sets the case up for one or more measure() calls; the set-up may throw as measure()
    // does. Default: nothing kept, each measurement is measure(c, sampler).
    virtual std::unique_ptr<PreparedCase> prepare(const Case& c);
    // Facts recorded in context.linkperf (e.g. "isa_features", "cuda"); default none.
    virtual void describe(nlohmann::json& context) const { (void)context; }
};

// Host links: host.copy, host.read, host.write, host.latency, host.c2c
// (bench/host/host_runner.cpp).
std::unique_ptr<PathRunner> make_host_runner();
// GPU links (bench/gpu/gpu_runner.cpp): plans nothing and says why on a host without CUDA/device.
std::unique_ptr<PathRunner> make_gpu_runner();

} // namespace linkperf::bench
