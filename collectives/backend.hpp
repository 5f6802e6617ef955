#pragma once
// A collective engine: owns the communicator and the buffers of the processes' ranks, runs
// an op, times it and checks its result. MPI (host buffers) and NCCL (device buffers).
#include "collectives/ops/coll_op.hpp"
#include "collectives/ops/data_type.hpp"
#include "collectives/ops/op_counts.hpp"
#include "core/measurement.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace linkperf::coll {

struct OpSpec {
    CollOp op = CollOp::all_reduce;
    DataType type = DataType::float32;
    ReduceOp reduce = ReduceOp::sum;
    int root = 0;
    int peer = 1; // point-to-point partner of rank 0
    bool in_place = false;
    unsigned window = 1;   // p2p.bw messages in flight
    bool blocking = false; // -z 1: NCCL waits for each op before issuing the next
    OpCounts counts;
};

class Backend {
public:
    virtual ~Backend() = default;
    // Collective setup after every rank's local setup succeeded (NCCL communicators); the
    // constructor does only local work, so a failure there is agreed on before anyone waits.
    virtual void connect() {}
    virtual int ranks() const = 0;          // ranks of the collective (all processes)
    virtual std::string memory() const = 0; // "numa" or "device"
    // Why the backend has no such variant; empty when it runs.
    virtual std::optional<std::string> unsupported(const OpSpec& spec) const = 0;
    // Whether this process's ranks take part (point-to-point ops involve two ranks only).
    virtual bool takes_part(const OpSpec& spec) const = 0;
    // Runs `iters` ops and waits for them (warm-up).
    virtual void run(const OpSpec& spec, int iters) = 0;
    // Runs `iters` ops and returns this process's seconds per op (p2p.latency: round trip / 2;
    // p2p.bw: per message); empty when it does not take part.
    virtual std::optional<double> seconds_per_op(const OpSpec& spec, int iters) = 0;
    // Fills seeded inputs and sentinel outputs, runs the op once, returns wrong elements on
    // this process's ranks.
    virtual std::uint64_t check(const OpSpec& spec, std::uint64_t seed) = 0;
    virtual Placement placement() const = 0;
    // "#  Rank  0 Pid 123 on host ..." lines for this process's ranks (nccl-tests' preamble).
    virtual std::string rank_lines() const = 0;
    // Facts for context.linkperf.collectives (library versions, devices).
    virtual nlohmann::json describe() const = 0;
};

} // namespace linkperf::coll
