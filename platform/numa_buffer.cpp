#include "platform/numa_buffer.hpp"

#include "core/error.hpp"
#include "platform/memory_budget.hpp"

#include <numa.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace linkperf {
namespace {

std::size_t page_size() {
    static const std::size_t p = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return p;
}

} // namespace

bool numa_supported() {
    static const bool ok = numa_available() >= 0;
    return ok;
}

std::uint64_t host_available_bytes() {
    if (const auto available = read_system_memory().available_bytes; available > 0) {
        return available;
    }
    const long pages = ::sysconf(_SC_AVPHYS_PAGES);
    return pages > 0 ? static_cast<std::uint64_t>(pages) * page_size() : 0;
}

NumaBuffer::NumaBuffer(std::size_t bytes, int node) : bytes_(bytes), node_(node) {
    if (bytes == 0) {
        throw usage_error("cannot allocate an empty buffer");
    }
    mapped_ = (bytes + page_size() - 1) / page_size() * page_size();
    void* p = nullptr;
    if (node >= 0 && numa_supported()) {
        if (node > numa_max_node() ||
            numa_bitmask_isbitset(numa_all_nodes_ptr, static_cast<unsigned>(node)) == 0) {
            throw environment_error("NUMA node " + std::to_string(node) +
                                    " does not exist on this machine");
        }
        p = numa_alloc_onnode(mapped_, node);
    } else if (node >= 0) {
        // No libnuma support (a kernel without NUMA): node 0 is the whole machine.
        if (node != 0) {
            throw environment_error("NUMA is not available on this machine: node " +
                                    std::to_string(node) + " does not exist");
        }
        p = ::mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        p = p == MAP_FAILED ? nullptr : p;
    } else {
        p = ::mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        p = p == MAP_FAILED ? nullptr : p;
    }
    if (p == nullptr) {
        throw environment_error("cannot allocate " + std::to_string(bytes) + " bytes" +
                                (node >= 0 ? " on NUMA node " + std::to_string(node) : ""));
    }
    data_ = static_cast<std::byte*>(p);
}

NumaBuffer::~NumaBuffer() {
    if (data_ == nullptr) {
        return;
    }
    // numa_alloc_onnode memory is an mmap of mapped_ bytes too; numa_free is munmap.
    if (node_ >= 0 && numa_supported()) {
        numa_free(data_, mapped_);
    } else {
        ::munmap(data_, mapped_);
    }
}

NumaBuffer::NumaBuffer(NumaBuffer&& other) noexcept
    : data_(other.data_), bytes_(other.bytes_), mapped_(other.mapped_), node_(other.node_) {
    other.data_ = nullptr;
}

NumaBuffer& NumaBuffer::operator=(NumaBuffer&& other) noexcept {
    if (this != &other) {
        this->~NumaBuffer();
        data_ = other.data_;
        bytes_ = other.bytes_;
        mapped_ = other.mapped_;
        node_ = other.node_;
        other.data_ = nullptr;
    }
    return *this;
}

void NumaBuffer::first_touch(std::uint8_t fill) {
    std::memset(data_, fill, mapped_);
}

PlacementCheck NumaBuffer::verify(std::size_t max_pages) const {
    return check_page_placement(data_, mapped_, node_, max_pages);
}

} // namespace linkperf
