#pragma once
// Expectation profiles (docs/health.md): what a node's links should do, per link class or case,
// as a warning and a failing level with the provenance of every figure. `linkperf check` judges
// results files against one; `auto` profiles (node/auto_profile), shipped profiles (profiles/)
// and fleet-learned profiles (`linkperf fleet --emit-profile`) are all this one JSON format:
//
//   {"linkperf_profile": 1, "name": "...", "description": "...",
//    "expectations": [{"name": "...", "metric": "bandwidth", "unit": "GB/s",
//                      "warning": 45, "failing": 38,
//                      "match": {"path": "ce.h2d", "min_size": "64M", "link_kind": "pcie", ...},
//                      "provenance": {"kind": "theoretical|fleet|public", ...}}]}
//
// Unknown keys anywhere are refused, so a misspelt match field never widens a rule.
#include "results_model/results_model.hpp"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linkperf::reports {

inline constexpr int kProfileSchemaVersion = 1;

// Where a figure comes from. Public figures are never presented as measured here.
enum class ProvenanceKind {
    theoretical,   // a link's theoretical rate times an efficiency factor
    fleet,         // learned from a fleet's healthy group (`linkperf fleet --emit-profile`)
    public_figure, // a published figure ("public" in the file), with its source
};
const char* to_string(ProvenanceKind kind); // "theoretical", "fleet", "public"

struct Provenance {
    ProvenanceKind kind = ProvenanceKind::theoretical;
    std::string detail; // how the figure was derived: "PCIe gen5 x16 63.02 GB/s x 0.80"
    std::string source; // public: the document's URL (required); others: optional
    std::string group;  // fleet: the host type the figure was learned from (required)
    std::string date;   // fleet: when (required)
    int nodes = 0;      // fleet: how many healthy nodes measured the case
    // "theoretical: PCIe gen5 x16 ..." / "public: <source>" / "fleet: <group>, N nodes, <date>"
    std::string text() const;
};

// Which cases an expectation applies to. Every field left out matches anything. Globs are
// fnmatch patterns; sizes are inclusive bounds in bytes.
struct ExpectationMatch {
    std::string path;             // "ce.h2d", "coll.*"
    std::string source_role;      // glob
    std::string destination_role; // glob
    std::string memory;           // glob over either endpoint's memory kind ("pinned")
    std::uint64_t min_size = 0;
    std::uint64_t max_size = std::numeric_limits<std::uint64_t>::max();
    std::optional<int> min_threads; // threads >= this
    std::optional<int> threads;     // exactly this many threads
    std::string op;                 // collectives: extra.op glob
    std::optional<int> ranks;       // collectives: exact rank count
    std::string gpu_model;          // glob over the run's GPU name (the case's GPU, else GPU 0)
    std::string link_kind;          // the case's extra.link type ("pcie", "nvlink-c2c", "peer",
                                    // "device memory"), "none" when the case names no link
    std::optional<int> pcie_width;  // the link's maximum width (what it should train to)
    std::string host_type;          // exact host type label ("x86_64 / <cpu> / <gpus>"), as
                                    // `linkperf fleet` groups nodes
    std::string case_key;           // exact case key (the CSV case_key column): one case
};

struct Expectation {
    std::string name;
    std::string metric; // "bandwidth" (levels are minimums) or "latency" (maximums)
    std::string unit;   // must equal the case's unit ("GB/s", "ns")
    double warning = 0;
    double failing = 0;
    ExpectationMatch match;
    Provenance provenance;
    bool higher_is_better() const { return metric != "latency"; }
};

struct Profile {
    int schema_version = kProfileSchemaVersion;
    std::string name;
    std::string description;
    std::vector<Expectation> expectations; // the first that matches a case judges it
};

// Parses a profile; ReportError (usage) with the file and the offending key on anything that is
// not a valid profile: unknown or misspelt keys, a newer schema version, levels in the wrong
// order (a bandwidth's failing level above its warning level), a public figure without source.
Profile parse_profile(std::string_view text, const std::string& file);
Profile load_profile(const std::filesystem::path& path);
// The profile as JSON, as parse_profile reads it back.
std::string profile_json(const Profile& profile);

// The facts of a run that a match rule reads besides the case itself.
const std::string& gpu_model_of(const Run& run, const CaseResult& c);
std::string link_kind_of(const CaseResult& c);
bool matches(const ExpectationMatch& m, const Run& run, const CaseResult& c);
// The first expectation of `profile` for the case with the same metric and unit; nullptr none.
const Expectation* find_expectation(const Profile& profile, const Run& run, const CaseResult& c);

} // namespace linkperf::reports
