#include "platform/sysfs_file.hpp"

#include "core/bounded_file.hpp"
#include "core/text.hpp"

#include <cctype>

namespace linkperf {
std::optional<std::string> read_sysfs_text(const std::filesystem::path& file) {
    const auto text = read_bounded_file(file, kMaxSysfsBytes);
    return text ? std::optional<std::string>(trim(*text)) : std::nullopt;
}

std::optional<std::uint64_t> meminfo_field(std::string_view meminfo, std::string_view key) {
    while (!meminfo.empty()) {
        const auto eol = meminfo.find('\n');
        std::string_view line = meminfo.substr(0, eol);
        meminfo = eol == std::string_view::npos ? std::string_view() : meminfo.substr(eol + 1);
        const auto at = line.find(key);
        if (at == std::string_view::npos || (at > 0 && line[at - 1] != ' ')) {
            continue; // a whole field name only: "Free:" is not "MemFree:"
        }
        line = trim(line.substr(at + key.size()));
        const bool kib = line.ends_with(" kB");
        const auto v =
            parse_sysfs_number<std::uint64_t>(kib ? line.substr(0, line.size() - 3) : line);
        if (!v || (kib && *v > UINT64_MAX / 1024)) {
            return std::nullopt; // not a number, or more bytes than 64 bits hold
        }
        return kib ? *v * 1024 : *v;
    }
    return std::nullopt;
}

std::string_view sysfs_number_text(std::string_view text, int base) {
    text = trim(text);
    if (base == 16 && (text.starts_with("0x") || text.starts_with("0X"))) {
        text.remove_prefix(2);
    }
    return text;
}

} // namespace linkperf
