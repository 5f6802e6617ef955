#include "collectives/mpi/mpi_backend.hpp"

#include "collectives/core/host_data.hpp"
#include "collectives/core/op_data.hpp"
#include "collectives/core/rank_cpus.hpp"
#include "collectives/core/test_pattern.hpp"
#include "collectives/memory_check.hpp"
#include "core/error.hpp"
#include "platform/cpu_binding.hpp"
#include "platform/cpu_list.hpp"
#include "platform/numa_buffer.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <vector>

namespace linkperf::coll {
namespace {

constexpr int kDataTag = 17;
// The receive buffer starts one cache line past its page boundary. With send and receive
// both page-aligned, Open MPI's reduction loop hits 4K aliasing (same address bits 0-11 in
// its loads and stores): 64 MiB all_reduce measured ~18% lower busbw on the CI host than
// with malloc'd buffers, which never line up that way.
constexpr std::size_t kRecvOffset = 64;
constexpr int kAckTag = 18;

MPI_Datatype mpi_type(DataType type) {
    switch (type) {
    case DataType::float32:
        return MPI_FLOAT;
    case DataType::float64:
        return MPI_DOUBLE;
    case DataType::int32:
        return MPI_INT32_T;
    case DataType::bfloat16:
    case DataType::float16:
        break;
    }
    throw usage_error(std::string(to_string(type)) + " has no MPI datatype");
}

MPI_Op mpi_reduce(ReduceOp op) {
    return op == ReduceOp::sum ? MPI_SUM : MPI_MAX;
}

int as_int(std::uint64_t count) {
    return static_cast<int>(count); // validate_for_ranks keeps counts <= INT_MAX
}

// One op's arguments with the buffers resolved for its variant.
struct Call {
    CollOp op;
    const void* send;
    void* recv;
    MPI_Datatype type;
    MPI_Op reduce;
    int count; // elements per call argument (per-rank block for split ops)
    int root;
    int peer;
    int window;
};

class MpiBackend final : public Backend {
public:
    MpiBackend(MpiGroup& group, const Topology& topo, const JobLayout& layout,
               const MpiBackendConfig& config, Watchdog& watchdog)
        : group_(group), watchdog_(watchdog), host_(layout.hostname) {
        const RankCpus cpus =
            rank_cpus(topo, layout.local_rank, layout.local_size, current_binding());
        pus_ = cpus.pus;
        from_launcher_ = cpus.from_launcher;
        if (config.bind && !pus_.empty()) {
            binding_ = std::make_unique<ThreadBinding>(pus_);
        }
        node_ = numa_supported() ? nearest_numa_node(topo, pus_) : -1;
        const std::size_t bytes = static_cast<std::size_t>(config.buffer_bytes);
        send_.emplace(bytes, node_);
        recv_.emplace(bytes + kRecvOffset, node_);
        send_->first_touch(0);
        recv_->first_touch(0);
        verify_placement(config.bind);
    }

    int ranks() const override { return group_.size(); }
    std::string memory() const override { return "numa"; }

    std::optional<std::string> unsupported(const OpSpec&) const override { return std::nullopt; }

    bool takes_part(const OpSpec& spec) const override {
        return !is_point_to_point(spec.op) || group_.rank() == 0 || group_.rank() == spec.peer;
    }

    void run(const OpSpec& spec, int iters) override {
        if (!takes_part(spec)) {
            return;
        }
        const Call c = call_for(spec);
        for (int i = 0; i < iters; ++i) {
            issue(c);
            watchdog_.tick();
        }
    }

    std::optional<double> seconds_per_op(const OpSpec& spec, int iters) override {
        if (!takes_part(spec)) {
            return std::nullopt;
        }
        const Call c = call_for(spec);
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < iters; ++i) {
            issue(c);
            watchdog_.tick();
        }
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        double ops = iters;
        if (spec.op == CollOp::p2p_latency) {
            ops *= 2; // one-way: an iteration is a round trip
        } else if (spec.op == CollOp::p2p_bw) {
            ops *= spec.window;
        }
        return s / ops;
    }

    std::uint64_t check(const OpSpec& spec, std::uint64_t seed) override {
        if (!takes_part(spec)) {
            return 0;
        }
        const RankRole role{group_.rank(), group_.size(), spec.root, spec.peer};
        const OpData data = op_data(spec.op, spec.counts, role);
        const TestPattern pattern(seed, group_.size(), spec.type, spec.reduce);
        const std::size_t e = element_size(spec.type);
        std::byte* send = send_->data();
        std::byte* recv = recv_->data() + kRecvOffset;
        // The receive buffer starts as sentinel, so output the op never wrote counts wrong.
        fill_sentinel(recv, spec.type, std::max(spec.counts.recv, spec.counts.send));
        std::byte* input = send;
        const std::byte* result = recv;
        if (spec.in_place) {
            input = recv;
            if (spec.op == CollOp::all_gather) {
                input = recv + static_cast<std::size_t>(group_.rank()) * spec.counts.block * e;
            }
        } else if (spec.op == CollOp::broadcast && group_.rank() == spec.root) {
            result = send; // MPI_Bcast's root sends from (and keeps) its own buffer
        }
        fill_input(input, spec.type, pattern, data);
        OpSpec once = spec;
        once.window = 1;
        issue(call_for(once));
        watchdog_.tick();
        return count_wrong(result, spec.type, pattern, data);
    }

    Placement placement() const override { return placement_; }

    std::string rank_lines() const override {
        return fmt::format("#  Rank {:>3} Pid {:>7} on {:>12} cpus {} ({}) numa node {}\n",
                           group_.rank(), ::getpid(), host_, format_cpu_list(pus_),
                           from_launcher_ ? "launcher binding" : "linkperf binding", node_);
    }

    nlohmann::json describe() const override {
        return {{"mpi_library", MpiRuntime::library_version()}};
    }

private:
    Call call_for(const OpSpec& s) {
        Call c{};
        c.op = s.op;
        c.type = mpi_type(s.type);
        c.reduce = mpi_reduce(s.reduce);
        c.count = as_int(s.counts.count);
        c.root = s.root;
        c.peer = s.peer;
        c.window = static_cast<int>(s.window);
        std::byte* send = send_->data();
        std::byte* recv = recv_->data() + kRecvOffset;
        c.recv = recv;
        c.send = s.in_place ? MPI_IN_PLACE : send;
        switch (s.op) {
        case CollOp::broadcast:
            // One buffer per rank: the root's data, the others' destination.
            c.recv = s.in_place ? recv : (group_.rank() == s.root ? send : recv);
            break;
        case CollOp::reduce:
            // MPI_IN_PLACE is the root's alone; the other ranks send from their buffer.
            if (s.in_place && group_.rank() != s.root) {
                c.send = recv;
            }
            break;
        case CollOp::sendrecv:
        case CollOp::p2p_latency:
        case CollOp::p2p_bw:
            c.send = s.in_place ? recv : send;
            break;
        default:
            break;
        }
        return c;
    }

    void issue(const Call& c) {
        MPI_Comm comm = group_.comm();
        const int rank = group_.rank();
        const int n = group_.size();
        switch (c.op) {
        case CollOp::all_reduce:
            MPI_Allreduce(c.send, c.recv, c.count, c.type, c.reduce, comm);
            break;
        case CollOp::all_gather:
            MPI_Allgather(c.send, c.count, c.type, c.recv, c.count, c.type, comm);
            break;
        case CollOp::reduce_scatter:
            MPI_Reduce_scatter_block(c.send, c.recv, c.count, c.type, c.reduce, comm);
            break;
        case CollOp::broadcast:
            MPI_Bcast(c.recv, c.count, c.type, c.root, comm);
            break;
        case CollOp::reduce:
            MPI_Reduce(c.send, c.recv, c.count, c.type, c.reduce, c.root, comm);
            break;
        case CollOp::alltoall:
            MPI_Alltoall(c.send, c.count, c.type, c.recv, c.count, c.type, comm);
            break;
        case CollOp::sendrecv:
            if (c.send == c.recv) {
                MPI_Sendrecv_replace(c.recv, c.count, c.type, (rank + 1) % n, kDataTag,
                                     (rank + n - 1) % n, kDataTag, comm, MPI_STATUS_IGNORE);
            } else {
                MPI_Sendrecv(c.send, c.count, c.type, (rank + 1) % n, kDataTag, c.recv, c.count,
                             c.type, (rank + n - 1) % n, kDataTag, comm, MPI_STATUS_IGNORE);
            }
            break;
        case CollOp::p2p_latency:
            if (rank == 0) {
                MPI_Send(c.send, c.count, c.type, c.peer, kDataTag, comm);
                MPI_Recv(c.recv, c.count, c.type, c.peer, kDataTag, comm, MPI_STATUS_IGNORE);
            } else {
                MPI_Recv(c.recv, c.count, c.type, 0, kDataTag, comm, MPI_STATUS_IGNORE);
                MPI_Send(c.send, c.count, c.type, 0, kDataTag, comm);
            }
            break;
        case CollOp::p2p_bw:
            window(c, rank);
            break;
        }
    }

    // OSU-style bandwidth: a window of nonblocking messages, then a zero-byte ack so the
    // sender's clock covers their arrival.
    void window(const Call& c, int rank) {
        requests_.resize(static_cast<std::size_t>(c.window));
        if (rank == 0) {
            for (int w = 0; w < c.window; ++w) {
                MPI_Isend(c.send, c.count, c.type, c.peer, kDataTag, group_.comm(),
                          &requests_[static_cast<std::size_t>(w)]);
            }
            MPI_Waitall(c.window, requests_.data(), MPI_STATUSES_IGNORE);
            MPI_Recv(nullptr, 0, MPI_BYTE, c.peer, kAckTag, group_.comm(), MPI_STATUS_IGNORE);
        } else {
            for (int w = 0; w < c.window; ++w) {
                MPI_Irecv(c.recv, c.count, c.type, 0, kDataTag, group_.comm(),
                          &requests_[static_cast<std::size_t>(w)]);
            }
            MPI_Waitall(c.window, requests_.data(), MPI_STATUSES_IGNORE);
            MPI_Send(nullptr, 0, MPI_BYTE, 0, kAckTag, group_.comm());
        }
    }

    void verify_placement(bool bound) {
        placement_.cpus_ran_on.clear();
        const int pu = current_pu();
        if (pu >= 0) {
            placement_.cpus_ran_on.push_back(static_cast<unsigned>(pu));
        }
        bool on_cpus =
            pu >= 0 && std::find(pus_.begin(), pus_.end(), static_cast<unsigned>(pu)) != pus_.end();
        bool on_node = true;
        std::string detail;
        for (const NumaBuffer* b : {&*send_, &*recv_}) {
            if (node_ < 0) {
                break;
            }
            const PlacementCheck check = b->verify(256);
            for (const int n : check.nodes_found) {
                if (std::find(placement_.memory_nodes.begin(), placement_.memory_nodes.end(), n) ==
                    placement_.memory_nodes.end()) {
                    placement_.memory_nodes.push_back(n);
                }
            }
            if (!check.ok) {
                on_node = false;
                detail = check.detail;
            }
        }
        if (!on_cpus) {
            detail += (detail.empty() ? "" : "; ") +
                      fmt::format("rank ran on cpu {} outside {}", pu, format_cpu_list(pus_));
        }
        if (!bound) {
            detail += (detail.empty() ? "" : "; ") + std::string("not bound (--no-bind)");
        }
        placement_.verified = bound && on_cpus && on_node;
        placement_.detail = detail;
    }

    MpiGroup& group_;
    Watchdog& watchdog_;
    std::string host_;
    std::vector<unsigned> pus_;
    bool from_launcher_ = false;
    int node_ = -1;
    std::unique_ptr<ThreadBinding> binding_;
    std::optional<NumaBuffer> send_;
    std::optional<NumaBuffer> recv_;
    std::vector<MPI_Request> requests_;
    Placement placement_;
};

} // namespace

std::unique_ptr<Backend> make_mpi_backend(MpiGroup& group, const Topology& topo,
                                          const JobLayout& layout, const MpiBackendConfig& config,
                                          Watchdog& watchdog) {
    require_memory("2 host buffers of " + gib_text(config.buffer_bytes) + " per rank",
                   2 * config.buffer_bytes, layout.local_size, host_available_bytes(),
                   layout.hostname);
    return std::make_unique<MpiBackend>(group, topo, layout, config, watchdog);
}

} // namespace linkperf::coll
