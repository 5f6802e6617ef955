#include "core/plan.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <charconv>

namespace linkperf {
namespace {

unsigned parse_unsigned(std::string_view text, const std::string& what) {
    const std::optional<unsigned> v = parse_number<unsigned>(text);
    if (!v) {
        throw usage_error("invalid " + what + " '" + std::string(text) +
                          "': expected a non-negative whole number");
    }
    return *v;
}

} // namespace

Suite suite_from_string(const std::string& text) {
    if (text == "quick") {
        return Suite::quick;
    }
    if (text == "standard") {
        return Suite::standard;
    }
    if (text == "full") {
        return Suite::full;
    }
    throw usage_error("unknown suite '" + text + "': use quick, standard or full");
}

const char* to_string(Suite suite) {
    switch (suite) {
    case Suite::quick:
        return "quick";
    case Suite::standard:
        return "standard";
    case Suite::full:
        return "full";
    }
    return "unknown";
}

NumaPair parse_numa_pair(const std::string& text) {
    const auto colon = text.find(':');
    if (colon == std::string::npos) {
        const unsigned n = parse_unsigned(text, "NUMA node");
        return {n, n};
    }
    return {parse_unsigned(std::string_view(text).substr(0, colon), "NUMA node"),
            parse_unsigned(std::string_view(text).substr(colon + 1), "NUMA node")};
}

SamplerConfig sampler_for(Suite suite) {
    // Each suite trades time for a tighter spread: samples at least/at most, seconds per case,
    // the stdrel that ends sampling early.
    struct Budget {
        std::size_t min_samples, max_samples;
        double max_seconds, target_stdrel;
    };
    static constexpr Budget kQuick{10, 100, 0.5, 0.02};
    static constexpr Budget kStandard{10, 200, 1.0, 0.01};
    static constexpr Budget kFull{20, 1000, 3.0, 0.005};
    const Budget& b = suite == Suite::quick ? kQuick : suite == Suite::standard ? kStandard : kFull;
    SamplerConfig c;
    c.min_samples = b.min_samples;
    c.max_samples = b.max_samples;
    c.max_seconds = b.max_seconds;
    c.target_stdrel = b.target_stdrel;
    return c;
}

void check_filter_bounds(std::string_view filter) {
    // std::regex compiles and matches by recursion, one frame per nesting level and per
    // alternative: 20,000 nested groups overflow the stack (SIGSEGV). A filter names cases;
    // nothing that does needs more than this.
    if (filter.size() > kMaxFilterChars) {
        throw usage_error("--filter is " + std::to_string(filter.size()) +
                          " characters long; at most " + std::to_string(kMaxFilterChars));
    }
    std::size_t depth = 0;
    bool escaped = false;
    bool in_class = false;
    for (const char c : filter) {
        if (escaped) {
            escaped = false;
        } else if (c == '\\') {
            escaped = true;
        } else if (in_class) {
            in_class = c != ']';
        } else if (c == '[') {
            in_class = true;
        } else if (c == '(' && ++depth > kMaxFilterDepth) {
            throw usage_error("--filter nests groups more than " + std::to_string(kMaxFilterDepth) +
                              " deep");
        } else if (c == ')' && depth > 0) {
            --depth;
        }
    }
}

std::vector<Case> apply_filter(std::vector<Case> cases, const std::optional<std::string>& filter) {
    if (!filter) {
        return cases;
    }
    check_filter_bounds(*filter);
    std::regex re;
    try {
        re = std::regex(*filter, std::regex::ECMAScript);
    } catch (const std::regex_error& e) {
        throw usage_error("invalid --filter regex '" + *filter + "': " + e.what());
    }
    std::erase_if(cases, [&](const Case& c) { return !std::regex_search(c.name(), re); });
    return cases;
}

} // namespace linkperf
