// The one PCI bus-id type: every spelling CUDA, NVML, hwloc and sysfs use parses to one
// canonical form, and matching ignores the spelling.
#include "core/pci_bus_id.hpp"

#include <catch2/catch.hpp>

using namespace linkperf;

namespace {
std::string canon(std::string_view text) {
    const auto id = PciBusId::parse(text);
    return id ? id->str() : "(none)";
}
} // namespace

TEST_CASE("PCI bus ids parse to one spelling", "[core][pci]") {
    CHECK(canon("0000:19:00.0") == "0000:19:00.0");
    CHECK(canon("00000000:19:00.0") == "0000:19:00.0"); // NVML, some CUDA drivers
    CHECK(canon("0000:3B:00.0") == "0000:3b:00.0");
    CHECK(canon("3b:00.1") == "0000:3b:00.1");
    CHECK(canon("10000:01:00.0") == "10000:01:00.0"); // VMD domains
    CHECK_FALSE(PciBusId::parse("pci0000:15"));
    CHECK_FALSE(PciBusId::parse("0000:19:00.8"));
    CHECK_FALSE(PciBusId::parse("0000:19:20.0"));
    CHECK_FALSE(PciBusId::parse("0000:119:00.0"));
    CHECK_FALSE(PciBusId::parse("123456789:19:00.0"));
    CHECK_FALSE(PciBusId::parse("0000:19:00.0 "));
    CHECK_FALSE(PciBusId::parse("gpu0"));
    CHECK_FALSE(PciBusId::parse(""));
}

TEST_CASE("PCI bus ids from numeric fields", "[core][pci]") {
    CHECK(PciBusId::from_fields(0, 0x1b, 0, 0).str() == "0000:1b:00.0");
    CHECK(PciBusId::from_fields(0x10000, 1, 0x1f, 7).str() == "10000:01:1f.7");
    CHECK(PciBusId::from_fields(0, 0x1b, 0, 0) == *PciBusId::parse("00000000:1B:00.0"));
}

TEST_CASE("bus ids match whatever the spelling", "[core][pci]") {
    CHECK(same_pci_bus_id("00000000:1B:00.0", "0000:1b:00.0"));
    CHECK(same_pci_bus_id("1b:00.0", "0000:1b:00.0"));
    CHECK_FALSE(same_pci_bus_id("0001:1b:00.0", "0000:1b:00.0")); // another domain
    CHECK_FALSE(same_pci_bus_id("0000:1b:00.1", "0000:1b:00.0"));
    CHECK_FALSE(same_pci_bus_id("", ""));         // nothing known is not a match
    CHECK_FALSE(same_pci_bus_id("gpu0", "gpu0")); // neither is a PCI address
    CHECK(canonical_pci_bus_id("00000000:1B:00.0") == "0000:1b:00.0");
    CHECK(canonical_pci_bus_id("not-a-bus-id") == "not-a-bus-id"); // kept as the source said
}

TEST_CASE("functions of one device match whatever the spelling", "[core][pci]") {
    CHECK(same_pci_device("0000:1b:00.0", "0000:1b:00.1"));
    CHECK(same_pci_device("00000000:1B:00.1", "1b:00.0"));
    CHECK_FALSE(same_pci_device("0000:1b:01.0", "0000:1b:00.0")); // another device
    CHECK_FALSE(same_pci_device("0001:1b:00.0", "0000:1b:00.0")); // another domain
    CHECK_FALSE(same_pci_device("0000:1b:00", "0000:1b:00"));     // not PCI addresses
}
