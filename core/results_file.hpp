#pragma once
// The results file: a Google Benchmark JSON document with linkperf's fields under "linkperf"
// (docs/results-schema.md). Rewritten atomically after every case so that a crash or Ctrl-C
// keeps every finished measurement; written through OutputFile (core/output_file.hpp).
#include "core/measurement.hpp"
#include "core/output_file.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace linkperf {

inline constexpr int kSchemaVersion = 1;

// Where a run writes when --out is not given: results/<host><tag>-<yyyymmdd-hhmmss>.json
// (UTC), creating results/ if needed.
std::filesystem::path default_results_path(const std::string& hostname,
                                           const std::string& tag = "");

// The `linkperf` object of one benchmark entry (path, endpoints, stats, placement, ...).
nlohmann::json to_json(const Measurement& m);
nlohmann::json to_json(const Endpoint& e);
nlohmann::json to_json(const Statistics& s);

// A whole Google Benchmark entry for a measurement: name, run fields, real_time = median time
// of one operation in ns, bytes_per_second for bandwidth paths, and the linkperf object.
// cpu_time_ns is what Google Benchmark measured for the case (0 when not run under it).
nlohmann::json benchmark_entry(const Measurement& m, double cpu_time_ns, int family_index);

class ResultsFile {
public:
    // Checks at once that the file can be written (so a bad --out fails before measuring). A
    // regular file is written now and after every case; a stream (standard output, a device, a
    // FIFO) gets the one finished document from finish() or interrupt().
    ResultsFile(std::filesystem::path path, nlohmann::json context);
    ResultsFile(OutputFile out, nlohmann::json context);
    // Syncs the last interim write when no last write came (a run stopped by a fatal error).
    ~ResultsFile();
    ResultsFile(const ResultsFile&) = delete;
    ResultsFile& operator=(const ResultsFile&) = delete;

    void append(nlohmann::json benchmark); // adds one entry and rewrites the file
    void finish();                         // records finished_at and complete=true
    // A run stopped by `signal` ("SIGINT"): records interrupted_by and stopped_at, and keeps
    // complete=false, so readers know the file holds only the cases that finished.
    // Written to a stream output too (once), since no finish() follows.
    void interrupt(const std::string& signal);
    const nlohmann::json& document() const { return doc_; }
    nlohmann::json& context() { return doc_["context"]; } // written on the next flush
    const std::filesystem::path& path() const { return path_; }

    // The text written: json_text(document(), 2) and a newline, the entries rendered once
    // each (a --repeat run appends hundreds; dumping the whole document per case grew
    // quadratically, about a second of a 5-pass quick run).
    std::string text() const;

private:
    void flush(bool last);
    OutputFile out_;
    std::filesystem::path path_;
    nlohmann::json doc_;
    std::vector<std::string> entry_text_; // each entry of doc_["benchmarks"], as nested there
    bool written_ = false;                // a stream got its document
    // Interim writes sync at most once a second (an fsync costs milliseconds, once per case);
    // the last write, and the destructor after an unsynced one, sync.
    std::chrono::steady_clock::time_point synced_at_ = std::chrono::steady_clock::now();
    bool unsynced_ = false;
};

} // namespace linkperf
