#pragma once
// How deeply a JSON text nests arrays and objects, found without parsing it: every reader of
// JSON checks this first, so a document nested a million levels deep is refused with one line
// instead of exhausting the stack of a recursive walk (dump, a recursive validator).
#include <cstddef>
#include <string_view>

namespace linkperf::reports {

// The deepest nesting of [ and { outside strings ("[[1]]" is 2). Malformed text gives a
// number too; the parser reports what is wrong with it.
std::size_t json_nesting_depth(std::string_view text);

} // namespace linkperf::reports
