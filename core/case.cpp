#include "core/case.hpp"

#include "core/error.hpp"
#include "core/units.hpp"

#include <fmt/core.h>

#include <array>
#include <utility>

namespace linkperf {
namespace {

constexpr std::array<std::pair<EndpointKind, const char*>, 6> kKinds{{
    {EndpointKind::host_memory, "host_memory"},
    {EndpointKind::host_cpu, "host_cpu"},
    {EndpointKind::core, "core"},
    {EndpointKind::gpu_memory, "gpu_memory"},
    {EndpointKind::gpu_sm, "gpu_sm"},
    {EndpointKind::rank, "rank"},
}};

} // namespace

const char* to_string(EndpointKind kind) {
    for (const auto& [k, name] : kKinds) {
        if (k == kind) {
            return name;
        }
    }
    return "unknown";
}

EndpointKind endpoint_kind_from_string(const std::string& text) {
    for (const auto& [k, name] : kKinds) {
        if (text == name) {
            return k;
        }
    }
    throw usage_error("unknown endpoint kind '" + text + "'");
}

const char* to_string(Metric metric) {
    return metric == Metric::bandwidth ? "bandwidth" : "latency";
}

std::string Endpoint::label() const {
    switch (kind) {
    case EndpointKind::host_memory:
    case EndpointKind::host_cpu:
        return "node" + std::to_string(id);
    case EndpointKind::core:
        return "core" + std::to_string(id);
    case EndpointKind::gpu_memory:
    case EndpointKind::gpu_sm:
        return "gpu" + std::to_string(id);
    case EndpointKind::rank:
        return "rank" + std::to_string(id);
    }
    return "unknown";
}

std::string Case::name() const {
    // fmt rather than operator+ chains: GCC 12 reports a false -Wrestrict on those.
    auto endpoint = [](const Endpoint& e) {
        return e.memory.empty() || e.memory == "numa" ? e.label()
                                                      : fmt::format("{}:{}", e.label(), e.memory);
    };
    return fmt::format("{}/{}/{}/{}/threads:{}", path.id, endpoint(source), endpoint(destination),
                       format_size(size_bytes), threads);
}

} // namespace linkperf
