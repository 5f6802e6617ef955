#pragma once
// What an op's MPI calls (collectives/ops/op_table.hpp) see on one rank: the MPI entry points
// and constants, and the case's arguments with the buffers resolved for its variant. The table
// is compiled without mpi.h, so its calls reach MPI only through this.
#include <mpi.h>

namespace linkperf::coll {

// The MPI functions and constants the op table uses (static: the calls stay direct).
struct MpiApi {
    static constexpr auto Allreduce = &MPI_Allreduce;
    static constexpr auto Allgather = &MPI_Allgather;
    static constexpr auto Reduce_scatter = &MPI_Reduce_scatter;
    static constexpr auto Bcast = &MPI_Bcast;
    static constexpr auto Reduce = &MPI_Reduce;
    static constexpr auto Alltoall = &MPI_Alltoall;
    static constexpr auto Sendrecv = &MPI_Sendrecv;
    static constexpr auto Sendrecv_replace = &MPI_Sendrecv_replace;
    static constexpr auto Send = &MPI_Send;
    static constexpr auto Recv = &MPI_Recv;
    static constexpr auto Isend = &MPI_Isend;
    static constexpr auto Irecv = &MPI_Irecv;
    static constexpr auto Waitall = &MPI_Waitall;
    static inline const MPI_Datatype byte = MPI_BYTE;
    static inline MPI_Status* const status_ignore = MPI_STATUS_IGNORE;
    static inline MPI_Status* const statuses_ignore = MPI_STATUSES_IGNORE;
};

struct MpiCall {
    static constexpr MpiApi mpi{};
    MPI_Comm comm = MPI_COMM_NULL;
    int rank = 0;
    int ranks = 1;
    MPI_Datatype type = MPI_DATATYPE_NULL;
    MPI_Op reduce = MPI_OP_NULL;
    int count = 0;               // elements per call argument (the per-rank block for split ops)
    const int* counts = nullptr; // `ranks` of `count` (MPI_Reduce_scatter's receive counts)
    int root = 0;
    int peer = 1;
    int window = 1;
    bool in_place = false;
    const void* send = nullptr; // the send argument: MPI_IN_PLACE for the in-place variant
    void* input = nullptr;      // where this rank's input is (in place: in the receive buffer)
    void* result = nullptr;     // the receive buffer
    int tag = 17;
    int ack_tag = 18;
    MPI_Request* requests = nullptr; // `window` of them
};

} // namespace linkperf::coll
