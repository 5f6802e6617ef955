#pragma once
// The one reader of the kernel's small text files (a sysfs attribute, a procfs value): the whole
// file without surrounding whitespace, or one number parsed from it. Absent or unreadable files
// and text that is not exactly one number are nullopt, never a guess.
#include "core/text.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace linkperf {

// A kernel text attribute is at most a page (64 KiB pages on some aarch64 and riscv64 kernels);
// a "sysfs" file larger than this (a 1 GB sparse file under --sysfs) is not an attribute.
inline constexpr std::uint64_t kMaxSysfsBytes = std::uint64_t{1} << 20;

// The file's text with surrounding whitespace (the trailing newline) removed; nullopt also for
// anything read_bounded_file refuses (a FIFO, a device, more than kMaxSysfsBytes).
std::optional<std::string> read_sysfs_text(const std::filesystem::path& file);

// `text` without surrounding whitespace and, for base 16, without a "0x" prefix (sysfs writes
// vendor and class ids so).
std::string_view sysfs_number_text(std::string_view text, int base);

// `text` as exactly one integer of type T in `base` (10 or 16); nullopt for anything else, a
// value out of T's range included.
template <typename T> std::optional<T> parse_sysfs_number(std::string_view text, int base = 10) {
    return parse_number<T>(sysfs_number_text(text, base), base);
}

// The field `key` ("MemTotal:") of meminfo text, /proc/meminfo ("MemTotal:  32847440 kB") or a
// NUMA node's ("Node 0 MemTotal:  32847440 kB"), in bytes (kB counts 1024; a field without a
// unit is returned as written); nullopt when the field is absent, not a number or too large.
std::optional<std::uint64_t> meminfo_field(std::string_view meminfo, std::string_view key);

// read_sysfs_text then parse_sysfs_number.
template <typename T>
std::optional<T> read_sysfs_number(const std::filesystem::path& file, int base = 10) {
    const auto text = read_sysfs_text(file);
    return text ? parse_sysfs_number<T>(*text, base) : std::nullopt;
}

} // namespace linkperf
