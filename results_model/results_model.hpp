#pragma once
// What reports know about a results file: the run's header facts and one CaseResult per case,
// read from the `linkperf` objects (docs/results-schema.md).
#include "core/measurement.hpp"
#include "core/statistics.hpp"
#include "results_model/case_key.hpp"

#include <optional>
#include <string>
#include <vector>

namespace linkperf::reports {

// The facts a report header shows for one run.
struct RunInfo {
    std::string label; // how tables name the run: the file name, unique among the inputs
    std::string file;  // the path it was read from
    int schema_version = 0;
    std::string hostname;
    std::string isa;
    std::string cpu_model;
    std::string kernel;
    std::string os;
    bool emulated = false;
    std::string emulator;
    std::string date;        // when the run started
    std::string finished_at; // when it finished (context.linkperf.finished_at), if written
    std::string linkperf_version;
    std::string git_sha;
    std::string suite;
    bool complete = false;
    int gpus = 0;
    std::vector<std::string> gpu_names;
    std::string cuda_driver;
    std::string cuda_driver_release; // cuda.driver_release, "580.65.06" (NVML), if written
    // Per GPU, from cuda.devices[]: "gpu0 0000:19:00.0 GPU-<uuid>, VBIOS 96.00.99.00.01", with
    // the physical GPU's UUID on a MIG instance and its MIG instances' UUIDs where written.
    std::vector<std::string> gpu_identities;
    std::string cuda_runtime;
    std::string nccl_version;
    std::string collectives_library; // context.linkperf.collectives.library, if any
    // How the GPUs reach the host, from cuda.devices[].pageable_uses_host_page_tables as the
    // GPU runner decides it (bench/gpu_family/gpu_measure.cpp): "nvlink-c2c", "pcie", "mixed"; ""
    // no GPU.
    std::string gpu_link_kind;
    // `linkperf run --repeat N` (context.linkperf.repeat), or a baseline saved from several
    // runs: the number of independent passes; 0 for a single-run file.
    int passes = 0;
    std::string repeat_seed; // the case-order shuffle seed of a --repeat run ("" when none)
};

// The link a GPU case ran over (extra.link, written by the GPU runner): its kind and the
// negotiated and maximum PCIe generation and width; 0 where unknown.
struct LinkFacts {
    std::string type; // "pcie", "nvlink-c2c", "peer", "device memory", "unknown"
    int generation = 0;
    int width = 0;
    int max_generation = 0;
    int max_width = 0;
};

// The status a case was written with: the measuring side's own type (core/measurement.hpp).
using linkperf::CaseStatus;

struct Endpoint {
    std::string kind;
    int id = -1;
    std::string role;
    std::string memory;
};

// A contention pair's figures (extra.victim, extra.aggressor, extra.alone,
// extra.interference_ratio, extra.aggressor_run): the case's own stats are the victim's under
// load.
struct ContentionFigures {
    std::string victim;
    std::string aggressor;
    double alone_median = 0;
    double alone_p5 = 0;
    double alone_p95 = 0;
    double ratio = 0;          // victim under load / victim alone
    double aggressor_gbps = 0; // what the aggressor moved during the victim's measurement
};

struct CaseResult {
    CaseKey key;
    std::string name; // the benchmark entry name (only shown, never parsed)
    std::string metric;
    std::string unit;
    bool higher_is_better = true;
    Endpoint source;
    Endpoint destination;
    CaseStatus status = CaseStatus::ok;
    std::string error;
    Statistics stats;
    std::vector<double> samples;          // in `unit`
    std::optional<double> link_rate_gbps; // extra.link_theoretical_gbps
    std::optional<double> efficiency;     // extra.efficiency (measured / link rate)
    std::optional<LinkFacts> link;        // extra.link, when the case names its link
    bool throttled = false;               // telemetry.throttled: the figure is suspect
    std::optional<bool> data_verified;    // data_verified, when written
    std::optional<bool> placement_ok;     // placement.verified, when written
    // A point of a saturation curve: extra.sweep ("threads", "gpus", "peers"), or "ranks" for
    // collectives measured with --scaling (extra.scaling_base_ranks).
    std::string sweep;
    std::optional<ContentionFigures> contention;
    // Run level (--repeat, or a baseline of several runs): one median per pass (benchmarks[]
    // entries with linkperf.pass), in `unit`, in pass order; empty for a single-run file.
    std::vector<double> run_medians;
    // Per pass, parallel to run_medians: why that pass was measured under contention
    // (linkperf.contention.why), "" for a clean pass.
    std::vector<std::string> run_contended;
    // A single-run case's own contention (linkperf.contention.why), "" when clean or unknown.
    std::string contended;
    // THE run-level values of the case: run_medians when it has passes, else {stats.median}
    // for a measured (ok) case, else empty. Everything judging runs reads this.
    std::vector<double> run_values() const;
};

struct Run {
    RunInfo info;
    std::vector<CaseResult> cases; // sorted by key, one per key
    const CaseResult* find(const CaseKey& key) const;
};

} // namespace linkperf::reports
