#pragma once
// A page-aligned host buffer whose pages live on a chosen NUMA node: allocated with libnuma
// (numa_alloc_onnode), first-touched by the calling thread (bind it to that node first), and
// verified afterwards (check_page_placement) so a buffer that landed elsewhere is reported.
#include "platform/page_placement.hpp"

#include <cstddef>
#include <cstdint>

namespace linkperf {

class NumaBuffer {
public:
    // node < 0: no placement policy (plain page-aligned memory). Throws Error:
    // environment when the node does not exist or the memory cannot be had.
    NumaBuffer(std::size_t bytes, int node);
    ~NumaBuffer();
    NumaBuffer(NumaBuffer&& other) noexcept;
    NumaBuffer& operator=(NumaBuffer&& other) noexcept;
    NumaBuffer(const NumaBuffer&) = delete;
    NumaBuffer& operator=(const NumaBuffer&) = delete;

    std::byte* data() { return data_; }
    const std::byte* data() const { return data_; }
    std::size_t size() const { return bytes_; }
    int node() const { return node_; }

    // Writes every page (value `fill`) from the calling thread so the pages are allocated now.
    void first_touch(std::uint8_t fill = 0);
    // Where the pages are (up to `max_pages` sampled evenly), by check_page_placement's rules:
    // pages not touched yet are not verified on the node.
    PlacementCheck verify(std::size_t max_pages = 4096) const;

private:
    std::byte* data_ = nullptr;
    std::size_t bytes_ = 0;
    std::size_t mapped_ = 0;
    int node_ = -1;
};

// Whether libnuma works on this host (numa_available() >= 0).
bool numa_supported();
// Free memory of the host (MemAvailable), in bytes. Memory placed on a node is checked against
// memory_budget (platform/memory_budget.hpp), which decides between this and the node's figure.
std::uint64_t host_available_bytes();

} // namespace linkperf
