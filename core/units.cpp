#include "core/units.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace linkperf {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto pos = s.find(sep, start);
        parts.push_back(s.substr(start, pos - start));
        if (pos == std::string_view::npos) {
            return parts;
        }
        start = pos + 1;
    }
}

} // namespace

std::uint64_t parse_size(std::string_view text) {
    const std::string_view s = trim(text);
    std::uint64_t value = 0;
    const auto* begin = s.data();
    const auto* end = s.data() + s.size();
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec == std::errc::result_out_of_range) {
        throw usage_error("invalid size '" + std::string(text) + "': too large (at most 1024T)");
    }
    if (ec != std::errc{} || ptr == begin) {
        throw usage_error("invalid size '" + std::string(text) +
                          "': expected a positive number with an optional K, M or G suffix");
    }
    std::string suffix(ptr, end);
    std::transform(suffix.begin(), suffix.end(), suffix.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    unsigned shift = 0;
    if (suffix.empty() || suffix == "B") {
        shift = 0;
    } else if (suffix == "K" || suffix == "KB" || suffix == "KIB") {
        shift = 10;
    } else if (suffix == "M" || suffix == "MB" || suffix == "MIB") {
        shift = 20;
    } else if (suffix == "G" || suffix == "GB" || suffix == "GIB") {
        shift = 30;
    } else if (suffix == "T" || suffix == "TB" || suffix == "TIB") {
        shift = 40;
    } else {
        throw usage_error("invalid size '" + std::string(text) + "': unknown suffix '" + suffix +
                          "' (use K, M, G or T; binary multiples)");
    }
    if (value == 0) {
        throw usage_error("invalid size '" + std::string(text) + "': must be greater than zero");
    }
    if (value > (kMaxSizeBytes >> shift)) {
        throw usage_error("invalid size '" + std::string(text) + "': too large (at most 1024T)");
    }
    return value << shift;
}

std::vector<std::uint64_t> parse_size_spec(std::string_view spec) {
    const std::string_view s = trim(spec);
    if (s.empty()) {
        throw usage_error("empty size specification");
    }
    std::vector<std::uint64_t> sizes;
    if (s.find(':') != std::string_view::npos) {
        const auto parts = split(s, ':');
        if (parts.size() < 2 || parts.size() > 3) {
            throw usage_error("invalid size range '" + std::string(spec) +
                              "': expected START:END[:xFACTOR]");
        }
        const std::uint64_t first = parse_size(parts[0]);
        const std::uint64_t last = parse_size(parts[1]);
        std::uint64_t factor = 2;
        if (parts.size() == 3) {
            std::string_view f = trim(parts[2]);
            if (f.empty() || (f.front() != 'x' && f.front() != 'X')) {
                throw usage_error("invalid size range '" + std::string(spec) +
                                  "': the step must be xFACTOR, e.g. x2");
            }
            f.remove_prefix(1);
            const auto [ptr, ec] = std::from_chars(f.data(), f.data() + f.size(), factor);
            if (ec != std::errc{} || ptr != f.data() + f.size() || factor < 2) {
                throw usage_error("invalid size range '" + std::string(spec) +
                                  "': the factor must be a whole number >= 2");
            }
        }
        if (last < first) {
            throw usage_error("invalid size range '" + std::string(spec) +
                              "': END is smaller than START");
        }
        for (std::uint64_t v = first; v <= last; v *= factor) {
            sizes.push_back(v);
            if (v > last / factor) {
                break;
            }
        }
    } else {
        for (const auto part : split(s, ',')) {
            sizes.push_back(parse_size(part));
        }
    }
    std::sort(sizes.begin(), sizes.end());
    sizes.erase(std::unique(sizes.begin(), sizes.end()), sizes.end());
    return sizes;
}

std::string format_size(std::uint64_t bytes) {
    static constexpr const char* kSuffix[] = {"", "K", "M", "G", "T"};
    unsigned i = 0;
    while (i < 4 && bytes >= 1024 && bytes % 1024 == 0) {
        bytes /= 1024;
        ++i;
    }
    return std::to_string(bytes) + kSuffix[i];
}

} // namespace linkperf
