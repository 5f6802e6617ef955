#include "bench/results_table.hpp"

#include "core/units.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <string>

namespace linkperf::bench {
namespace {

// A terminal of 100 columns: no printed line is wider.
constexpr std::size_t kWidth = 100;
constexpr std::size_t kMaxRoute = 28; // a longer route gets a line of its own

// `line` broken at spaces into lines of at most kWidth columns (a word longer than that is cut),
// continuation lines indented by `indent`.
void print_fitted(std::FILE* out, std::string line, std::size_t indent) {
    const std::string pad(indent, ' ');
    while (line.size() > kWidth) {
        std::size_t cut = line.rfind(' ', kWidth);
        if (cut == std::string::npos || cut <= indent) {
            cut = kWidth;
        }
        fmt::print(out, "{}\n", line.substr(0, cut));
        const std::size_t next = line.find_first_not_of(' ', cut);
        line = next == std::string::npos ? std::string() : pad + line.substr(next);
        if (line.size() <= indent) {
            return;
        }
    }
    fmt::print(out, "{}\n", line);
}

// The run-to-run spread a reader can trust beside p5 .. p95: half that range over the median,
// in percent. (stddev/mean is dominated by one slow sample: 176% beside a tight p5 .. p95.)
double half_range_percent(const Statistics& s) {
    return s.median > 0 ? (s.p95 - s.p5) / 2.0 / s.median * 100.0 : 0.0;
}

} // namespace

void print_tables(std::FILE* out, const std::vector<Measurement>& measurements) {
    // Paths in first-seen order, rows in run order.
    std::vector<std::string> order;
    std::map<std::string, std::vector<const Measurement*>> by_path;
    for (const auto& m : measurements) {
        auto& rows = by_path[m.test_case.path.id];
        if (rows.empty()) {
            order.push_back(m.test_case.path.id);
        }
        rows.push_back(&m);
    }
    for (const auto& path : order) {
        const auto& rows = by_path[path];
        const Path& p = rows.front()->test_case.path;
        std::size_t width = std::string_view("source -> destination").size();
        for (const Measurement* m : rows) {
            const Case& c = m->test_case;
            const std::size_t n = fmt::format("{}({}) -> {}({})", c.source.label(), c.source.role,
                                              c.destination.label(), c.destination.role)
                                      .size();
            width = std::max(width, std::min(n, kMaxRoute));
        }
        fmt::print(out, "\n");
        print_fitted(out,
                     fmt::format("{} ({}, {}{})", p.id, to_string(p.metric), p.unit(),
                                 p.metric == Metric::bandwidth
                                     ? ", GB = 10^9 bytes, " + p.bytes_counted
                                     : ""),
                     2);
        print_fitted(out,
                     "  sizes in bytes (K/M/G = 2^10/2^20/2^30); +-% = half of p5 .. p95 over the "
                     "median",
                     4);
        print_fitted(out,
                     fmt::format("  {:<{}} {:>6} {:>3} {:>11} {:>21} {:>6}  {}",
                                 "source -> destination", width, "size", "thr",
                                 fmt::format("median {}", p.unit()), "p5 .. p95", "+-%", "checks"),
                     4);
        for (const Measurement* m : rows) {
            const Case& c = m->test_case;
            std::string route = fmt::format("{}({}) -> {}({})", c.source.label(), c.source.role,
                                            c.destination.label(), c.destination.role);
            if (route.size() > width) {
                print_fitted(out, "  " + route, 4);
                route.clear();
            }
            if (m->status != CaseStatus::ok) {
                print_fitted(out,
                             fmt::format("  {:<{}} {:>6} {:>3} {:>11}  {}", route, width,
                                         format_size(c.size_bytes), c.threads, to_string(m->status),
                                         m->error),
                             6);
                continue;
            }
            std::string checks = m->data_verified ? "data ok" : "data unchecked";
            checks += m->placement.verified ? ", placed" : ", PLACEMENT NOT VERIFIED";
            if (m->contention && m->contention->contended) {
                checks += ", CONTENDED: " + m->contention->why; // a figure to distrust
            }
            const std::string figures =
                fmt::format("  {:<{}} {:>6} {:>3} {:>11.4g} {:>9.4g} .. {:<8.4g} {:>5.1f}%", route,
                            width, format_size(c.size_bytes), c.threads, m->stats.median,
                            m->stats.p5, m->stats.p95, half_range_percent(m->stats));
            // The checks stay whole: on the row when they fit, else on the next line.
            if (figures.size() + 2 + checks.size() <= kWidth) {
                fmt::print(out, "{}  {}\n", figures, checks);
            } else {
                fmt::print(out, "{}\n      {}\n", figures, checks);
            }
        }
    }
}

} // namespace linkperf::bench
