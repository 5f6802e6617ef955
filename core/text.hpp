#pragma once
// The two text rules every parser of command lines, config and kernel files shares: what white
// space is trimmed, and what counts as a number (the whole text, nothing around it).
#include <charconv>
#include <optional>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace linkperf {

// `text` without leading and trailing white space (std::isspace: space, \t, \n, \v, \f, \r).
std::string_view trim(std::string_view text);

// `text` as exactly one number of type T: no white space, sign only where T has one, nothing
// after it; nullopt for anything else, a value out of T's range included. Integers are read in
// `base`; floating-point numbers in decimal or scientific notation (also "inf" and "nan": the
// caller bounds them).
template <typename T> std::optional<T> parse_number(std::string_view text, int base = 10) {
    T v{};
    const char* const end = text.data() + text.size();
    std::from_chars_result r{};
    if constexpr (std::is_floating_point_v<T>) {
        (void)base;
        r = std::from_chars(text.data(), end, v);
    } else {
        r = std::from_chars(text.data(), end, v, base);
    }
    if (text.empty() || r.ec != std::errc{} || r.ptr != end) {
        return std::nullopt;
    }
    return v;
}

} // namespace linkperf
