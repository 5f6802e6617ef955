#include "gpu/memory_kind.hpp"

#include <array>
#include <utility>

namespace linkperf::gpu {
namespace {

constexpr std::array<std::pair<MemoryKind, const char*>, 8> kNames{{
    {MemoryKind::device, "device"},
    {MemoryKind::pageable, "pageable"},
    {MemoryKind::pinned, "pinned"},
    {MemoryKind::registered, "registered"},
    {MemoryKind::mapped, "mapped"},
    {MemoryKind::writecombined, "writecombined"},
    {MemoryKind::managed, "managed"},
    {MemoryKind::system, "system"},
}};

} // namespace

const char* to_string(MemoryKind kind) {
    for (const auto& [k, name] : kNames) {
        if (k == kind) {
            return name;
        }
    }
    return "unknown";
}

std::optional<MemoryKind> memory_kind_from_string(std::string_view text) {
    for (const auto& [k, name] : kNames) {
        if (text == name) {
            return k;
        }
    }
    return std::nullopt;
}

} // namespace linkperf::gpu
