#pragma once
// Node Feature Discovery labels for `linkperf nfd`: a local feature file (NFD's features.d
// format: one `name=value` line per label, a `# +expiry-time=` directive) with every label
// under one prefix, linkperf.dev/. Names and values follow Kubernetes' rules for labels:
//   name:   [prefix/]name, name 1..63 chars of [A-Za-z0-9] with - _ . inside, prefix a DNS
//           subdomain of at most 253 chars (lower-case dot-separated RFC 1123 labels)
//   value:  empty, or 1..63 chars of [A-Za-z0-9] with - _ . inside
#include "results_model/results_model.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linkperf {

inline constexpr std::string_view kNfdPrefix = "linkperf.dev";

bool valid_dns_subdomain(std::string_view text);
bool valid_label_name(std::string_view name); // with or without "prefix/"
bool valid_label_value(std::string_view value);
// Maps free text onto a valid value: invalid characters become '-', cut to 63, trimmed to
// alphanumeric ends ("Gen5 x16!" -> "Gen5-x16").
std::string to_label_value(std::string_view text);

struct NfdLabel {
    std::string name; // full name, "linkperf.dev/gpu.count"
    std::string value;
};

struct CanaryVerdict {
    std::string verdict; // "pass", "fail", "incomplete"
    std::string date;    // "2026-11-28"
};

// The verdict of a results file, as the results loader read it (results_model/results_loader.hpp,
// which refuses what is not a valid results file): "fail" when a case failed, "incomplete"
// when the run did not finish, "pass" otherwise; the date the run finished (or started).
CanaryVerdict verdict_from_results(const reports::Run& run);

struct NfdFacts {
    std::string isa; // x86_64, aarch64, riscv64, ...
    std::size_t gpu_count = 0;
    std::vector<std::string> gpu_links; // per GPU: "pcie5x16", "c2c", "unknown"
    std::optional<bool> coherent;       // every GPU has pageable memory access; nullopt: unknown
    std::size_t numa_nodes = 0;
    std::size_t cpuless_numa_nodes = 0;
    std::optional<CanaryVerdict> canary;
    // The node's verdict in a fleet verdict file (`linkperf fleet --json`): ok, outlier, failed
    // or incomplete; labels fleet.verdict and fleet.quarantine (true unless ok).
    std::optional<std::string> fleet_verdict;
};

// The labels, in a fixed order. Throws Error(usage) if one would be invalid.
std::vector<NfdLabel> nfd_labels(const NfdFacts& facts);

// The file's content: a comment, the expiry directive (RFC 3339 UTC) and the labels.
std::string nfd_feature_file(const std::vector<NfdLabel>& labels,
                             std::chrono::system_clock::time_point expiry);

} // namespace linkperf
