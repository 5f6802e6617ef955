#include "core/host_link_kind.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace linkperf;

TEST_CASE("host link kind: pageable memory on the host's page tables is C2C", "[host_link_kind]") {
    CHECK(host_link_kind(true) == HostLinkKind::nvlink_c2c);
    CHECK(host_link_kind(false) == HostLinkKind::pcie);
}

TEST_CASE("host link kind: the names results files carry", "[host_link_kind]") {
    CHECK(std::string(results_name(HostLinkKind::nvlink_c2c)) == "nvlink-c2c");
    CHECK(std::string(results_name(HostLinkKind::pcie)) == "pcie");
    CHECK(std::string(results_name(HostLinkKind::unknown)) == "unknown");
}
