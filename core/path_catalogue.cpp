#include "core/path_catalogue.hpp"

#include <string>

namespace linkperf {

const PathEntry* find_path(std::string_view name) {
    for (const PathEntry& e : kPathCatalogue) {
        if (e.name == name) {
            return &e;
        }
    }
    return nullptr;
}

std::optional<PathId> path_id_of(std::string_view name) {
    const PathEntry* e = find_path(name);
    return e ? std::optional<PathId>(e->id) : std::nullopt;
}

bool is_path(std::string_view name, PathId id) {
    return name == path_name(id);
}

Path make_path(PathId id) {
    const PathEntry& e = path_entry(id);
    return Path{std::string(e.name), e.metric, std::string(e.bytes_counted)};
}

bool is_collective_path(std::string_view name) {
    return name.starts_with(kCollectivePrefix);
}

std::optional<LinkClass> link_class_of(std::string_view name) {
    if (name.starts_with(kContentionPrefix)) {
        return LinkClass::contention;
    }
    if (is_collective_path(name)) {
        return LinkClass::collectives;
    }
    if (const PathEntry* e = find_path(name)) {
        return e->link_class;
    }
    return std::nullopt;
}

std::vector<PathId> catalogued_paths(PathFamily family) {
    std::vector<PathId> out;
    for (const PathEntry& e : kPathCatalogue) {
        if (e.family == family) {
            out.push_back(e.id);
        }
    }
    return out;
}

std::vector<PathId> catalogued_paths(PlanBy plan, PathGroup group) {
    std::vector<PathId> out;
    for (const PathEntry& e : kPathCatalogue) {
        if (e.plan == plan && e.group == group) {
            out.push_back(e.id);
        }
    }
    return out;
}

bool role_admits(EndpointRole role, EndpointKind kind) {
    switch (role) {
    case EndpointRole::host_memory:
    case EndpointRole::copy_target:
        return kind == EndpointKind::host_memory;
    case EndpointRole::host_cpu:
        return kind == EndpointKind::host_cpu;
    case EndpointRole::core:
        return kind == EndpointKind::core;
    case EndpointRole::gpu_memory:
    case EndpointRole::peer_memory:
    case EndpointRole::gpu_group:
        return kind == EndpointKind::gpu_memory;
    case EndpointRole::gpu_sm:
        return kind == EndpointKind::gpu_sm;
    case EndpointRole::any_memory:
        return kind == EndpointKind::host_memory || kind == EndpointKind::gpu_memory;
    case EndpointRole::unset:
        return false;
    }
    return false;
}

const char* to_string(EndpointRole role) {
    switch (role) {
    case EndpointRole::host_memory:
        return "host memory";
    case EndpointRole::host_cpu:
        return "host CPU";
    case EndpointRole::copy_target:
        return "copy target";
    case EndpointRole::core:
        return "core";
    case EndpointRole::gpu_memory:
        return "GPU memory";
    case EndpointRole::peer_memory:
        return "peer GPU memory";
    case EndpointRole::gpu_group:
        return "GPU group";
    case EndpointRole::gpu_sm:
        return "GPU SM";
    case EndpointRole::any_memory:
        return "host or GPU memory";
    case EndpointRole::unset:
        return "unset";
    }
    return "unset";
}

} // namespace linkperf
