#include "collectives/ops/nccl_table.hpp"

#include "collectives/ops/op_facts.hpp"

#include <fmt/format.h>

namespace linkperf::coll {
namespace {

std::string cell_text(const Cell& c) {
    if (!c.ran) {
        return fmt::format("  {:>7}  {:>6}  {:>6}  {:>6}", "n/a", "n/a", "n/a", "n/a");
    }
    const std::string wrong = c.wrong ? std::to_string(*c.wrong) : std::string("N/A");
    return fmt::format("  {:>7}  {:>6.2f}  {:>6.2f}  {:>6}", time_text(c.seconds * 1e6), c.bw.algbw,
                       c.bw.busbw, wrong);
}

} // namespace

std::string time_text(double us) {
    if (us >= 10000.0) {
        return fmt::format("{:.0f}", us);
    }
    if (us >= 100.0) {
        return fmt::format("{:.1f}", us);
    }
    return fmt::format("{:.2f}", us);
}

std::string table_header() {
    const std::string lead =
        fmt::format("#{:>11}  {:>12}  {:>8}  {:>6}  {:>6}", "", "", "", "", "");
    std::string s = lead + fmt::format("  {:^31}  {:^31}\n", "out-of-place", "in-place");
    s += fmt::format("#{:>11}  {:>12}  {:>8}  {:>6}  {:>6}", "size", "count", "type", "redop",
                     "root");
    for (int i = 0; i < 2; ++i) {
        s += fmt::format("  {:>7}  {:>6}  {:>6}  {:>6}", "time", "algbw", "busbw", "#wrong");
    }
    s += "\n";
    s += fmt::format("#{:>11}  {:>12}  {:>8}  {:>6}  {:>6}", "(B)", "(elements)", "", "", "");
    for (int i = 0; i < 2; ++i) {
        s += fmt::format("  {:>7}  {:>6}  {:>6}  {:>6}", "(us)", "(GB/s)", "(GB/s)", "");
    }
    return s + "\n";
}

std::string table_row(const TableRow& r) {
    const OpFacts& f = op_facts(r.op);
    const std::string redop = f.reduction ? to_string(r.reduce) : "none";
    const int root = f.rooted ? r.root : -1;
    return fmt::format("{:>12}  {:>12}  {:>8}  {:>6}  {:>6}", r.counts.size_bytes, r.counts.count,
                       nccl_tests_name(r.type), redop, root) +
           cell_text(r.out_of_place) + cell_text(r.in_place) + "\n";
}

std::string table_footer(std::uint64_t wrong_total, bool checked, double avg_busbw) {
    std::string s;
    if (checked) {
        s += fmt::format("# Out of bounds values : {} {}\n", wrong_total,
                         wrong_total == 0 ? "OK" : "FAILED");
    } else {
        s += "# Out of bounds values : not checked (-c 0)\n";
    }
    s += fmt::format("# Avg bus bandwidth    : {:.4f} \n", avg_busbw);
    return s;
}

} // namespace linkperf::coll
