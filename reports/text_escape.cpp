#include "reports/text_escape.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace linkperf::reports {

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        switch (ch) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t' && ch != '\n') {
                out += "\xEF\xBF\xBD";
            } else {
                out += ch;
            }
        }
    }
    return out;
}

std::string csv_field(std::string_view text) {
    std::string value(text);
    if (!value.empty() && (value.front() == '=' || value.front() == '+' || value.front() == '@' ||
                           value.front() == '\t' || value.front() == '\r' ||
                           (value.front() == '-' &&
                            value.find_first_not_of("-0123456789.eE") != std::string::npos))) {
        value.insert(value.begin(), '\'');
    }
    if (value.find_first_of(",\"\r\n") == std::string::npos) {
        return value;
    }
    std::string out = "\"";
    for (char ch : value) {
        if (ch == '"') {
            out += '"';
        }
        out += ch;
    }
    out += '"';
    return out;
}

std::string markdown_cell(std::string_view text) {
    // CommonMark lets a backslash precede any ASCII punctuation and makes it literal: escaping
    // all of it leaves no link, image, emphasis, code span, raw HTML, entity or @mention.
    static constexpr std::string_view punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        if (ch == '\n' || ch == '\r' || ch == '\t') {
            out += ' ';
        } else if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) {
            out += "\xEF\xBF\xBD";
        } else if (punctuation.find(ch) != std::string_view::npos) {
            out += '\\';
            out += ch;
        } else {
            out += ch;
        }
    }
    return out;
}

std::string xml_escape(std::string_view text) {
    static constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        const auto byte = static_cast<unsigned char>(ch);
        switch (ch) {
        case '&':
            out += "&amp;";
            continue;
        case '<':
            out += "&lt;";
            continue;
        case '>':
            out += "&gt;";
            continue;
        case '"':
            out += "&quot;";
            continue;
        case '\'':
            out += "&apos;";
            continue;
        case '\n':
            out += "&#10;"; // kept through attribute-value normalization
            continue;
        case '\t':
            out += "&#9;";
            continue;
        case '\r':
            out += "&#13;";
            continue;
        default:
            break;
        }
        if (byte < 0x20 || byte == 0x7f) {
            out += replacement; // C0 controls are not XML 1.0 characters (DEL is, but noise)
        } else if (byte == 0xEF && i + 2 < text.size() && text[i + 1] == '\xBF' &&
                   (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
            out += replacement; // U+FFFE, U+FFFF: not XML 1.0 characters
            i += 2;
        } else if (byte == 0xED && i + 1 < text.size() &&
                   static_cast<unsigned char>(text[i + 1]) >= 0xA0) {
            out += replacement; // an encoded surrogate (U+D800-DFFF): never valid
            i += std::min<std::size_t>(2, text.size() - 1 - i);
        } else {
            out += ch;
        }
    }
    return out;
}

std::string format_number(double value, int digits) {
    if (!std::isfinite(value)) {
        return "n/a";
    }
    if (value == 0) {
        return "0";
    }
    const double magnitude = std::floor(std::log10(std::fabs(value)));
    if (magnitude >= 9 || magnitude < -4) {
        return fmt::format("{:.{}e}", value, digits - 1);
    }
    const int decimals = std::max(0, digits - 1 - static_cast<int>(magnitude));
    return fmt::format("{:.{}f}", value, decimals);
}

} // namespace linkperf::reports
