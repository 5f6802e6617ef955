// SMBIOS type 17 memory devices on recorded sysfs trees (tests/data/sysfs/make_health_trees.py)
// and the channel rule of platform/smbios_memory.hpp.
#include "platform/smbios_memory.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

using namespace linkperf;

namespace {

SmbiosMemory tree(const char* name) {
    return read_smbios_memory(std::string(LINKPERF_TEST_DATA) + "/sysfs/" + name);
}

MemoryDevice device(const char* locator, std::uint64_t size = 1) {
    MemoryDevice d;
    d.locator = locator;
    d.size_bytes = size;
    d.configured_mts = 4800;
    return d;
}

} // namespace

TEST_CASE("SMBIOS: two populated DDR4-3200 channels", "[platform][smbios]") {
    const SmbiosMemory m = tree("dram-2ch");
    REQUIRE(m.readable);
    REQUIRE(m.devices.size() == 2); // the type 16 entry beside them is not a memory device
    CHECK(m.devices[0].locator == "DIMM_A1");
    CHECK(m.devices[0].bank == "P0 CHANNEL A");
    CHECK(m.devices[0].size_bytes == (std::uint64_t{16} << 30));
    CHECK(m.devices[0].type == "DDR4");
    CHECK(m.devices[0].configured_mts == 3200);
    CHECK(m.devices[0].data_width_bits == 64);
    const DramChannels c = dram_channels(m.devices);
    CHECK(c.channels == 2);
    CHECK(c.populated == 2);
    CHECK(c.transfer_mts == 3200);
    CHECK(c.theoretical_gbps() == Approx(51.2));
}

TEST_CASE("SMBIOS: a channel without its module still counts as a channel", "[platform][smbios]") {
    const SmbiosMemory m = tree("dram-2ch-missing");
    REQUIRE(m.devices.size() == 2);
    CHECK_FALSE(m.devices[1].populated());
    const DramChannels c = dram_channels(m.devices);
    CHECK(c.channels == 2);
    CHECK(c.populated == 1);
    CHECK(c.modules == 1);
    CHECK(c.theoretical_gbps() == Approx(51.2)); // what the board should move
}

TEST_CASE("SMBIOS: two slots per channel are one channel", "[platform][smbios]") {
    const DramChannels c = dram_channels(tree("dram-8slot").devices);
    CHECK(c.slots == 8);
    CHECK(c.channels == 4);
    CHECK(c.populated == 4);
    // Locators with no channel letter before the slot number are channels of their own.
    const DramChannels q = dram_channels({device("DIMM 0"), device("DIMM 1")});
    CHECK(q.channels == 2);
    const DramChannels r = dram_channels({device("ChannelA-DIMM0"), device("ChannelB-DIMM0")});
    CHECK(r.channels == 2);
}

TEST_CASE("SMBIOS: absent, truncated and foreign structures", "[platform][smbios]") {
    const SmbiosMemory none = tree("vm");
    CHECK_FALSE(none.readable);
    CHECK(none.why.find("no SMBIOS") != std::string::npos);
    CHECK_FALSE(parse_memory_device(""));
    CHECK_FALSE(parse_memory_device(std::string(0x30, '\0'))); // type 0, not 17
    std::string raw(0x22, '\0');
    raw[0] = 17;
    raw[1] = static_cast<char>(0x40); // claims more than there is
    CHECK_FALSE(parse_memory_device(raw));
    raw[1] = 0x22; // no string set at all: locators are empty, nothing read past the end
    raw[0x10] = 5;
    const auto d = parse_memory_device(raw);
    REQUIRE(d);
    CHECK(d->locator.empty());
    CHECK_FALSE(d->populated());
}

TEST_CASE("SMBIOS: a FIFO or an oversized entry planted in the tree is left out, never read",
          "[platform][smbios]") {
    namespace fs = std::filesystem;
    char tmpl[] = "/tmp/linkperf-smbios-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    const fs::path root(tmpl);
    fs::copy(std::string(LINKPERF_TEST_DATA) + "/sysfs/dram-2ch", root,
             fs::copy_options::recursive);
    const fs::path entries = root / "firmware/dmi/entries";
    fs::create_directories(entries / "17-7");
    REQUIRE(::mkfifo((entries / "17-7/raw").c_str(), 0600) == 0); // would block a plain open
    fs::create_directories(entries / "17-8");
    {
        std::FILE* f = std::fopen((entries / "17-8/raw").c_str(), "wb");
        REQUIRE(f != nullptr);
        std::fclose(f);
    }
    fs::resize_file(entries / "17-8/raw", 1 << 20); // sparse, over the 64 KiB cap
    const SmbiosMemory m = read_smbios_memory(root);
    CHECK(m.readable);
    CHECK(m.devices.size() == tree("dram-2ch").devices.size());
    fs::remove_all(root);
}
