#pragma once
// GPU contention pairs: host.read/host.copy against GPU 0's D2H into the victim's node or H2D
// out of it, ce.h2d against ce.d2h on one GPU's link, peer copies into GPU 0 against its host
// traffic (bench/contention_plan.hpp). Measured through the GPU layer; GpuError propagates.
#include "bench/gpu_family/gpu_measure.hpp"

namespace linkperf::bench {

Measurement measure_gpu_contention(const Case& pair, const GpuCaseContext& ctx);

} // namespace linkperf::bench
