#include "reports/text_escape.hpp"

#include <fmt/core.h>

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
    std::string out;
    for (char ch : text) {
        switch (ch) {
        case '|':
            out += "\\|";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
        case '\r':
            out += ' ';
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '`':
            out += "\\`";
            break;
        default:
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
