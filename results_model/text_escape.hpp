#pragma once
// Escaping for every output format: any string read from a results file goes through one of
// these before it is written (hostnames, CPU models, case names and errors are input).
#include "core/utf8_text.hpp"

#include <string>
#include <string_view>

namespace linkperf::reports {

// & < > " ' -> entities; control characters other than \t \n become U+FFFD. For HTML text,
// HTML attributes and SVG; XML files (JUnit) use xml_escape.

std::string html_escape(std::string_view text);
// XML 1.0 text and attribute values: & < > " ' as entities; \n \t \r as character references
// (so attribute normalization keeps them); other controls (C0, DEL, C1), U+FFFE, U+FFFF and
// bytes that are not UTF-8 (0xFF, encoded surrogates) become U+FFFD: a file is always well-formed.
std::string xml_escape(std::string_view text);
// A CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; quotes doubled. A
// field starting with = + - @ tab or CR gets a leading ' so spreadsheets do not run it as a
// formula. Control characters other than tab, CR and LF (ESC, BEL, NUL, DEL, C1) and bytes
// that are not UTF-8 become U+FFFD, so `cat` of the file cannot drive the terminal.
std::string csv_field(std::string_view text);
// A Markdown table cell, inert (no links, images, HTML, code spans, emphasis, autolinks or
// mentions) and readable raw: only the characters that can start markup there are
// backslash-escapes (\ ` * [ ] < | & ~ $ @ #; ':' in "://", '.' in "www.", '_' outside a
// word), newlines and tabs as spaces, other controls (C0, DEL, C1) and bytes that are not UTF-8
// U+FFFD.
std::string markdown_cell(std::string_view text);
// Text for the terminal: core/utf8_text's (linkperf-coll uses it without the reports).
using linkperf::terminal_text;
// A number with `digits` significant digits, no exponent for everyday magnitudes.
std::string format_number(double value, int digits = 4);

} // namespace linkperf::reports
