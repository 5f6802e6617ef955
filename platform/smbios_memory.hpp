#pragma once
// The host's DRAM as the firmware describes it: SMBIOS type 17 (Memory Device) structures read
// from <sysfs>/firmware/dmi/entries/17-*/raw (root-readable on most hosts; absent in many VMs
// and containers). `linkperf check --profile auto` turns them into a DRAM bandwidth
// expectation: channels x transfer rate x 8 bytes (docs/health.md).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linkperf {

struct MemoryDevice {
    std::string locator;          // Device Locator: "DIMM_A1", "P0 CHANNEL A"
    std::string bank;             // Bank Locator
    std::uint64_t size_bytes = 0; // 0: no module installed in this slot
    int data_width_bits = 0;      // 0: unknown
    int speed_mts = 0;            // the module's rated speed, MT/s (0: unknown)
    int configured_mts = 0;       // the speed it runs at, MT/s (0: unknown)
    std::string type;             // "DDR4", "DDR5", "LPDDR5", ... ("" unknown)
    bool populated() const { return size_bytes > 0; }
};

// Parses one SMBIOS structure (formatted area then its string set). nullopt when it is not a
// well-formed type 17 structure.
std::optional<MemoryDevice> parse_memory_device(std::string_view raw);

struct DramChannels {
    int channels = 0;  // channels with a slot (populated or not)
    int populated = 0; // channels with at least one module
    int slots = 0;
    int modules = 0;
    int transfer_mts = 0; // the slowest populated module's configured (else rated) speed
    std::string type;
    // channels x transfer rate x 8 bytes, in GB/s: what every channel populated would move.
    double theoretical_gbps() const;
};

// Groups devices into channels: slots whose locators differ only in a trailing slot number
// after a channel letter ("DIMM_A1", "DIMM_A2": channel "DIMM_A") share a channel; any other
// locator is a channel of its own. The rule is documented in docs/health.md.
DramChannels dram_channels(const std::vector<MemoryDevice>& devices);

struct SmbiosMemory {
    bool readable = false; // entries were found and read
    std::string why; // when not readable: "no <dir> (no SMBIOS in sysfs)", "permission denied"
    std::vector<MemoryDevice> devices;
};

// Every type 17 entry under `sysfs_root`/firmware/dmi/entries.
SmbiosMemory read_smbios_memory(const std::filesystem::path& sysfs_root);

} // namespace linkperf
