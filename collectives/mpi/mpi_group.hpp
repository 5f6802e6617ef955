#pragma once
// MPI as linkperf-coll's process group: MpiRuntime owns MPI_Init/MPI_Finalize, MpiGroup wraps
// a communicator (MPI_COMM_WORLD or one split from it).
#include "collectives/process_group.hpp"

#include <mpi.h>

#include <memory>
#include <string>

namespace linkperf::coll {

class MpiRuntime {
public:
    // Plain MPI_Init, as a bare MPI program: Open MPI 4.1 measured 8 B all_reduce ~1.5x slower
    // after MPI_Init_thread(FUNNELED) on this project's CI host. Only the main thread
    // communicates; the watchdog thread calls MPI_Abort alone, when the job is ending anyway.
    MpiRuntime(int& argc, char**& argv);
    ~MpiRuntime();
    MpiRuntime(const MpiRuntime&) = delete;
    MpiRuntime& operator=(const MpiRuntime&) = delete;

    static std::string library_version(); // first line of MPI_Get_library_version
};

class MpiGroup final : public ProcessGroup {
public:
    // owns: free the communicator on destruction (split communicators).
    MpiGroup(MPI_Comm comm, bool owns);
    ~MpiGroup() override;
    MpiGroup(const MpiGroup&) = delete;
    MpiGroup& operator=(const MpiGroup&) = delete;

    int rank() const override { return rank_; }
    int size() const override { return size_; }
    void barrier() override;
    void quiet_barrier() override;
    void all_reduce(std::span<double> values, Reduction how) override;
    void all_reduce(std::span<std::uint64_t> values, Reduction how) override;
    void broadcast(std::span<std::byte> bytes, int root) override;
    std::vector<std::string> all_gather(const std::string& text) override;
    std::unique_ptr<ProcessGroup> first(int members) override;
    [[noreturn]] void abort(int exit_code) override;

    MPI_Comm comm() const { return comm_; }

private:
    MPI_Comm comm_;
    bool owns_;
    int rank_ = 0;
    int size_ = 1;
};

} // namespace linkperf::coll
