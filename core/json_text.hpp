#pragma once
// The one way linkperf turns JSON into text (results files, baseline index, verdict files, topo
// JSON). Text that is not UTF-8 reaches the documents from the machine and the user (a Latin-1
// hostname or file name, a loader error quoting a UTF-16 file's bytes): each such byte is
// written as U+FFFD, never a type_error.316 that loses the whole document.
#include <nlohmann/json.hpp>

#include <string>

namespace linkperf {

// `doc` as JSON text indented by `indent` spaces (-1: one line), bytes that are not UTF-8
// replaced by U+FFFD.
std::string json_text(const nlohmann::json& doc, int indent = 2);

} // namespace linkperf
