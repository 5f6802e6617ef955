#include "core/utf8_text.hpp"

#include <fmt/core.h>

namespace linkperf {

std::size_t utf8_sequence(std::string_view text, std::size_t i, char32_t& cp) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    if (b0 < 0x80) {
        cp = b0;
        return 1;
    }
    std::size_t n = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        cp = b0 & 0x0F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        cp = b0 & 0x07;
    } else {
        return 0;
    }
    if (i + n > text.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < n; ++k) {
        const auto b = static_cast<unsigned char>(text[i + k]);
        if ((b & 0xC0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    const bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    if (overlong || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        return 0;
    }
    return n;
}

std::string terminal_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    scan_utf8(
        text, [&](std::string_view s) { out += s; },
        [&](char32_t v, bool byte) {
            out += byte || v < 0x80 ? fmt::format("\\x{:02x}", static_cast<unsigned>(v))
                                    : fmt::format("\\u{:04x}", static_cast<unsigned>(v));
        });
    return out;
}

} // namespace linkperf
