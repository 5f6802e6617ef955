#include "results_model/text_escape.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace linkperf::reports {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD"; // U+FFFD

} // namespace

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
    std::string value;
    value.reserve(text.size());
    scan_utf8(
        text, [&](std::string_view s) { value += s; },
        [&](char32_t v, bool byte) {
            if (!byte && (v == '\t' || v == '\r' || v == '\n')) {
                value += static_cast<char>(v); // RFC 4180 quoting keeps these inert
            } else {
                value += kReplacement;
            }
        });
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
    std::string clean;
    clean.reserve(text.size());
    scan_utf8(
        text, [&](std::string_view s) { clean += s; },
        [&](char32_t v, bool byte) {
            clean += !byte && (v == '\n' || v == '\r' || v == '\t') ? std::string_view(" ")
                                                                    : kReplacement;
        });
    // Only what can start markup inside a table cell is escaped, so the raw text stays
    // readable (host.copy, local(numa)->remote, threads:1): the escape itself, code spans,
    // emphasis, links and images, raw HTML and autolinks, entities, the cell bar,
    // strikethrough, math, @mentions and e-mail autolinks, #references; ':' only in "://" and
    // '.' only in "www." (GitHub's bare autolinks); '_' only where it can open or close
    // emphasis (not inside a word: all_reduce).
    static constexpr std::string_view always = "\\`*[]<|&~$@#";
    const auto word = [&](std::size_t j) {
        return j < clean.size() && std::isalnum(static_cast<unsigned char>(clean[j])) != 0;
    };
    std::string out;
    out.reserve(clean.size() + clean.size() / 8);
    for (std::size_t i = 0; i < clean.size(); ++i) {
        const char c = clean[i];
        bool escape = always.find(c) != std::string_view::npos;
        if (c == '_') {
            escape = !(i > 0 && word(i - 1) && word(i + 1));
        } else if (c == ':') {
            escape = clean.compare(i + 1, 2, "//") == 0;
        } else if (c == '.' && i >= 3) {
            std::string w = clean.substr(i - 3, 3);
            std::transform(w.begin(), w.end(), w.begin(),
                           [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
            escape = w == "www";
        }
        if (escape) {
            out += '\\';
        }
        out += c;
    }
    return out;
}

std::string xml_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    scan_utf8(
        text,
        [&](std::string_view c) {
            switch (c.front()) {
            case '&':
                out += "&amp;";
                return;
            case '<':
                out += "&lt;";
                return;
            case '>':
                out += "&gt;";
                return;
            case '"':
                out += "&quot;";
                return;
            case '\'':
                out += "&apos;";
                return;
            default:
                break;
            }
            // U+FFFE and U+FFFF are not XML 1.0 characters.
            out += c == "\xEF\xBF\xBE" || c == "\xEF\xBF\xBF" ? kReplacement : c;
        },
        [&](char32_t v, bool byte) {
            if (!byte && v == '\n') {
                out += "&#10;"; // kept through attribute-value normalization
            } else if (!byte && v == '\t') {
                out += "&#9;";
            } else if (!byte && v == '\r') {
                out += "&#13;";
            } else {
                out += kReplacement; // other controls, and bytes that are not UTF-8 (0xFF)
            }
        });
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
