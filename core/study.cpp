#include "core/study.hpp"

#include "core/error.hpp"

#include <fmt/core.h>

#include <cmath>
#include <string_view>

namespace linkperf {

const char* to_string(Study study) {
    switch (study) {
    case Study::links:
        return "links";
    case Study::saturation:
        return "saturation";
    case Study::contention:
        return "contention";
    }
    return "unknown";
}

SweepSet parse_sweeps(const std::string& text) {
    SweepSet set{false, false, false};
    std::string_view rest(text);
    if (rest.empty()) {
        throw usage_error("empty --sweep list: use threads, gpus, peers or all");
    }
    while (true) {
        const auto comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        if (item == "threads") {
            set.threads = true;
        } else if (item == "gpus") {
            set.gpus = true;
        } else if (item == "peers") {
            set.peers = true;
        } else if (item == "all") {
            set = SweepSet{};
        } else {
            throw usage_error("unknown sweep '" + std::string(item) +
                              "': use threads, gpus, peers or all");
        }
        if (comma == std::string_view::npos) {
            break;
        }
        rest = rest.substr(comma + 1);
    }
    return set;
}

double check_knee_fraction(double fraction) {
    if (!std::isfinite(fraction) || fraction <= 0 || fraction > 1) {
        throw usage_error(fmt::format("invalid --knee {:g}: expected a fraction of the plateau "
                                      "in (0, 1], e.g. 0.95",
                                      fraction));
    }
    return fraction;
}

} // namespace linkperf
