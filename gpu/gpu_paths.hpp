#pragma once
// The GPU paths of the path catalogue (core/path_catalogue.hpp): id, how each is measured,
// metric, how bytes are counted and what one operation is. docs/gpu-paths.md describes each.
#include "core/case.hpp"
#include "core/path_catalogue.hpp"

#include <string_view>
#include <vector>

namespace linkperf::gpu {

// The catalogue's groups; the GPU family measures copy_engine, sm, managed and latency.
using PathGroup = linkperf::PathGroup;

struct GpuPathInfo {
    std::string_view id;
    PathGroup group = PathGroup::copy_engine;
    Metric metric = Metric::bandwidth;
    std::string_view bytes_counted; // bandwidth: how bytes are counted; latency: what an op is
};

// The catalogue's entries of family gpu, in catalogue order.
const std::vector<GpuPathInfo>& gpu_paths();
// nullptr when `id` is not a GPU path.
const GpuPathInfo* find_gpu_path(std::string_view id);
// The Path of a case; throws Error(usage) for an unknown id.
Path gpu_path(std::string_view id);

} // namespace linkperf::gpu
