#include "core/plan.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <charconv>

namespace linkperf {
namespace {

unsigned parse_unsigned(std::string_view text, const std::string& what) {
    unsigned v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) {
        throw usage_error("invalid " + what + " '" + std::string(text) +
                          "': expected a non-negative whole number");
    }
    return v;
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
    SamplerConfig c;
    switch (suite) {
    case Suite::quick:
        c.min_samples = 10;
        c.max_samples = 100;
        c.max_seconds = 0.5;
        c.target_stdrel = 0.02;
        break;
    case Suite::standard:
        c.min_samples = 10;
        c.max_samples = 200;
        c.max_seconds = 1.0;
        c.target_stdrel = 0.01;
        break;
    case Suite::full:
        c.min_samples = 20;
        c.max_samples = 1000;
        c.max_seconds = 3.0;
        c.target_stdrel = 0.005;
        break;
    }
    return c;
}

std::vector<Case> apply_filter(std::vector<Case> cases, const std::optional<std::string>& filter) {
    if (!filter) {
        return cases;
    }
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
