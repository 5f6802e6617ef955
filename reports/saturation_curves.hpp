#pragma once
// The saturation curves of a run for the reports: the ok cases marked as sweep points
// (extra.sweep, or collectives' --scaling figures), one curve per link (the case key without
// its concurrency), each analysed by the one knee/plateau function (core/saturation.hpp).
#include "core/saturation.hpp"
#include "results_model/results_model.hpp"

#include <string>
#include <vector>

namespace linkperf::reports {

struct SaturationCurve {
    CaseKey link;      // the points' key with threads (or, for "ranks", ranks) set to 0
    std::string sweep; // threads, gpus, peers, ranks
    std::vector<const CaseResult*> points; // by concurrency
    Saturation analysis;

    std::string label() const; // "host.read local(numa)->cpu 256M"
    // "threads", "GPUs", "peers", "ranks": the x axis.
    std::string concurrency_name() const;
};

// The concurrency of a sweep point: ranks for a collectives scaling step, else threads.
int concurrency_of(const CaseResult& c);

// Curves with two or more measured levels, sorted by link.
std::vector<SaturationCurve> saturation_curves(const Run& run, const SaturationOptions& options);

// The curve of `link` in `curves`, or nullptr.
const SaturationCurve* find_curve(const std::vector<SaturationCurve>& curves, const CaseKey& link);

} // namespace linkperf::reports
