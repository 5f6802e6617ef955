// The one reader of small kernel files: whole text trimmed, one number or nothing.
#include "platform/sysfs_file.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

using namespace linkperf;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    TempDir()
        : path(fs::temp_directory_path() / ("linkperf-sysfs-file-" + std::to_string(::getpid()))) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return path / name;
    }
    fs::path path;
};

} // namespace

TEST_CASE("sysfs text: trimmed, or nothing for a file that is not there", "[platform][sysfs]") {
    TempDir d;
    CHECK(read_sysfs_text(d.write("speed", "16.0 GT/s PCIe\n")) == "16.0 GT/s PCIe");
    CHECK(read_sysfs_text(d.write("list", "0-3,8\n")) == "0-3,8");
    CHECK(read_sysfs_text(d.write("empty", "")) == "");
    CHECK(read_sysfs_text(d.write("blank", " \n")) == "");
    CHECK(read_sysfs_text(d.write("lines", "a\nb\n")) == "a\nb"); // the whole file
    CHECK_FALSE(read_sysfs_text(d.path / "missing"));
}

TEST_CASE("sysfs numbers: exactly one, in range, decimal or hex", "[platform][sysfs]") {
    TempDir d;
    CHECK(read_sysfs_number<int>(d.write("numa_node", "-1\n")) == -1);
    CHECK(read_sysfs_number<int>(d.write("width", "16\n")) == 16);
    CHECK(read_sysfs_number<std::uint64_t>(d.write("khz", "2400000\n")) == 2400000U);
    CHECK(read_sysfs_number<std::uint16_t>(d.write("vendor", "0x10de\n"), 16) == 0x10de);
    CHECK(read_sysfs_number<std::uint32_t>(d.write("class", "0x030200\n"), 16) == 0x030200U);
    CHECK(read_sysfs_number<std::uint32_t>(d.write("bare", "030200"), 16) == 0x030200U);
    CHECK_FALSE(read_sysfs_number<int>(d.path / "missing"));
    CHECK_FALSE(read_sysfs_number<int>(d.write("text", "Unknown\n")));
    CHECK_FALSE(read_sysfs_number<int>(d.write("empty", "")));
    CHECK_FALSE(read_sysfs_number<int>(d.write("trailing", "16 lanes\n")));
    CHECK_FALSE(read_sysfs_number<int>(d.write("two", "1 2\n")));
    CHECK_FALSE(read_sysfs_number<unsigned>(d.write("negative", "-1\n")));
    CHECK_FALSE(read_sysfs_number<std::uint16_t>(d.write("wide", "0x110de\n"), 16));
    CHECK_FALSE(read_sysfs_number<std::uint64_t>(d.write("huge", "99999999999999999999999\n")));
    CHECK_FALSE(read_sysfs_number<int>(d.write("hex10", "0x10\n"))); // 0x only in base 16
    CHECK(parse_sysfs_number<unsigned>(" 7\t") == 7U);
    CHECK_FALSE(parse_sysfs_number<unsigned>("0x", 16));
}

TEST_CASE("meminfo fields of the system and of a NUMA node", "[platform][sysfs]") {
    const std::string proc = "MemTotal:       32847440 kB\nMemFree:         1000 kB\n"
                             "MemAvailable:   20000000 kB\nHugePages_Total:       4\n";
    CHECK(meminfo_field(proc, "MemTotal:") == 32847440ULL * 1024);
    CHECK(meminfo_field(proc, "MemAvailable:") == 20000000ULL * 1024);
    CHECK(meminfo_field(proc, "HugePages_Total:") == 4U); // no unit: as written
    CHECK_FALSE(meminfo_field(proc, "SwapTotal:"));
    CHECK_FALSE(meminfo_field(proc, "Free:")); // a whole field name only
    const std::string node = "Node 1 MemTotal:       16384 kB\nNode 1 MemFree:        8192 kB\n";
    CHECK(meminfo_field(node, "MemTotal:") == 16384ULL * 1024);
    CHECK(meminfo_field(node, "MemFree:") == 8192ULL * 1024);
    CHECK_FALSE(meminfo_field("MemTotal: lots kB\n", "MemTotal:"));
    // 2^60 kB is more bytes than 64 bits hold: refused, never wrapped to a small figure.
    CHECK_FALSE(meminfo_field("MemTotal: 1152921504606846976 kB\n", "MemTotal:"));
    CHECK(meminfo_field("MemTotal: 18014398509481983 kB\n", "MemTotal:") ==
          18014398509481983ULL * 1024);
    CHECK_FALSE(meminfo_field("", "MemTotal:"));
}

TEST_CASE("sysfs text: a FIFO, a device or a huge sparse file is no attribute and never hangs",
          "[platform][sysfs]") {
    TempDir d;
    const fs::path fifo = d.path / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_FALSE(read_sysfs_text(fifo)); // no writer: returns at once
    const fs::path zero = d.path / "zero";
    if (::mknod(zero.c_str(), S_IFCHR | 0666, makedev(1, 5)) == 0) { // /dev/zero's numbers
        CHECK_FALSE(read_sysfs_number<int>(zero));
    } else {
        WARN("mknod not permitted (not root): the device case is not checked");
    }
    const fs::path sparse = d.write("sparse", "1");
    fs::resize_file(sparse, std::uint64_t{1} << 30); // 1 GiB, no disk used
    CHECK_FALSE(read_sysfs_text(sparse));
    const fs::path page = d.write("page", std::string(kMaxSysfsBytes, '7'));
    CHECK(read_sysfs_text(page)->size() == kMaxSysfsBytes);
}
