#pragma once
// baselines/: stored reference runs. `linkperf baseline save RESULTS NAME` validates the file,
// copies it byte for byte to DIR/NAME.json and records its metadata in DIR/index.json; it
// refuses to overwrite an existing NAME unless forced.
#include <filesystem>
#include <string>
#include <vector>

namespace linkperf::reports {

struct BaselineEntry {
    std::string name;
    std::string file; // NAME.json, relative to the directory
    std::string isa;
    bool emulated = false;
    std::string hostname;
    std::string cpu_model;
    std::string suite;
    std::string date;
    std::string linkperf_version;
    std::string git_sha;
    std::size_t cases = 0;
    std::string saved_at;
    std::string source; // the path it was saved from
};

// Throws ReportError(usage): bad name, unreadable/invalid results, NAME exists and !force.
BaselineEntry save_baseline(const std::filesystem::path& results, const std::string& name,
                            const std::filesystem::path& dir, bool force);
// Several results files: stored as one run-level baseline, each file one pass
// (results_model/run_merge.hpp); one file is stored byte for byte as above.
BaselineEntry save_baseline(const std::vector<std::filesystem::path>& results,
                            const std::string& name, const std::filesystem::path& dir, bool force);

// The entries of DIR/index.json (empty when there is none). Throws on a malformed index.
std::vector<BaselineEntry> list_baselines(const std::filesystem::path& dir);

// `arg` as given when it names an existing file, else DIR/arg.json when that exists, else
// `arg` (so the loader reports it missing).
std::filesystem::path resolve_baseline(const std::string& arg, const std::filesystem::path& dir);

} // namespace linkperf::reports
