#include "bench/results_table.hpp"

#include "core/units.hpp"

#include <fmt/core.h>

#include <map>
#include <string>

namespace linkperf::bench {

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
        fmt::print(out, "\n{} ({}, {}{}; sizes in bytes, K/M/G = 2^10/2^20/2^30)\n", p.id,
                   to_string(p.metric), p.unit(),
                   p.metric == Metric::bandwidth ? ", GB = 10^9 bytes, " + p.bytes_counted : "");
        fmt::print(out, "  {:<34} {:>6} {:>3} {:>11} {:>23} {:>7}  {}\n", "source -> destination",
                   "size", "thr", fmt::format("median {}", p.unit()), "p5 .. p95", "spread",
                   "checks");
        for (const Measurement* m : rows) {
            const Case& c = m->test_case;
            const std::string route =
                fmt::format("{}({}) -> {}({})", c.source.label(), c.source.role,
                            c.destination.label(), c.destination.role);
            if (m->status != CaseStatus::ok) {
                fmt::print(out, "  {:<34} {:>6} {:>3} {:>11}  {}\n", route,
                           format_size(c.size_bytes), c.threads, to_string(m->status), m->error);
                continue;
            }
            std::string checks = m->data_verified ? "data ok" : "data unchecked";
            checks += m->placement.verified ? ", placed" : ", PLACEMENT NOT VERIFIED";
            if (m->contention && m->contention->contended) {
                checks += ", CONTENDED: " + m->contention->why; // a figure to distrust
            }
            fmt::print(out, "  {:<34} {:>6} {:>3} {:>11.4g} {:>11.4g} .. {:<9.4g} {:>6.2f}%  {}\n",
                       route, format_size(c.size_bytes), c.threads, m->stats.median, m->stats.p5,
                       m->stats.p95, m->stats.stdrel * 100.0, checks);
        }
    }
}

} // namespace linkperf::bench
