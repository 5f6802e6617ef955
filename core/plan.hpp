#pragma once
// The plan: which cases a run measures. A case = path x source x destination x size x
// threads; runners expand their paths from the topology under these options.
#include "core/case.hpp"
#include "core/sampler.hpp"
#include "core/study.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace linkperf {

enum class Suite { quick, standard, full };
Suite suite_from_string(const std::string& text); // throws Error(usage)
const char* to_string(Suite suite);

struct NumaPair {
    unsigned source = 0;      // memory node (A)
    unsigned destination = 0; // node whose CPUs run the threads (B)
};

struct PlanOptions {
    Suite suite = Suite::quick;
    std::optional<std::vector<std::uint64_t>> sizes; // --sizes overrides the suite's sizes
    std::optional<unsigned> threads;                 // --threads N (max threads for sweeps)
    std::optional<NumaPair> numa;                    // --numa SRC:DST
    std::vector<unsigned> cpus;                      // --cpus LIST (explicit PUs)
    std::optional<std::string> filter;               // --filter REGEX on Case::name()
    StudyOptions study;      // --suite saturation/contention (suite stays the sampling depth)
    bool cold_cache = false; // --cold: cold-cache twins of the in-cache host cases
};

// Parses "0:1" into a NumaPair; "1" means 1:1. Throws Error(usage).
NumaPair parse_numa_pair(const std::string& text);

// The sampler settings a suite uses (quick samples less, full converges harder).
SamplerConfig sampler_for(Suite suite);

// Keeps the cases whose name matches the filter (ECMAScript regex search). Throws
// Error(usage) for an invalid regex.
std::vector<Case> apply_filter(std::vector<Case> cases, const std::optional<std::string>& filter);

// A --filter regex longer than kMaxFilterChars or nesting groups deeper than kMaxFilterDepth
// is refused (Error(usage)): std::regex recurses per level and would overflow the stack.
inline constexpr std::size_t kMaxFilterChars = 4096;
inline constexpr std::size_t kMaxFilterDepth = 64;
void check_filter_bounds(std::string_view filter);

} // namespace linkperf
