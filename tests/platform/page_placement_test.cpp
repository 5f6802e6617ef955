// The one page-placement check: located pages against the node asked for, and the rule for
// pages the kernel cannot locate (never touched here: move_pages says -ENOENT).
#include "platform/numa_buffer.hpp"
#include "platform/page_placement.hpp"

#include <catch2/catch.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>

using namespace linkperf;

namespace {

const std::size_t kPage = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));

// Anonymous memory of `pages` pages, none touched yet.
struct Mapping {
    explicit Mapping(std::size_t pages) : bytes(pages * kPage) {
        void* p =
            ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        REQUIRE(p != MAP_FAILED);
        data = static_cast<std::byte*>(p);
    }
    ~Mapping() { ::munmap(data, bytes); }
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    std::size_t bytes;
    std::byte* data;
};

} // namespace

TEST_CASE("pages the kernel cannot locate are unverified, not elsewhere", "[platform][numa]") {
    Mapping m(16);
    if (!numa_supported()) {
        // One memory node (qemu-user, a kernel without NUMA): nothing to ask, node 0 is all.
        CHECK(check_page_placement(m.data, m.bytes, 0, 64).ok);
        CHECK(check_page_placement(m.data, m.bytes, -1, 64).ok);
        const PlacementCheck other = check_page_placement(m.data, m.bytes, 1, 64);
        CHECK_FALSE(other.ok);
        CHECK(other.pages_checked == 0);
        CHECK_THAT(other.detail, Catch::Contains("node 1 does not exist"));
        return;
    }
    for (const int node : {-1, 0}) {
        INFO("node " << node);
        const PlacementCheck none = check_page_placement(m.data, m.bytes, node, 64);
        CHECK_FALSE(none.ok); // may be anywhere: not verified anywhere, whatever was asked
        CHECK(none.pages_checked == 16);
        CHECK(none.pages_unknown == 16);
        CHECK(none.pages_elsewhere == 0);
        CHECK(none.nodes_found.empty());
        CHECK_THAT(none.detail, Catch::Contains("cannot locate any of the 16 sampled pages"));
    }

    std::memset(m.data, 1, 8 * kPage); // the first half now has a node
    const PlacementCheck half = check_page_placement(m.data, m.bytes, -1, 64);
    REQUIRE(half.nodes_found.size() == 1);
    const int node = half.nodes_found.front();
    for (const int asked : {-1, node}) {
        const PlacementCheck c = check_page_placement(m.data, m.bytes, asked, 64);
        CHECK_FALSE(c.ok);
        CHECK(c.pages_unknown == 8);
        CHECK(c.pages_elsewhere == 0);
        CHECK(c.detail == "8 of 16 sampled pages could not be located");
    }
    const PlacementCheck mixed = check_page_placement(m.data, m.bytes, node + 1, 64);
    CHECK(mixed.pages_elsewhere == 8);
    CHECK(mixed.pages_unknown == 8);
    CHECK(mixed.detail == "8 of 16 sampled pages are not on node " + std::to_string(node + 1) +
                              "; 8 of 16 sampled pages could not be located");
}

TEST_CASE("located pages are checked against the node asked for", "[platform][numa]") {
    Mapping m(16);
    std::memset(m.data, 1, m.bytes);
    if (!numa_supported()) {
        CHECK(check_page_placement(m.data, m.bytes, 0, 64).ok);
        CHECK_FALSE(check_page_placement(m.data, m.bytes, 2, 64).ok);
        return;
    }
    const PlacementCheck any = check_page_placement(m.data, m.bytes, -1, 64);
    CHECK(any.ok);
    CHECK(any.pages_checked == 16);
    REQUIRE(any.nodes_found.size() == 1);
    const int node = any.nodes_found.front();

    const PlacementCheck here = check_page_placement(m.data, m.bytes, node, 64);
    CHECK(here.ok);
    CHECK(here.pages_elsewhere == 0);
    CHECK(here.pages_unknown == 0);
    CHECK(here.detail.empty());

    const PlacementCheck there = check_page_placement(m.data, m.bytes, node + 1, 64);
    CHECK_FALSE(there.ok);
    CHECK(there.pages_elsewhere == 16);
    CHECK(there.nodes_found == std::vector<int>{node});
    CHECK(there.detail == "16 of 16 sampled pages are not on node " + std::to_string(node + 1));

    // Sampling: at most max_pages, spread over the range; an unaligned range counts every page
    // it touches.
    CHECK(check_page_placement(m.data, m.bytes, node, 4).pages_checked == 4);
    CHECK(check_page_placement(m.data, m.bytes, node, 0).pages_checked == 1);
    CHECK(check_page_placement(m.data + 100, kPage, node, 64).pages_checked == 2);
}

TEST_CASE("an empty range has nothing to verify", "[platform][numa]") {
    Mapping m(1);
    const PlacementCheck c = check_page_placement(m.data, 0, 0, 64);
    CHECK_FALSE(c.ok);
    CHECK(c.pages_checked == 0);
    CHECK_THAT(c.detail, Catch::Contains("empty range"));
}
