#pragma once
// What linkperf-coll knows about one op apart from its library calls: names, which ranks take
// part, how a size splits into the ranks' buffers, nccl-tests' bus factor, the seeded data it
// moves, how it is timed and labelled. Each op's facts are written once, in its entry of the op
// table (op_table.hpp); everything else reads them from here.
#include "collectives/ops/coll_op.hpp"
#include "collectives/ops/op_counts.hpp"
#include "collectives/ops/op_data.hpp"
#include "core/case.hpp"

#include <span>
#include <string>
#include <string_view>

namespace linkperf::coll {

// Which ranks run the op: all of them, or rank 0 and its --peer (point-to-point).
enum class Participants { all, pair };

// How much of the op's size one rank's buffer holds: all of it, or one rank's block of it.
enum class Extent { size, block };

// How an op's size (nccl-tests' meaning: the larger of a rank's send and receive) splits into
// the buffers. `split` ops cut the size into one block per rank, so sizes must be multiples of
// ranks x element size and the call's count is a block.
struct Layout {
    bool split = false;
    Extent send = Extent::size;
    Extent recv = Extent::size;
};
inline constexpr Layout kWholeBuffers{};                             // send = receive = size
inline constexpr Layout kGather{true, Extent::block, Extent::size};  // a block in, all out
inline constexpr Layout kScatter{true, Extent::size, Extent::block}; // all in, a block out
inline constexpr Layout kExchange{true, Extent::size, Extent::size}; // block j to/from rank j

// nccl-tests' busbw / algbw at n ranks (its doc/PERFORMANCE.md), with the formula as printed.
struct BusFactor {
    double (*of)(double ranks) = nullptr;
    std::string_view formula{};
};
inline constexpr BusFactor kBusOne{[](double) { return 1.0; }, "1"};
inline constexpr BusFactor kBusRing{[](double n) { return (n - 1) / n; }, "(n-1)/n"};
inline constexpr BusFactor kBusAllReduce{[](double n) { return 2 * (n - 1) / n; }, "2(n-1)/n"};

// How one call is timed: per call; as a ping-pong whose round trip is two one-way messages
// (the metric is then one-way time); or per message of a --window of messages in flight.
enum class Timing { per_call, ping_pong, per_message };

// Where an in-place variant keeps a rank's data in its receive buffer.
enum class Position { start, rank_block };

struct OpFacts {
    CollOp op = CollOp::all_reduce;
    std::string_view name{};  // on the command line and in results ("coll." + name)
    std::string_view alias{}; // another command-line spelling (nccl-tests'), or empty
    // The MPI call(s) its MPI entry times, named in the table and results (extra.mpi_call).
    std::string_view mpi_call{};
    Participants participants = Participants::all;
    int min_ranks = 1;
    bool reduction = false; // takes -o sum|max
    bool rooted = false;    // takes -r root
    Metric metric = Metric::bandwidth;
    Timing timing = Timing::per_call;
    Layout layout = kWholeBuffers;
    BusFactor bus = kBusOne;
    bool in_place = true;                            // the op has an in-place variant
    Position in_place_input = Position::start;       // where its input sits (both libraries)
    bool nccl_in_place = true;                       // NCCL has that variant
    Position nccl_in_place_result = Position::start; // where NCCL leaves its result (MPI: start)
    bool mpi_root_result_in_input = false;           // MPI's root keeps the result in its input
    // The seeded data one rank sends and must receive (op_data.hpp).
    OpData (*data)(const OpCounts& counts, const RankRole& role) = nullptr;
};

const OpFacts& op_facts(CollOp op);
std::span<const OpFacts> all_op_facts(); // in table order, the order of `all`

// The results file's bytes_counted: how the op's figure is derived from its time.
std::string bytes_counted(const OpFacts& facts);
// Ops one call counts as: what its time is divided by (1; 2 for a ping-pong's one-way time;
// the window for --window messages).
double ops_per_call(const OpFacts& facts, unsigned window);

} // namespace linkperf::coll
