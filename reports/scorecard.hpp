#pragma once
// The scorecard that opens a report: per link class (host memory bandwidth, host memory
// latency, core-to-core, host<->GPU, GPU<->GPU, GPU memory, collectives, contention), the
// candidate/baseline geometric mean of the medians, the worst case, each saturation curve's
// knee and plateau on both sides and a one-line verdict. Without a baseline: what was measured.
#include "core/path_catalogue.hpp"
#include "core/saturation.hpp"
#include "reports/report_set.hpp"

#include <optional>
#include <string>
#include <vector>

namespace linkperf::reports {

inline constexpr LinkClass kLinkClasses[] = {LinkClass::host_bandwidth, LinkClass::host_latency,
                                             LinkClass::core_to_core,   LinkClass::host_gpu,
                                             LinkClass::gpu_gpu,        LinkClass::gpu_memory,
                                             LinkClass::collectives,    LinkClass::contention};

const char* to_string(LinkClass c); // "host memory bandwidth", "host<->GPU", ...
// The class of a path id is the path catalogue's: link_class_of, core/path_catalogue.hpp.

// A saturation curve's knee and plateau, on the candidate and (when it has the curve) the
// baseline side.
struct CurveFigures {
    std::string label;       // the link
    std::string concurrency; // threads, GPUs, peers, ranks
    std::string unit;
    std::optional<Saturation> candidate;
    std::optional<Saturation> baseline;
};

struct ScorecardRow {
    LinkClass link_class = LinkClass::host_bandwidth;
    std::string metric; // bandwidth or latency: a class with both gets a row for each
    std::string label;  // "host<->GPU bandwidth"
    bool higher_is_better = true;
    std::size_t measured = 0;            // ok cases of the candidate in the class
    std::size_t joined = 0;              // ok on both sides
    std::optional<double> geomean_ratio; // candidate / baseline, geometric mean of the medians
    std::string worst_case;              // the joined case that fares worst
    double worst_ratio = 0;              // its candidate / baseline
    std::size_t regressed = 0;           // by the gate
    std::size_t improved = 0;
    std::vector<CurveFigures> curves;
    // "better", "worse", "on par" (compared rows with a joined case; empty otherwise): the
    // worse of the geometric mean's and the worst case's, and "worse" once a case regressed,
    // so a class is never better than its worst case.
    std::string judgement;
    std::string verdict; // one line
    // A single run judged against an expectation profile (reports/expectation_report.hpp):
    // "ok", "warning" or "failing"; empty when not judged.
    std::string health;
};

struct Scorecard {
    const Run* candidate = nullptr;
    const Run* baseline = nullptr;  // null: a single run
    std::vector<ScorecardRow> rows; // (class, metric) with a measured case, in kLinkClasses order
};

// One scorecard per comparison, or one for the single run when there is none.
std::vector<Scorecard> build_scorecards(const ReportSet& set, const SaturationOptions& options);

} // namespace linkperf::reports
