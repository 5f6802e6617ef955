#pragma once
// What an op's NCCL calls (collectives/ops/op_table.hpp) see in one process: the library, the
// case's arguments, and this process's GPUs with their buffers resolved for the variant. The
// table is compiled without nccl.h, so its calls reach NCCL only through this.
#include "collectives/nccl/nccl_library.hpp"

#include <cuda_runtime_api.h>

#include <cstddef>
#include <span>

namespace linkperf::coll {

// One GPU (one rank) of this process.
struct NcclGpuCall {
    int rank = 0;
    ncclComm_t comm = nullptr;
    cudaStream_t stream = nullptr;
    std::byte* input = nullptr;  // the send argument (in place: inside the receive buffer)
    std::byte* result = nullptr; // the receive argument
};

struct NcclCall {
    const NcclLibrary& library;
    const NcclApi& api;
    std::span<const NcclGpuCall> gpus;
    ncclDataType_t type = ncclFloat32;
    ncclRedOp_t reduce = ncclSum;
    std::size_t count = 0;   // elements per call argument
    std::size_t block = 0;   // elements per rank block (split ops)
    std::size_t element = 0; // bytes per element
    int ranks = 1;
    int root = 0;
    int peer = 1;
    unsigned window = 1;

    // Throws Error(environment) naming the call and NCCL's reason.
    void check(ncclResult_t result, const char* what) const { library.check(result, what); }

    // `issue(gpu)` for every GPU of this process, as one NCCL group.
    template <class Issue> void each_gpu(Issue issue) const {
        check(api.GroupStart(), "ncclGroupStart");
        for (const NcclGpuCall& g : gpus) {
            issue(g);
        }
        check(api.GroupEnd(), "ncclGroupEnd");
    }

    // `messages` sends from rank `from` to rank `to`, as one NCCL group.
    void messages(int from, int to, unsigned messages) const {
        each_gpu([&](const NcclGpuCall& g) {
            for (unsigned m = 0; m < messages; ++m) {
                if (g.rank == from) {
                    check(api.Send(g.input, count, type, to, g.comm, g.stream), "ncclSend");
                } else if (g.rank == to) {
                    check(api.Recv(g.result, count, type, from, g.comm, g.stream), "ncclRecv");
                }
            }
        });
    }
};

} // namespace linkperf::coll
