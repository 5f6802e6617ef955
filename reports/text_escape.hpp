#pragma once
// Escaping for every output format: any string read from a results file goes through one of
// these before it is written (hostnames, CPU models, case names and errors are input).
#include <string>
#include <string_view>

namespace linkperf::reports {

// & < > " ' -> entities; control characters other than \t \n become U+FFFD. Valid for HTML
// text, HTML attributes, SVG and XML (JUnit).
std::string html_escape(std::string_view text);
// A CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; quotes doubled. A
// field starting with = + - @ gets a leading ' so spreadsheets do not run it as a formula.
std::string csv_field(std::string_view text);
// A Markdown table cell: | and backslash escaped, newlines as spaces, < > & as entities.
std::string markdown_cell(std::string_view text);
// A number with `digits` significant digits, no exponent for everyday magnitudes.
std::string format_number(double value, int digits = 4);

} // namespace linkperf::reports
