#include "collectives/memory_check.hpp"

#include "core/error.hpp"

#include <fmt/format.h>

namespace linkperf::coll {

std::string gib_text(std::uint64_t bytes) {
    return fmt::format("{:.2f} GiB", static_cast<double>(bytes) / static_cast<double>(1ULL << 30));
}

void require_memory(const std::string& what, std::uint64_t bytes_per_process, int processes,
                    std::uint64_t available, const std::string& where) {
    const std::uint64_t need = bytes_per_process * static_cast<std::uint64_t>(processes);
    if (need > available) {
        throw environment_error(fmt::format(
            "sizes above free memory: {} on {} need {} ({} x {}) but {} is free; lower -e", what,
            where, gib_text(need), processes, gib_text(bytes_per_process), gib_text(available)));
    }
}

} // namespace linkperf::coll
