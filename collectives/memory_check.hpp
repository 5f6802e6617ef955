#pragma once
// Refuses sizes the node cannot hold before anything is allocated, with one clear line.
#include <cstdint>
#include <string>

namespace linkperf::coll {

// Throws Error(environment) when `processes` x `bytes_per_process` exceed `available`.
void require_memory(const std::string& what, std::uint64_t bytes_per_process, int processes,
                    std::uint64_t available, const std::string& where);

std::string gib_text(std::uint64_t bytes); // "1.50 GiB"

} // namespace linkperf::coll
