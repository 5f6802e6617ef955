#pragma once
// The operations linkperf-coll measures, and how nccl-tests turns their time into bandwidth.
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace linkperf::coll {

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
};

inline constexpr std::array<CollOp, 9> kAllOps{
    CollOp::all_reduce, CollOp::all_gather,  CollOp::reduce_scatter,
    CollOp::broadcast,  CollOp::reduce,      CollOp::alltoall,
    CollOp::sendrecv,   CollOp::p2p_latency, CollOp::p2p_bw};

const char* to_string(CollOp op);                  // "all_reduce", ..., "p2p.latency", "p2p.bw"
std::string path_id(CollOp op);                    // "coll.all_reduce", "coll.p2p.latency"
CollOp coll_op_from_string(std::string_view name); // throws HarnessError(usage)
// "all" or a comma-separated list; order kept, duplicates dropped. Throws HarnessError(usage).
std::vector<CollOp> parse_op_list(std::string_view list);

bool is_reduction(CollOp op);      // all_reduce, reduce_scatter, reduce take -o sum|max
bool has_root(CollOp op);          // broadcast, reduce take -r root
bool is_point_to_point(CollOp op); // p2p.latency, p2p.bw run between two ranks
bool reports_latency(CollOp op);   // p2p.latency: the metric is time, not bandwidth
// Whether the op has an in-place form (point-to-point ops have one buffer direction only).
bool has_in_place(CollOp op);

// nccl-tests' busbw / algbw: all_reduce 2(n-1)/n; all_gather, reduce_scatter, alltoall
// (n-1)/n; broadcast, reduce, sendrecv and point-to-point 1.
double bus_factor(CollOp op, int ranks);

} // namespace linkperf::coll
