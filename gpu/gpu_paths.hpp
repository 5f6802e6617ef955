#pragma once
// The catalogue of GPU paths: id, metric, how bytes are counted and what one operation is.
// docs/gpu-paths.md describes each one.
#include "core/case.hpp"

#include <string_view>
#include <vector>

namespace linkperf::gpu {

enum class PathGroup {
    copy_engine, // ce.*: cudaMemcpyAsync
    sm,          // sm.*: copy kernels loading and storing the other side's memory
    managed,     // um.*: managed memory migration
    latency,     // lat.*
};

struct GpuPathInfo {
    std::string_view id;
    PathGroup group = PathGroup::copy_engine;
    Metric metric = Metric::bandwidth;
    std::string_view bytes_counted; // bandwidth: how bytes are counted; latency: what an op is
};

const std::vector<GpuPathInfo>& gpu_paths();
// nullptr when `id` is not a GPU path.
const GpuPathInfo* find_gpu_path(std::string_view id);
// The Path of a case; throws Error(usage) for an unknown id.
Path gpu_path(std::string_view id);

} // namespace linkperf::gpu
