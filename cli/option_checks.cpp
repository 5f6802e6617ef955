#include "cli/option_checks.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <string_view>

namespace linkperf::cli {
namespace {

bool whole(std::string_view s, long long lo, long long hi) {
    const auto v = parse_number<long long>(s);
    return v && *v >= lo && *v <= hi;
}

bool number(std::string_view s, double lo, double hi) {
    const auto v = parse_number<double>(s);
    return v && std::isfinite(*v) && *v >= lo && *v <= hi;
}

bool boolean(std::string_view s) {
    return s == "true" || s == "false" || s == "1" || s == "0";
}

struct FlagRule {
    const char* values;                 // shown in the message
    bool (*ok)(std::string_view value); // nullptr: the flag is refused, `values` says why
    bool bare = false;                  // may be given without =VALUE (a boolean)
};

const std::map<std::string_view, FlagRule>& rules() {
    static const std::map<std::string_view, FlagRule> r = {
        {"benchmark_repetitions",
         {"a whole number from 1 to 1000", [](std::string_view v) { return whole(v, 1, 1000); }}},
        {"benchmark_min_time",
         {"seconds, a number above 0 and at most 3600",
          [](std::string_view v) { return number(v, 1e-9, 3600); }}},
        {"benchmark_min_warmup_time",
         {"seconds, a number from 0 to 3600",
          [](std::string_view v) { return number(v, 0, 3600); }}},
        {"benchmark_enable_random_interleaving", {"true or false", boolean, true}},
        {"benchmark_report_aggregates_only", {"true or false", boolean, true}},
        {"benchmark_display_aggregates_only", {"true or false", boolean, true}},
        {"benchmark_counters_tabular", {"true or false", boolean, true}},
        {"benchmark_color",
         {"auto, true or false", [](std::string_view v) { return v == "auto" || boolean(v); },
          true}},
        {"benchmark_time_unit",
         {"ns, us, ms or s",
          [](std::string_view v) { return v == "ns" || v == "us" || v == "ms" || v == "s"; }}},
        {"benchmark_context",
         {"KEY=VALUE[,KEY=VALUE...]",
          [](std::string_view v) { return v.find('=') != std::string_view::npos; }}},
        {"benchmark_filter", {"not passed through: use linkperf's --filter", nullptr}},
        {"benchmark_list_tests", {"not passed through: use `linkperf list`", nullptr}},
        {"benchmark_out",
         {"not passed through: use --out (the results file is Google "
          "Benchmark JSON)",
          nullptr}},
        {"benchmark_out_format", {"not passed through: use --out", nullptr}},
        {"benchmark_format", {"not passed through: linkperf prints its own tables", nullptr}},
        {"benchmark_perf_counters", {"not passed through", nullptr}},
    };
    return r;
}

} // namespace

CLI::Validator non_empty() {
    return CLI::Validator(
        [](std::string& v) {
            return v.empty() ? std::string("empty value (leave the option out for its default)")
                             : std::string();
        },
        "NONEMPTY");
}

CLI::Validator regular_file() {
    return CLI::Validator(
        [](std::string& v) {
            if (v.empty()) {
                return std::string("empty value (leave the option out for its default)");
            }
            struct stat st {};
            if (::stat(v.c_str(), &st) != 0) {
                const int e = errno;
                return "'" + v +
                       "': " + (e == ENOENT ? std::string("no such file") : std::strerror(e));
            }
            if (S_ISDIR(st.st_mode)) {
                return "'" + v + "': is a directory, not a file";
            }
            if (!S_ISREG(st.st_mode)) {
                return "'" + v +
                       "': not a regular file (read from disk, not from a device, FIFO or socket)";
            }
            return std::string();
        },
        "FILE");
}

CLI::Validator whole_number(long long lo, long long hi) {
    return CLI::Validator(
        [lo, hi](std::string& v) {
            return whole(v, lo, hi) ? std::string()
                                    : "want a whole number from " + std::to_string(lo) + " to " +
                                          std::to_string(hi) + ", got '" + v + "'";
        },
        "INT in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

void check_benchmark_flags(const std::vector<std::string>& flags) {
    for (const std::string& flag : flags) {
        const std::string_view f(flag);
        if (f.substr(0, 2) != "--") {
            throw usage_error("'" + flag +
                              "' after --: want Google Benchmark flags "
                              "(--benchmark_repetitions=N, ...)");
        }
        const std::size_t eq = f.find('=');
        const std::string_view name = f.substr(2, eq == std::string_view::npos ? eq : eq - 2);
        const auto it = rules().find(name);
        if (it == rules().end()) {
            throw usage_error("unknown Google Benchmark flag '" + flag +
                              "' (linkperf passes --benchmark_repetitions, _min_time, "
                              "_min_warmup_time, _time_unit, _context and the boolean ones)");
        }
        const FlagRule& rule = it->second;
        if (!rule.ok) {
            throw usage_error("--" + std::string(name) + ": " + rule.values);
        }
        const bool ok = eq == std::string_view::npos ? rule.bare : rule.ok(f.substr(eq + 1));
        if (!ok) {
            throw usage_error("--" + std::string(name) + ": want " + rule.values + ", got '" +
                              flag + "'");
        }
    }
}

} // namespace linkperf::cli
