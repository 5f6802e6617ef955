#include "collectives/mpi/mpi_group.hpp"

#include "core/error.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <unistd.h>

namespace linkperf::coll {
namespace {

MPI_Op mpi_op(Reduction how) {
    switch (how) {
    case Reduction::min:
        return MPI_MIN;
    case Reduction::max:
        return MPI_MAX;
    case Reduction::sum:
        return MPI_SUM;
    }
    return MPI_SUM;
}

} // namespace

MpiRuntime::MpiRuntime(int& argc, char**& argv) {
    if (MPI_Init(&argc, &argv) != MPI_SUCCESS) {
        throw environment_error("MPI_Init failed: MPI cannot start here");
    }
}

MpiRuntime::~MpiRuntime() {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalized == 0) {
        MPI_Finalize();
    }
}

std::string MpiRuntime::library_version() {
    char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
    int len = 0;
    MPI_Get_library_version(text, &len);
    std::string s(text, static_cast<std::size_t>(len > 0 ? len : 0));
    const auto nl = s.find_first_of("\n,");
    return nl == std::string::npos ? s : s.substr(0, nl);
}

MpiGroup::MpiGroup(MPI_Comm comm, bool owns) : comm_(comm), owns_(owns) {
    MPI_Comm_rank(comm_, &rank_);
    MPI_Comm_size(comm_, &size_);
}

MpiGroup::~MpiGroup() {
    if (owns_) {
        MPI_Comm_free(&comm_);
    }
}

void MpiGroup::barrier() {
    MPI_Barrier(comm_);
}

void MpiGroup::quiet_barrier() {
    MPI_Request request = MPI_REQUEST_NULL;
    MPI_Ibarrier(comm_, &request);
    int done = 0;
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    while (done == 0) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    }
}

void MpiGroup::all_reduce(std::span<double> values, Reduction how) {
    MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_DOUBLE,
                  mpi_op(how), comm_);
}

void MpiGroup::all_reduce(std::span<std::uint64_t> values, Reduction how) {
    MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_UINT64_T,
                  mpi_op(how), comm_);
}

void MpiGroup::broadcast(std::span<std::byte> bytes, int root) {
    MPI_Bcast(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, root, comm_);
}

std::vector<std::string> MpiGroup::all_gather(const std::string& text) {
    int len = static_cast<int>(text.size());
    std::vector<int> lens(static_cast<std::size_t>(size_));
    MPI_Allgather(&len, 1, MPI_INT, lens.data(), 1, MPI_INT, comm_);
    std::vector<int> offsets(lens.size());
    int total = 0;
    for (std::size_t i = 0; i < lens.size(); ++i) {
        offsets[i] = total;
        total += lens[i];
    }
    std::string all(static_cast<std::size_t>(total), '\0');
    MPI_Allgatherv(text.data(), len, MPI_CHAR, all.data(), lens.data(), offsets.data(), MPI_CHAR,
                   comm_);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < lens.size(); ++i) {
        out.push_back(
            all.substr(static_cast<std::size_t>(offsets[i]), static_cast<std::size_t>(lens[i])));
    }
    return out;
}

std::unique_ptr<ProcessGroup> MpiGroup::first(int members) {
    const bool member = rank_ < members;
    MPI_Comm sub = MPI_COMM_NULL;
    MPI_Comm_split(comm_, member ? 0 : MPI_UNDEFINED, rank_, &sub);
    if (!member) {
        return nullptr;
    }
    return std::make_unique<MpiGroup>(sub, true);
}

void MpiGroup::abort(int exit_code) {
    std::fflush(stdout);
    std::fflush(stderr);
    // MPI_Abort should end the job; should the runtime itself be wedged, SIGALRM's default
    // action ends this process a few seconds later so it still exits non-zero.
    ::alarm(10);
    MPI_Abort(MPI_COMM_WORLD, exit_code);
    std::_Exit(exit_code);
}

} // namespace linkperf::coll
