#pragma once
// Where a link saturates: from the medians measured at rising concurrency (threads, GPUs,
// peers, ranks), the plateau, the knee (the smallest concurrency reaching a fraction of the
// plateau), the scaling efficiency of every step and whether the sweep went past the knee.
// Shared by the runner (the results file's `saturation` records) and the reports; plain C++.
#include <string>
#include <vector>

namespace linkperf {

struct CurvePoint {
    double concurrency = 0; // threads, GPUs, peers or ranks (> 0)
    double value = 0;       // the median bandwidth at that concurrency (> 0)
};

struct SaturationOptions {
    // The knee is the smallest concurrency whose median is at least this fraction of the
    // plateau (docs/saturation.md).
    double knee_fraction = 0.95;
};

struct StepEfficiency {
    double from = 0;       // concurrency of the previous point
    double to = 0;         // concurrency of this point
    double efficiency = 0; // (value gain) / (concurrency gain): 1 = linear, 0 = flat
};

struct Saturation {
    std::vector<CurvePoint> points; // the usable points, sorted by concurrency
    double plateau = 0;             // the highest median of the sweep (GB/s)
    double peak_at = 0;             // the concurrency that reached it
    double knee = 0;                // smallest concurrency with value >= knee_fraction * plateau
    double knee_value = 0;          // its median
    double knee_fraction = 0.95;
    std::vector<StepEfficiency> steps; // one per step between neighbouring points
    std::vector<double> vs_first;      // per point: value / (first value * concurrency ratio)
    bool plateau_reached = false;      // the sweep measured a point past the knee
    bool declines_after_knee = false;  // a point past the knee fell below the threshold
    double lowest_after_knee = 0;      // the lowest fraction of the plateau past the knee
    std::string finding;               // one line: the knee, or why no plateau was found
};

// Points with a non-positive or non-finite concurrency or value are left out; a repeated
// concurrency keeps its highest value. Throws nothing: a curve too short to judge says so in
// `finding` with plateau_reached false. knee_fraction outside (0, 1] is clamped to it.
Saturation analyse_saturation(std::vector<CurvePoint> points,
                              const SaturationOptions& options = {});

} // namespace linkperf
