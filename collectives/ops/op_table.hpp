#pragma once
// The op table: one entry per collective op holds all linkperf-coll knows about it, its facts
// (op_facts.hpp: names, ranks, sizes, bus factor, seeded data, labels), its MPI calls and its
// NCCL calls. Adding an op is one entry here plus its enumerator in CollOp (same order):
// docs/collectives.md "Adding a collective".
//
// The calls are generic lambdas over the backend's call context (collectives/mpi/mpi_call.hpp,
// collectives/nccl/nccl_call.hpp) and reach the library only through it, so this header
// compiles without mpi.h or nccl.h; a backend instantiates the calls with op_calls().
#include "collectives/ops/op_facts.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

namespace linkperf::coll {

template <class Mpi, class Nccl> struct OpEntry {
    OpFacts facts;
    Mpi mpi;   // (MpiCall&): the op's MPI calls on one rank
    Nccl nccl; // (NcclCall&): the op's NCCL calls on this process's GPUs
};
template <class Mpi, class Nccl> OpEntry(OpFacts, Mpi, Nccl) -> OpEntry<Mpi, Nccl>;

inline constexpr std::tuple kOpTable{
    OpEntry{
        OpFacts{
            .op = CollOp::all_reduce,
            .name = "all_reduce",
            .alias = "allreduce",
            .mpi_call = "MPI_Allreduce",
            .reduction = true,
            .bus = kBusAllReduce,
            .data =
                [](const OpCounts& c, const RankRole& role) {
                    OpData d;
                    d.input = {{0, c.send, role.rank, 0}};
                    d.result = {{0, c.recv, kReducedOverRanks, 0}};
                    return d;
                },
        },
        [](auto& c) { c.mpi.Allreduce(c.send, c.result, c.count, c.type, c.reduce, c.comm); },
        [](auto& c) {
            c.each_gpu([&](const auto& g) {
                c.check(
                    c.api.AllReduce(g.input, g.result, c.count, c.type, c.reduce, g.comm, g.stream),
                    "ncclAllReduce");
            });
        },
    },
    OpEntry{
        OpFacts{
            .op = CollOp::all_gather,
            .name = "all_gather",
            .alias = "allgather",
            .mpi_call = "MPI_Allgather",
            .layout = kGather,
            .bus = kBusRing,
            .in_place_input = Position::rank_block,
            .data =
                [](const OpCounts& c, const RankRole& role) {
                    // Indexes are positions in the gathered output: block j holds rank j's run.
                    const std::uint64_t r = static_cast<std::uint64_t>(role.rank);
                    OpData d;
                    d.input = {{0, c.send, role.rank, r * c.block}};
                    for (int j = 0; j < role.ranks; ++j) {
                        const std::uint64_t at = static_cast<std::uint64_t>(j) * c.block;
                        d.result.push_back({at, c.block, j, at});
                    }
                    return d;
                },
        },
        [](auto& c) {
            c.mpi.Allgather(c.send, c.count, c.type, c.result, c.count, c.type, c.comm);
        },
        [](auto& c) {
            c.each_gpu([&](const auto& g) {
                c.check(c.api.AllGather(g.input, g.result, c.block, c.type, g.comm, g.stream),
                        "ncclAllGather");
            });
        },
    },
    OpEntry{
        OpFacts{
            .op = CollOp::reduce_scatter,
            .name = "reduce_scatter",
            .alias = "reducescatter",
            .mpi_call = "MPI_Reduce_scatter",
            .reduction = true,
            .layout = kScatter,
            .bus = kBusRing,
            .nccl_in_place_result = Position::rank_block,
            .data =
                [](const OpCounts& c, const RankRole& role) {
                    const std::uint64_t r = static_cast<std::uint64_t>(role.rank);
                    OpData d;
                    d.input = {{0, c.send, role.rank, 0}};
                    d.result = {{0, c.recv, kReducedOverRanks, r * c.block}};
                    return d;
                },
        },
        [](auto& c) {
            // MPI_Reduce_scatter with equal counts, not MPI_Reduce_scatter_block: Open MPI
            // 4.1 runs the _block form up to 4x slower at 1-16 MiB (docs/collectives.md).
            c.mpi.Reduce_scatter(c.send, c.result, c.counts, c.type, c.reduce, c.comm);
        },
        [](auto& c) {
            c.each_gpu([&](const auto& g) {
                c.check(c.api.ReduceScatter(g.input, g.result, c.block, c.type, c.reduce, g.comm,
                                            g.stream),
                        "ncclReduceScatter");
            });
        },
    },
    OpEntry{
        OpFacts{
            .op = CollOp::broadcast,
            .name = "broadcast",
            .mpi_call = "MPI_Bcast",
            .rooted = true,
            .mpi_root_result_in_input = true,
            .data =
                [](const OpCounts& c, const RankRole& role) {
                    OpData d;
                    if (role.rank == role.root) {
                        d.input = {{0, c.send, role.rank, 0}};
                    }
                    d.result = {{0, c.recv, role.root, 0}};
                    return d;
                },
        },
        // One buffer per rank: the root's input, the others' destination.
        [](auto& c) {
            c.mpi.Bcast(c.rank == c.root ? c.input : c.result, c.count, c.type, c.root, c.comm);
        },
        [](auto& c) {
            c.each_gpu([&](const auto& g) {
                c.check(
                    c.api.Broadcast(g.input, g.result, c.count, c.type, c.root, g.comm, g.stream),
                    "ncclBroadcast");
            });
        },
    },
    OpEntry{
        OpFacts{
            .op = CollOp::reduce,
            .name = "reduce",
            .mpi_call = "MPI_Reduce",
            .reduction = true,
            .rooted = true,
            .data =
                [](const OpCounts& c, const RankRole& role) {
                    OpData d;
                    d.input = {{0, c.send, role.rank, 0}};
                    if (role.rank == role.root) {
                        d.result = {{0, c.recv, kReducedOverRanks, 0}};
                    }
                    return d;
                },
        },
        // MPI_IN_PLACE is the root's alone: in place, the other ranks send from their input.
        [](auto& c) {
            c.mpi.Reduce(c.rank == c.root ? c.send : c.input, c.result, c.count, c.type, c.reduce,
                         c.root, c.comm);
        },
        [](auto& c) {
            c.each_gpu([&](const auto& g) {
                c.check(c.api.Reduce(g.input, g.result, c.count, c.type, c.reduce, c.root, g.comm,
                                     g.stream),
                        "ncclReduce");
            });
        },
    },
    OpEntry{
        OpFacts{
            .op = CollOp::alltoall,
            .name = "alltoall",
            .mpi_call = "MPI_Alltoall",
            .layout = kExchange,
            .bus = kBusRing,
            .nccl_in_place = false,
            .data =
                [](const OpCounts& c, const RankRole& role) {
                    // Block j of a rank's input goes to rank j; block j of its output came
                    // from rank j.
                    const std::uint64_t r = static_cast<std::uint64_t>(role.rank);
                    OpData d;
                    d.input = {{0, c.send, role.rank, 0}};
                    for (int j = 0; j < role.ranks; ++j) {
                        const std::uint64_t at = static_cast<std::uint64_t>(j) * c.block;
                        d.result.push_back({at, c.block, j, r * c.block});
                    }
                    return d;
                },
        },
        [](auto& c) { c.mpi.Alltoall(c.send, c.count, c.type, c.result, c.count, c.type, c.comm); },
        [](auto& c) {
            c.each_gpu([&](const auto& g) {
                for (int j = 0; j < c.ranks; ++j) {
                    const std::size_t at = static_cast<std::size_t>(j) * c.block * c.element;
                    c.check(c.api.Send(g.input + at, c.block, c.type, j, g.comm, g.stream),
                            "ncclSend");
                    c.check(c.api.Recv(g.result + at, c.block, c.type, j, g.comm, g.stream),
                            "ncclRecv");
                }
            });
        },
    },
    OpEntry{
        OpFacts{
            .op = CollOp::sendrecv,
            .name = "sendrecv",
            .mpi_call = "MPI_Sendrecv (in place: MPI_Sendrecv_replace)",
            .nccl_in_place = false,
            .data =
                [](const OpCounts& c, const RankRole& role) {
                    // A ring: each rank sends to rank+1 and receives from rank-1.
                    OpData d;
                    d.input = {{0, c.send, role.rank, 0}};
                    d.result = {{0, c.recv, (role.rank + role.ranks - 1) % role.ranks, 0}};
                    return d;
                },
        },
        [](auto& c) {
            const int next = (c.rank + 1) % c.ranks;
            const int prev = (c.rank + c.ranks - 1) % c.ranks;
            if (c.in_place) {
                c.mpi.Sendrecv_replace(c.result, c.count, c.type, next, c.tag, prev, c.tag, c.comm,
                                       c.mpi.status_ignore);
            } else {
                c.mpi.Sendrecv(c.input, c.count, c.type, next, c.tag, c.result, c.count, c.type,
                               prev, c.tag, c.comm, c.mpi.status_ignore);
            }
        },
        [](auto& c) {
            c.each_gpu([&](const auto& g) {
                c.check(
                    c.api.Send(g.input, c.count, c.type, (g.rank + 1) % c.ranks, g.comm, g.stream),
                    "ncclSend");
                c.check(c.api.Recv(g.result, c.count, c.type, (g.rank + c.ranks - 1) % c.ranks,
                                   g.comm, g.stream),
                        "ncclRecv");
            });
        },
    },
    OpEntry{
        OpFacts{
            .op = CollOp::p2p_latency,
            .name = "p2p.latency",
            .mpi_call = "MPI_Send + MPI_Recv",
            .participants = Participants::pair,
            .min_ranks = 2,
            .metric = Metric::latency,
            .timing = Timing::ping_pong,
            .in_place = false,
            .data =
                [](const OpCounts& c, const RankRole& role) {
                    // Both sides send their own data and check what came back from the other.
                    OpData d;
                    if (role.rank == 0 || role.rank == role.peer) {
                        const int other = role.rank == 0 ? role.peer : 0;
                        d.input = {{0, c.send, role.rank, 0}};
                        d.result = {{0, c.recv, other, 0}};
                    }
                    return d;
                },
        },
        [](auto& c) {
            if (c.rank == 0) {
                c.mpi.Send(c.input, c.count, c.type, c.peer, c.tag, c.comm);
                c.mpi.Recv(c.result, c.count, c.type, c.peer, c.tag, c.comm, c.mpi.status_ignore);
            } else {
                c.mpi.Recv(c.result, c.count, c.type, 0, c.tag, c.comm, c.mpi.status_ignore);
                c.mpi.Send(c.input, c.count, c.type, 0, c.tag, c.comm);
            }
        },
        // Ping then pong, each its own group, so that one process driving both GPUs cannot
        // deadlock on its own send.
        [](auto& c) {
            c.messages(0, c.peer, 1);
            c.messages(c.peer, 0, 1);
        },
    },
    OpEntry{
        OpFacts{
            .op = CollOp::p2p_bw,
            .name = "p2p.bw",
            .mpi_call = "MPI_Isend/MPI_Irecv window + MPI_Waitall",
            .participants = Participants::pair,
            .min_ranks = 2,
            .timing = Timing::per_message,
            .in_place = false,
            .data =
                [](const OpCounts& c, const RankRole& role) {
                    OpData d;
                    if (role.rank == 0) {
                        d.input = {{0, c.send, role.rank, 0}};
                    } else if (role.rank == role.peer) {
                        d.result = {{0, c.recv, 0, 0}};
                    }
                    return d;
                },
        },
        // OSU-style: a window of nonblocking messages, then a zero-byte ack so that the
        // sender's clock covers their arrival.
        [](auto& c) {
            for (int w = 0; w < c.window; ++w) {
                if (c.rank == 0) {
                    c.mpi.Isend(c.input, c.count, c.type, c.peer, c.tag, c.comm, &c.requests[w]);
                } else {
                    c.mpi.Irecv(c.result, c.count, c.type, 0, c.tag, c.comm, &c.requests[w]);
                }
            }
            c.mpi.Waitall(c.window, c.requests, c.mpi.statuses_ignore);
            if (c.rank == 0) {
                c.mpi.Recv(nullptr, 0, c.mpi.byte, c.peer, c.ack_tag, c.comm, c.mpi.status_ignore);
            } else {
                c.mpi.Send(nullptr, 0, c.mpi.byte, 0, c.ack_tag, c.comm);
            }
        },
        [](auto& c) { c.messages(0, c.peer, c.window); },
    },
};

inline constexpr std::size_t kOpCount = std::tuple_size_v<std::remove_cvref_t<decltype(kOpTable)>>;

// One backend's calls as function pointers indexed by CollOp: `pick(entry)` selects the
// entry's call (`.mpi` or `.nccl`), instantiated here for the backend's `Call` type only.
template <class Call, class Pick> constexpr auto op_calls(Pick pick) {
    using Fn = void (*)(Call&);
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        return std::array<Fn, kOpCount>{static_cast<Fn>(pick(std::get<I>(kOpTable)))...};
    }
    (std::make_index_sequence<kOpCount>{});
}

} // namespace linkperf::coll
