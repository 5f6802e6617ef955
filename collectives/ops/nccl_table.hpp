#pragma once
// The terminal table in nccl-tests' columns: size, count, type, redop, root, then time,
// algbw, busbw and #wrong for out-of-place and in-place, and the closing summary lines.
#include "collectives/ops/coll_op.hpp"
#include "collectives/ops/data_type.hpp"
#include "collectives/ops/metrics.hpp"
#include "collectives/ops/op_counts.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace linkperf::coll {

// One variant (out-of-place or in-place) of one size as the table shows it.
struct Cell {
    bool ran = false; // false: the variant does not exist for the op or backend ("n/a")
    double seconds = 0;
    Bandwidth bw;
    std::optional<std::uint64_t> wrong; // empty: not checked (-c 0)
};

struct TableRow {
    CollOp op = CollOp::all_reduce;
    OpCounts counts;
    DataType type = DataType::float32;
    ReduceOp reduce = ReduceOp::sum;
    int root = 0;
    Cell out_of_place;
    Cell in_place;
};

std::string table_header(); // three '#' lines
std::string table_row(const TableRow& row);
// nccl-tests' time column: 2 decimals below 100 us, 1 below 10 ms, none above.
std::string time_text(double microseconds);
// "# Out of bounds values : 0 OK" and "# Avg bus bandwidth    : x".
std::string table_footer(std::uint64_t wrong_total, bool checked, double avg_busbw);

} // namespace linkperf::coll
