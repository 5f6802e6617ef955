#include "platform/smbios_memory.hpp"

#include "core/bounded_file.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <map>
#include <system_error>

namespace linkperf {
namespace {

// A structure is at most 255 bytes of formatted area plus its strings; sysfs never writes more
// than a page for it. Anything longer is not a memory device.
constexpr std::size_t kMaxRaw = 64 * 1024;

unsigned byte_at(std::string_view raw, std::size_t at) {
    return static_cast<unsigned char>(raw[at]);
}
unsigned word_at(std::string_view raw, std::size_t at) {
    return byte_at(raw, at) | (byte_at(raw, at + 1) << 8);
}
std::uint32_t dword_at(std::string_view raw, std::size_t at) {
    return word_at(raw, at) | (static_cast<std::uint32_t>(word_at(raw, at + 2)) << 16);
}

// String number `n` (1-based) of the set after the formatted area; "" for 0 or a missing one.
std::string string_at(std::string_view strings, unsigned n) {
    if (n == 0) {
        return {};
    }
    std::size_t at = 0;
    for (unsigned i = 1; at < strings.size(); ++i) {
        const std::size_t end = strings.find('\0', at);
        if (end == std::string_view::npos || end == at) {
            return {};
        }
        if (i == n) {
            std::string s(strings.substr(at, end - at));
            for (char& c : s) {
                c = std::isprint(static_cast<unsigned char>(c)) ? c : '?';
            }
            return s;
        }
        at = end + 1;
    }
    return {};
}

const char* memory_type(unsigned code) {
    switch (code) {
    case 0x18:
        return "DDR3";
    case 0x1A:
        return "DDR4";
    case 0x1B:
        return "LPDDR";
    case 0x1C:
        return "LPDDR2";
    case 0x1D:
        return "LPDDR3";
    case 0x1E:
        return "LPDDR4";
    case 0x22:
        return "DDR5";
    case 0x23:
        return "LPDDR5";
    default:
        return "";
    }
}

// "DIMM_A1" -> "DIMM_A"; "DIMM 0", "ChannelA-DIMM0" stay whole (no channel letter before the
// slot number).
std::string channel_of(const MemoryDevice& d) {
    std::string loc = d.locator;
    std::size_t end = loc.size();
    while (end > 0 && std::isdigit(static_cast<unsigned char>(loc[end - 1]))) {
        --end;
    }
    const bool letter = end > 0 && end < loc.size() &&
                        std::isalpha(static_cast<unsigned char>(loc[end - 1])) &&
                        (end == 1 || !std::isalpha(static_cast<unsigned char>(loc[end - 2])));
    return d.bank + "/" + (letter ? loc.substr(0, end) : loc);
}

} // namespace

std::optional<MemoryDevice> parse_memory_device(std::string_view raw) {
    // SMBIOS 2.3 structures end at 0x1B; speed fields come later, read when present.
    if (raw.size() < 0x17 || byte_at(raw, 0) != 17) {
        return std::nullopt;
    }
    const std::size_t length = byte_at(raw, 1);
    if (length < 0x15 || length > raw.size()) {
        return std::nullopt;
    }
    const std::string_view strings = raw.substr(length);
    MemoryDevice d;
    const unsigned data_width = word_at(raw, 0x0A);
    d.data_width_bits = data_width == 0xFFFF ? 0 : static_cast<int>(data_width);
    const unsigned size = word_at(raw, 0x0C);
    if (size == 0x7FFF && length >= 0x20) {
        d.size_bytes = static_cast<std::uint64_t>(dword_at(raw, 0x1C) & 0x7FFFFFFF) << 20;
    } else if (size != 0xFFFF) {
        d.size_bytes =
            (size & 0x8000) ? std::uint64_t{size & 0x7FFFu} << 10 : std::uint64_t{size} << 20;
    }
    d.locator = string_at(strings, byte_at(raw, 0x10));
    d.bank = string_at(strings, byte_at(raw, 0x11));
    d.type = memory_type(byte_at(raw, 0x12));
    if (length >= 0x17) {
        const unsigned speed = word_at(raw, 0x15);
        d.speed_mts = speed == 0xFFFF && length >= 0x58 ? static_cast<int>(dword_at(raw, 0x54))
                      : speed == 0xFFFF                 ? 0
                                                        : static_cast<int>(speed);
    }
    if (length >= 0x22) {
        const unsigned conf = word_at(raw, 0x20);
        d.configured_mts = conf == 0xFFFF && length >= 0x5C ? static_cast<int>(dword_at(raw, 0x58))
                           : conf == 0xFFFF                 ? 0
                                                            : static_cast<int>(conf);
    }
    return d;
}

double DramChannels::theoretical_gbps() const {
    return static_cast<double>(channels) * transfer_mts * 8.0 / 1000.0;
}

DramChannels dram_channels(const std::vector<MemoryDevice>& devices) {
    DramChannels c;
    std::map<std::string, bool> channels; // name -> has a module
    for (const MemoryDevice& d : devices) {
        ++c.slots;
        bool& populated = channels[channel_of(d)];
        if (!d.populated()) {
            continue;
        }
        populated = true;
        ++c.modules;
        const int mts = d.configured_mts > 0 ? d.configured_mts : d.speed_mts;
        if (mts > 0) {
            c.transfer_mts = c.transfer_mts == 0 ? mts : std::min(c.transfer_mts, mts);
        }
        if (c.type.empty()) {
            c.type = d.type;
        }
    }
    c.channels = static_cast<int>(channels.size());
    c.populated = static_cast<int>(
        std::count_if(channels.begin(), channels.end(), [](const auto& p) { return p.second; }));
    return c;
}

SmbiosMemory read_smbios_memory(const std::filesystem::path& sysfs_root) {
    SmbiosMemory m;
    const std::filesystem::path dir = sysfs_root / "firmware" / "dmi" / "entries";
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        m.why = fmt::format("no {} (the kernel exposes no SMBIOS tables here)", dir.string());
        return m;
    }
    std::vector<std::filesystem::path> entries;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind("17-", 0) == 0) {
            entries.push_back(e.path() / "raw");
        }
    }
    if (ec) {
        m.why = fmt::format("{}: {}", dir.string(), ec.message());
        return m;
    }
    std::sort(entries.begin(), entries.end()); // 17-0, 17-1, ...: a stable order
    for (const auto& raw_path : entries) {
        // The one bounded reader: a FIFO or device planted in the tree is refused without
        // blocking, and an entry over the cap is refused before it is read; both are left out.
        const std::optional<std::string> raw = read_bounded_file(raw_path, kMaxRaw);
        if (!raw) {
            if (::access(raw_path.c_str(), R_OK) != 0 && errno == EACCES) {
                m.why = fmt::format("{}: not readable (SMBIOS entries are root-only)",
                                    raw_path.string());
                return m;
            }
            continue;
        }
        if (auto d = parse_memory_device(*raw)) {
            m.devices.push_back(std::move(*d));
        }
    }
    m.readable = !m.devices.empty();
    if (!m.readable) {
        m.why = fmt::format("{}: no memory device (type 17) entries", dir.string());
    }
    return m;
}

} // namespace linkperf
