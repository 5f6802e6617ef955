#pragma once
// The operations linkperf-coll measures, by name. Everything known about an op (ranks, sizes,
// bus factor, data, calls) is in its entry of the op table (op_table.hpp, read through
// op_facts.hpp).
#include <string>
#include <string_view>
#include <vector>

namespace linkperf::coll {

// One enumerator per entry of op_table.hpp, in the table's order (the value indexes it, and
// seeds the op's test data: do not reorder).
enum class CollOp {
    all_reduce,
    all_gather,
    reduce_scatter,
    broadcast,
    reduce,
    alltoall,
    sendrecv,    // ring: each rank sends to rank+1 and receives from rank-1
    p2p_latency, // ping-pong between two ranks, one-way time = round trip / 2
    p2p_bw,      // a window of messages in flight from one rank to another
    op_count,    // not an op: the number of ops, which the op table must match
};

const char* to_string(CollOp op);                  // "all_reduce", ..., "p2p.latency", "p2p.bw"
std::string path_id(CollOp op);                    // "coll.all_reduce", "coll.p2p.latency"
CollOp coll_op_from_string(std::string_view name); // throws Error(usage)
// "all" or a comma-separated list; order kept, duplicates dropped. Throws Error(usage).
std::vector<CollOp> parse_op_list(std::string_view list);
// The ops such a list names itself, leaving out those only `all` brings in.
std::vector<CollOp> named_ops(std::string_view list);

// nccl-tests' busbw / algbw at `ranks` ranks (the op's BusFactor, op_facts.hpp).
double bus_factor(CollOp op, int ranks);

} // namespace linkperf::coll
