#pragma once
// The case key joins runs: path, endpoint roles and memory kinds, size, threads and the
// collective fields (op, ranks, in_place, type, reduce_op, nodes, root, window). Never hostnames or
// NUMA ids, so a riscv64 run compares with an x86_64 run of the same plan (docs/results-schema.md).
#include <compare>
#include <cstdint>
#include <string>

namespace linkperf::reports {

struct CaseKey {
    std::string path;
    std::string source_role;
    std::string source_memory;
    std::string destination_role;
    std::string destination_memory;
    std::uint64_t size_bytes = 0;
    int threads = 0;
    std::string op;        // collectives only: extra.op
    int ranks = 0;         // collectives only: extra.ranks
    std::string in_place;  // collectives only: "in-place", "out-of-place" or ""
    std::string type;      // collectives only: extra.type
    std::string reduce_op; // collectives only: extra.reduce_op (sum, max, ...) or ""
    int nodes = 0;         // collectives only: extra.nodes (0: not given)
    int root = -1;         // collectives only: extra.root (-1: not given)
    int window = 0;        // p2p.bw only: extra.window (0: not given)

    auto operator<=>(const CaseKey&) const = default;
    bool operator==(const CaseKey&) const = default;
};

// The series a case belongs to: every key field but the size (one line on a chart).
CaseKey series_of(const CaseKey& key);

// "host.copy local(numa)->far(numa) threads:1" without size: a chart legend / table label.
std::string series_label(const CaseKey& key);
// series_label plus "@4K": the JUnit test name and the table row label.
std::string case_label(const CaseKey& key);
// Every field, '|'-separated: the CSV case_key column, unambiguous and stable.
std::string key_string(const CaseKey& key);

} // namespace linkperf::reports
