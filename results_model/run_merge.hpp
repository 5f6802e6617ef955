#pragma once
// Several results files of one plan as one run-level document: each file becomes one pass (a
// --repeat file keeps its own passes, numbered after the ones before it), so a baseline saved
// from separate process runs keeps what changes only between processes (docs/reports.md,
// "CI recipe").
#include <filesystem>
#include <string>
#include <vector>

namespace linkperf::reports {

// The merged results text: the first file's context with context.linkperf.repeat =
// {passes, seed: "", sources: [paths]}, then every file's entries with linkperf.pass set.
// Each file is read once and validated (ReportError as the loader).
std::string merge_runs(const std::vector<std::filesystem::path>& files);

} // namespace linkperf::reports
