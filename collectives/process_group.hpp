#pragma once
// The processes of a run and the few host-side collectives linkperf-coll needs for itself
// (timing reductions, error agreement, NCCL's unique id): MPI's communicator, or a single
// process when there is no launcher.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace linkperf::coll {

enum class Reduction { min, max, sum };

class ProcessGroup {
public:
    virtual ~ProcessGroup() = default;
    virtual int rank() const = 0;
    virtual int size() const = 0;
    virtual void barrier() = 0;
    // A barrier that sleeps while it waits: ranks with nothing to do (outside a point-to-point
    // pair or a scaling step) must not spin on cores the measured ranks need.
    virtual void quiet_barrier() = 0;
    virtual void all_reduce(std::span<double> values, Reduction how) = 0;
    virtual void all_reduce(std::span<std::uint64_t> values, Reduction how) = 0;
    virtual void broadcast(std::span<std::byte> bytes, int root) = 0;
    virtual std::vector<std::string> all_gather(const std::string& text) = 0;
    // The first `members` ranks as a group of their own (collective); nullptr elsewhere.
    virtual std::unique_ptr<ProcessGroup> first(int members) = 0;
    // Ends every process of the job with `exit_code`; callable from any thread.
    [[noreturn]] virtual void abort(int exit_code) = 0;
};

std::unique_ptr<ProcessGroup> make_single_process_group();

} // namespace linkperf::coll
