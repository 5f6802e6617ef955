#pragma once
// What a run studies beyond each link alone: where links saturate (--suite saturation, the
// sweeps chosen with --sweep) and what one flow does to another (--suite contention)
// (docs/saturation.md).
#include <string>

namespace linkperf {

enum class Study { links, saturation, contention };
const char* to_string(Study study);

// The concurrency sweeps of the saturation study.
struct SweepSet {
    bool threads = true; // host memory controllers: 1..N threads reading, writing, copying
    bool gpus = true;    // host<->GPU: 1..G GPUs copying to/from one node's pinned memory
    bool peers = true;   // GPU<->GPU: 1..G-1 peers copying into one GPU
};

// "threads", "gpus,peers", "all". Throws Error(usage) for an empty or unknown item.
SweepSet parse_sweeps(const std::string& text);

struct StudyOptions {
    Study study = Study::links;
    SweepSet sweeps;
    double knee_fraction = 0.95; // --knee: the fraction of the plateau that marks the knee
};

// Checks a --knee value: a number in (0, 1]. Throws Error(usage).
double check_knee_fraction(double fraction);

} // namespace linkperf
