#include "gpu/gpu_paths.hpp"

#include "core/error.hpp"

#include <string>

namespace linkperf::gpu {

const std::vector<GpuPathInfo>& gpu_paths() {
    static const std::vector<GpuPathInfo> paths = [] {
        std::vector<GpuPathInfo> out;
        for (const PathEntry& e : kPathCatalogue) {
            if (e.family == PathFamily::gpu) {
                out.push_back({e.name, e.group, e.metric, e.bytes_counted});
            }
        }
        return out;
    }();
    return paths;
}

const GpuPathInfo* find_gpu_path(std::string_view id) {
    for (const auto& p : gpu_paths()) {
        if (p.id == id) {
            return &p;
        }
    }
    return nullptr;
}

Path gpu_path(std::string_view id) {
    const GpuPathInfo* info = find_gpu_path(id);
    if (info == nullptr) {
        throw usage_error("unknown GPU path '" + std::string(id) + "'");
    }
    return Path{std::string(info->id), info->metric, std::string(info->bytes_counted)};
}

} // namespace linkperf::gpu
