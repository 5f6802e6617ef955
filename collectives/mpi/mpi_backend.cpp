#include "collectives/mpi/mpi_backend.hpp"

#include "collectives/call_timing.hpp"
#include "collectives/memory_check.hpp"
#include "collectives/mpi/mpi_call.hpp"
#include "collectives/ops/host_data.hpp"
#include "collectives/ops/op_data.hpp"
#include "collectives/ops/op_table.hpp"
#include "collectives/ops/rank_cpus.hpp"
#include "collectives/ops/test_pattern.hpp"
#include "core/error.hpp"
#include "platform/cpu_binding.hpp"
#include "platform/cpu_list.hpp"
#include "platform/numa_buffer.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <optional>
#include <vector>

namespace linkperf::coll {
namespace {

// The receive buffer starts one cache line past its page boundary. With send and receive
// both page-aligned, Open MPI's reduction loop hits 4K aliasing (same address bits 0-11 in
// its loads and stores): 64 MiB all_reduce measured ~18% lower busbw on the CI host than
// with malloc'd buffers, which never line up that way.
constexpr std::size_t kRecvOffset = 64;

// Each op's MPI calls, from its entry in the op table.
constexpr auto kMpiCalls = op_calls<const MpiCall>([](const auto& entry) { return entry.mpi; });

MPI_Datatype mpi_type(DataType type) {
    switch (type) {
    case DataType::float32:
        return MPI_FLOAT;
    case DataType::float64:
        return MPI_DOUBLE;
    case DataType::int32:
        return MPI_INT32_T;
    case DataType::int8:
        return MPI_INT8_T;
    case DataType::uint8:
        return MPI_UINT8_T;
    case DataType::int64:
        return MPI_INT64_T;
    case DataType::uint64:
        return MPI_UINT64_T;
    case DataType::bfloat16:
    case DataType::float16:
        break;
    }
    throw usage_error(std::string(to_string(type)) + " has no MPI datatype");
}

MPI_Op mpi_reduce(ReduceOp op) {
    switch (op) {
    case ReduceOp::sum:
        return MPI_SUM;
    case ReduceOp::max:
        return MPI_MAX;
    case ReduceOp::prod:
        return MPI_PROD;
    case ReduceOp::min:
        return MPI_MIN;
    case ReduceOp::avg:
        break;
    }
    throw usage_error(std::string(to_string(op)) + " has no MPI reduction");
}

int as_int(std::uint64_t count) {
    return static_cast<int>(count); // validate_for_ranks keeps counts <= INT_MAX
}

class MpiBackend final : public IssuingBackend<MpiBackend> {
    friend class IssuingBackend<MpiBackend>;

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
        return op_facts(spec.op).participants == Participants::all || group_.rank() == 0 ||
               group_.rank() == spec.peer;
    }

    std::uint64_t check(const OpSpec& spec, std::uint64_t seed) override {
        if (!takes_part(spec)) {
            return 0;
        }
        const RankRole role{group_.rank(), group_.size(), spec.root, spec.peer};
        const OpData data = op_data(spec.op, spec.counts, role);
        const TestPattern pattern(seed, group_.size(), spec.type, spec.reduce);
        OpSpec once = spec;
        once.window = 1;
        MpiCall c = call_for(once);
        std::byte* input = static_cast<std::byte*>(c.input);
        const bool result_in_input =
            op_facts(spec.op).mpi_root_result_in_input && group_.rank() == spec.root;
        const std::byte* result = static_cast<std::byte*>(result_in_input ? c.input : c.result);
        // The receive buffer starts as sentinel, so output the op never wrote counts wrong.
        fill_sentinel(static_cast<std::byte*>(c.result), spec.type,
                      std::max(spec.counts.recv, spec.counts.send));
        fill_input(input, spec.type, pattern, data);
        kMpiCalls.at(static_cast<std::size_t>(spec.op))(c);
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
    // The op's arguments with the buffers resolved for its variant.
    MpiCall call_for(const OpSpec& s) {
        const OpFacts& f = op_facts(s.op);
        MpiCall c;
        c.comm = group_.comm();
        c.rank = group_.rank();
        c.ranks = group_.size();
        c.type = mpi_type(s.type);
        c.reduce = mpi_reduce(s.reduce);
        c.count = as_int(s.counts.count);
        c.root = s.root;
        c.peer = s.peer;
        c.window = static_cast<int>(s.window);
        c.in_place = s.in_place;
        std::byte* send = send_->data();
        std::byte* recv = recv_->data() + kRecvOffset;
        const std::size_t block_at =
            f.in_place_input == Position::rank_block
                ? static_cast<std::size_t>(c.rank) * s.counts.block * element_size(s.type)
                : 0;
        c.send = s.in_place ? MPI_IN_PLACE : send;
        c.input = s.in_place ? recv + block_at : send;
        c.result = recv;
        requests_.resize(s.window);
        c.requests = requests_.data();
        counts_.assign(static_cast<std::size_t>(c.ranks), c.count);
        c.counts = counts_.data();
        return c;
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

    // The op's MPI call `iters` times; the watchdog sees each one finish.
    void issue(const OpSpec& spec, const MpiCall& c, int iters) {
        const auto call = kMpiCalls.at(static_cast<std::size_t>(spec.op));
        for (int i = 0; i < iters; ++i) {
            call(c);
            watchdog_.tick();
        }
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
    std::vector<int> counts_; // MPI_Reduce_scatter's equal receive counts
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
