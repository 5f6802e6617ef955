#pragma once
// UTF-8 read byte by byte, and the one escape for text written to a terminal. Every output
// format's escape (results_model/text_escape) scans text with these; linkperf-coll's error lines
// use terminal_text without linking the reports.
#include <cstddef>
#include <string>
#include <string_view>

namespace linkperf {

// The length of the well-formed UTF-8 sequence at text[i] (1 for ASCII), 0 when the bytes
// there are not UTF-8 (stray continuation, overlong, surrogate, beyond U+10FFFF, truncated).
// `cp` gets the code point.
std::size_t utf8_sequence(std::string_view text, std::size_t i, char32_t& cp);

// C0 (newline included), DEL and C1.
inline bool is_control(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

// Calls keep(sequence) for each well-formed, non-control character and bad(byte or code point,
// is_byte) for each control character or byte that is not UTF-8.
template <typename Keep, typename Bad> void scan_utf8(std::string_view text, Keep keep, Bad bad) {
    for (std::size_t i = 0; i < text.size();) {
        char32_t cp = 0;
        const std::size_t n = utf8_sequence(text, i, cp);
        if (n == 0) {
            bad(static_cast<unsigned char>(text[i]), true);
            ++i;
        } else if (is_control(cp)) {
            bad(cp, false);
            i += n;
        } else {
            keep(text.substr(i, n));
            i += n;
        }
    }
}

// Text for the terminal (stdout/stderr lines, error messages): every control character (C0
// including newline, DEL, C1) and every byte that is not UTF-8 written as a visible \xNN
// escape, so a results file cannot move the cursor, ring the bell or break a line in two.
std::string terminal_text(std::string_view text);

} // namespace linkperf
