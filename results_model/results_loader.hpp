#pragma once
// Reads and validates a linkperf results file (docs/results-schema.md). Anything that is not a
// results file this linkperf understands -- missing, empty, truncated, non-JSON, wrong shape,
// a missing or newer schema_version -- throws ReportError(usage) with one line naming the
// file and the problem. Never crashes on any input (fuzzed: fuzz/results_loader_fuzz.cpp).
#include "results_model/results_model.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace linkperf::reports {

// Bounds on what the loader reads (docs/results-schema.md): a results file is a regular file of
// at most 256 MiB (a full suite writes a few MiB), nested at most 64 levels deep.
inline constexpr std::uint64_t kMaxResultsBytes = std::uint64_t{256} << 20;
inline constexpr std::size_t kMaxJsonDepth = 64;

// Parses the text of a results file; `file` names it in messages and RunInfo.
Run parse_results(std::string_view text, const std::string& file);

// Reads the file at `path` once, whole. ReportError when missing, unreadable, not a regular
// file (a directory, a device, a FIFO) or larger than kMaxResultsBytes.
std::string read_results_text(const std::filesystem::path& path);

// Reads and parses the file at `path`.
Run load_results(const std::filesystem::path& path);

} // namespace linkperf::reports
