#include "collectives/nccl/nccl_backend.hpp"

#include "collectives/call_timing.hpp"
#include "collectives/memory_check.hpp"
#include "collectives/nccl/nccl_call.hpp"
#include "collectives/nccl/nccl_library.hpp"
#include "collectives/ops/host_data.hpp"
#include "collectives/ops/op_data.hpp"
#include "collectives/ops/op_table.hpp"
#include "collectives/ops/rank_cpus.hpp"
#include "collectives/ops/test_pattern.hpp"
#include "core/error.hpp"
#include "core/pci_bus_id.hpp"
#include "gpu/cuda/cuda_resources.hpp"
#include "platform/cpu_binding.hpp"
#include "platform/numa_buffer.hpp"

#include <fmt/format.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

namespace linkperf::coll {
namespace {

ncclDataType_t nccl_type(DataType type) {
    switch (type) {
    case DataType::float32:
        return ncclFloat32;
    case DataType::float64:
        return ncclFloat64;
    case DataType::int32:
        return ncclInt32;
    case DataType::bfloat16:
        return ncclBfloat16;
    case DataType::float16:
        return ncclFloat16;
    case DataType::int8:
        return ncclInt8;
    case DataType::uint8:
        return ncclUint8;
    case DataType::int64:
        return ncclInt64;
    case DataType::uint64:
        return ncclUint64;
    }
    return ncclFloat32;
}

ncclRedOp_t nccl_reduce(ReduceOp op) {
    switch (op) {
    case ReduceOp::sum:
        return ncclSum;
    case ReduceOp::max:
        return ncclMax;
    case ReduceOp::prod:
        return ncclProd;
    case ReduceOp::min:
        return ncclMin;
    case ReduceOp::avg:
        return ncclAvg;
    }
    return ncclSum;
}

// Each op's NCCL calls, from its entry in the op table.
constexpr auto kNcclCalls = op_calls<const NcclCall>([](const auto& entry) { return entry.nccl; });

struct Gpu {
    int device = 0;  // CUDA ordinal
    int rank = 0;    // rank in the NCCL communicator
    std::string pci; // "0000:19:00.0"
    std::string name;
    std::unique_ptr<gpu::DeviceAllocation> send;
    std::unique_ptr<gpu::DeviceAllocation> recv;
    std::unique_ptr<gpu::Stream> stream;
    ncclComm_t comm = nullptr;
};

class NcclBackend final : public IssuingBackend<NcclBackend> {
    friend class IssuingBackend<NcclBackend>;

public:
    NcclBackend(ProcessGroup& group, const Topology& topo, const JobLayout& layout,
                const NcclBackendConfig& config, Watchdog& watchdog)
        : group_(group), watchdog_(watchdog), nccl_(NcclLibrary::get()), host_(layout.hostname),
          per_process_(config.devices_per_process), bytes_(config.buffer_bytes) {
        int visible = 0;
        const cudaError_t err = cudaGetDeviceCount(&visible);
        std::string why;
        if (err != cudaSuccess) {
            visible = 0;
            why = std::string(" (") + cudaGetErrorString(err) + ")";
            cudaGetLastError();
        }
        const int need = layout.local_size * per_process_;
        if (visible < need) {
            throw environment_error(fmt::format(
                "more ranks per node than GPUs: {} process{} x {} GPU{} on {} need {} GPU{} but "
                "{} {} visible{}",
                layout.local_size, layout.local_size == 1 ? "" : "es", per_process_,
                per_process_ == 1 ? "" : "s", layout.hostname, need, need == 1 ? "" : "s", visible,
                visible == 1 ? "is" : "are", why));
        }
        for (int i = 0; i < per_process_; ++i) {
            Gpu g;
            g.device = layout.local_rank * per_process_ + i;
            g.rank = group.rank() * per_process_ + i;
            cudaDeviceProp prop{};
            gpu::check(cudaGetDeviceProperties(&prop, g.device), "cudaGetDeviceProperties");
            g.name = prop.name;
            char bus[32] = {};
            if (cudaDeviceGetPCIBusId(bus, sizeof bus, g.device) == cudaSuccess) {
                g.pci = canonical_pci_bus_id(bus);
            }
            gpu::check(cudaSetDevice(g.device), "cudaSetDevice");
            std::size_t free_b = 0;
            std::size_t total_b = 0;
            gpu::check(cudaMemGetInfo(&free_b, &total_b), "cudaMemGetInfo");
            require_memory("2 device buffers of " + gib_text(bytes_), 2 * bytes_, 1, free_b,
                           fmt::format("GPU {} ({}) of {}", g.device, g.name, host_));
            gpus_.push_back(std::move(g));
        }
        bind(topo, layout, config.bind);
        const int node = numa_supported() ? nearest_numa_node(topo, pus_) : -1;
        staging_.emplace(static_cast<std::size_t>(bytes_), node);
        staging_->first_touch(0);
        for (Gpu& g : gpus_) {
            g.send =
                std::make_unique<gpu::DeviceAllocation>(g.device, static_cast<std::size_t>(bytes_));
            g.recv =
                std::make_unique<gpu::DeviceAllocation>(g.device, static_cast<std::size_t>(bytes_));
            g.stream = std::make_unique<gpu::Stream>(g.device);
        }
        placement_.verified = config.bind;
        placement_.detail = config.bind ? "" : "not bound (--no-bind)";
        const int pu = current_pu();
        if (pu >= 0) {
            placement_.cpus_ran_on.push_back(static_cast<unsigned>(pu));
        }
        if (node >= 0) {
            placement_.memory_nodes.push_back(node);
        }
    }

    ~NcclBackend() override {
        for (Gpu& g : gpus_) {
            if (g.comm != nullptr) {
                cudaSetDevice(g.device);
                cudaStreamSynchronize(g.stream->get());
                nccl_.api().CommDestroy(g.comm);
            }
        }
    }

    void connect() override {
        const NcclApi& api = nccl_.api();
        const int nranks = group_.size() * per_process_;
        if (group_.size() == 1 && per_process_ > 1) {
            std::vector<int> devices;
            for (const Gpu& g : gpus_) {
                devices.push_back(g.device);
            }
            std::vector<ncclComm_t> comms(gpus_.size());
            nccl_.check(api.CommInitAll(comms.data(), per_process_, devices.data()),
                        "ncclCommInitAll");
            for (std::size_t i = 0; i < gpus_.size(); ++i) {
                gpus_[i].comm = comms[i];
            }
            return;
        }
        ncclUniqueId id{};
        if (group_.rank() == 0) {
            nccl_.check(api.GetUniqueId(&id), "ncclGetUniqueId");
        }
        group_.broadcast(std::as_writable_bytes(std::span<ncclUniqueId>(&id, 1)), 0);
        nccl_.check(api.GroupStart(), "ncclGroupStart");
        for (Gpu& g : gpus_) {
            gpu::check(cudaSetDevice(g.device), "cudaSetDevice");
            nccl_.check(api.CommInitRank(&g.comm, nranks, id, g.rank), "ncclCommInitRank");
        }
        nccl_.check(api.GroupEnd(), "ncclGroupEnd");
    }

    int ranks() const override { return group_.size() * per_process_; }
    std::string memory() const override { return "device"; }

    std::optional<std::string> unsupported(const OpSpec& spec) const override {
        if (spec.in_place && !op_facts(spec.op).nccl_in_place) {
            return std::string("NCCL send/recv has no in-place form");
        }
        return std::nullopt;
    }

    bool takes_part(const OpSpec& spec) const override {
        if (op_facts(spec.op).participants == Participants::all) {
            return true;
        }
        return std::any_of(gpus_.begin(), gpus_.end(),
                           [&](const Gpu& g) { return g.rank == 0 || g.rank == spec.peer; });
    }

    std::uint64_t check(const OpSpec& spec, std::uint64_t seed) override {
        if (!takes_part(spec)) {
            return 0;
        }
        const std::size_t e = element_size(spec.type);
        const TestPattern pattern(seed, ranks(), spec.type, spec.reduce);
        std::byte* host = staging_->data();
        const std::uint64_t recv_elements = std::max(spec.counts.recv, spec.counts.send);
        std::vector<OpData> data;
        for (Gpu& g : gpus_) {
            const RankRole role{g.rank, ranks(), spec.root, spec.peer};
            data.push_back(op_data(spec.op, spec.counts, role));
            gpu::check(cudaSetDevice(g.device), "cudaSetDevice");
            fill_sentinel(host, spec.type, recv_elements);
            gpu::check(cudaMemcpy(g.recv->data(), host, recv_elements * e, cudaMemcpyHostToDevice),
                       "cudaMemcpy");
            const OpData& d = data.back();
            if (d.has_input()) {
                const std::uint64_t n = spec.counts.send;
                fill_input(host, spec.type, pattern, d);
                gpu::check(cudaMemcpy(input_of(g, spec), host, n * e, cudaMemcpyHostToDevice),
                           "cudaMemcpy");
            }
        }
        OpSpec once = spec;
        once.window = 1;
        kNcclCalls.at(static_cast<std::size_t>(spec.op))(call_for(once));
        watchdog_.tick();
        wait_all();
        std::uint64_t wrong = 0;
        for (std::size_t i = 0; i < gpus_.size(); ++i) {
            const OpData& d = data[i];
            if (!d.has_result()) {
                continue;
            }
            gpu::check(cudaSetDevice(gpus_[i].device), "cudaSetDevice");
            gpu::check(cudaMemcpy(host, result_of(gpus_[i], spec), d.result_elements() * e,
                                  cudaMemcpyDeviceToHost),
                       "cudaMemcpy");
            wrong += count_wrong(host, spec.type, pattern, d);
        }
        return wrong;
    }

    Placement placement() const override { return placement_; }

    std::string rank_lines() const override {
        std::string s;
        for (const Gpu& g : gpus_) {
            s += fmt::format("#  Rank {:>3} Group {:>3} Pid {:>7} on {:>12} device {:>2} [{}] {}\n",
                             g.rank, group_.rank(), ::getpid(), host_, g.device, g.pci, g.name);
        }
        return s;
    }

    nlohmann::json describe() const override {
        int runtime = 0;
        int driver = 0;
        cudaRuntimeGetVersion(&runtime);
        cudaDriverGetVersion(&driver);
        return {{"nccl_version", nccl_.version()},
                {"nccl_library", nccl_.path()},
                {"cuda_runtime", runtime},
                {"cuda_driver", driver}};
    }

private:
    void bind(const Topology& topo, const JobLayout& layout, bool enabled) {
        // The GPU's own cores (its NUMA locality) unless the launcher already chose.
        const RankCpus fallback =
            rank_cpus(topo, layout.local_rank, layout.local_size, current_binding());
        pus_ = fallback.pus;
        if (!fallback.from_launcher) {
            for (const GpuLocation& loc : topo.gpus) {
                if (same_pci_bus_id(loc.pci_bus_id, gpus_.front().pci) && !loc.local_cpus.empty()) {
                    pus_ = loc.local_cpus;
                }
            }
        }
        if (enabled && !pus_.empty()) {
            binding_ = std::make_unique<ThreadBinding>(pus_);
        }
    }

    // Where a variant keeps a rank's data in the receive buffer: at its start or in the
    // rank's block.
    std::size_t offset(Position at, const Gpu& g, const OpSpec& s) const {
        return at == Position::rank_block
                   ? static_cast<std::size_t>(g.rank) * s.counts.block * element_size(s.type)
                   : 0;
    }

    std::byte* input_of(const Gpu& g, const OpSpec& s) const {
        if (!s.in_place) {
            return g.send->data();
        }
        return g.recv->data() + offset(op_facts(s.op).in_place_input, g, s);
    }

    std::byte* result_of(const Gpu& g, const OpSpec& s) const {
        if (!s.in_place) {
            return g.recv->data();
        }
        return g.recv->data() + offset(op_facts(s.op).nccl_in_place_result, g, s);
    }

    // The op's arguments on every local GPU, with the buffers resolved for its variant.
    NcclCall call_for(const OpSpec& s) {
        views_.clear();
        for (const Gpu& g : gpus_) {
            views_.push_back({g.rank, g.comm, g.stream->get(), input_of(g, s), result_of(g, s)});
        }
        return NcclCall{.library = nccl_,
                        .api = nccl_.api(),
                        .gpus = views_,
                        .type = nccl_type(s.type),
                        .reduce = nccl_reduce(s.reduce),
                        .count = static_cast<std::size_t>(s.counts.count),
                        .block = static_cast<std::size_t>(s.counts.block),
                        .element = element_size(s.type),
                        .ranks = ranks(),
                        .root = s.root,
                        .peer = s.peer,
                        .window = s.window};
    }

    // Polls the streams (like nccl-tests) so an asynchronous NCCL error (a peer gone) stops
    // the run with NCCL's reason; a silent hang is left to the watchdog.
    void wait_all() {
        for (Gpu& g : gpus_) {
            for (;;) {
                const cudaError_t q = cudaStreamQuery(g.stream->get());
                if (q == cudaSuccess) {
                    break;
                }
                if (q != cudaErrorNotReady) {
                    gpu::check(q, "cudaStreamQuery");
                }
                ncclResult_t async = ncclSuccess;
                nccl_.check(nccl_.api().CommGetAsyncError(g.comm, &async), "ncclCommGetAsyncError");
                if (async != ncclSuccess && async != ncclInProgress) {
                    nccl_.api().CommAbort(g.comm);
                    g.comm = nullptr;
                    nccl_.check(async, "an NCCL operation");
                }
                sched_yield();
            }
        }
    }

    // The op's NCCL call `iters` times (the watchdog sees each one issued), then waits for the
    // streams: the batch ends when the GPUs are done.
    void issue(const OpSpec& spec, const NcclCall& call, int iters) {
        const auto issue_one = kNcclCalls.at(static_cast<std::size_t>(spec.op));
        for (int i = 0; i < iters; ++i) {
            issue_one(call);
            watchdog_.tick();
            if (spec.blocking) {
                wait_all(); // -z 1, as nccl-tests' blocking mode
            }
        }
        wait_all();
    }

    ProcessGroup& group_;
    Watchdog& watchdog_;
    const NcclLibrary& nccl_;
    std::string host_;
    int per_process_ = 1;
    std::uint64_t bytes_ = 0;
    std::vector<Gpu> gpus_;
    std::vector<NcclGpuCall> views_; // call_for's, kept to not allocate per case
    std::vector<unsigned> pus_;
    std::unique_ptr<ThreadBinding> binding_;
    std::optional<NumaBuffer> staging_;
    Placement placement_;
};

} // namespace

std::unique_ptr<Backend> make_nccl_backend(ProcessGroup& group, const Topology& topo,
                                           const JobLayout& layout, const NcclBackendConfig& config,
                                           Watchdog& watchdog) {
    return std::make_unique<NcclBackend>(group, topo, layout, config, watchdog);
}

} // namespace linkperf::coll
