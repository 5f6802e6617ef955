// The GPU family: explicit copies through the copy engines between host memory on the GPU's
// nearest NUMA node and device memory (ce.h2d, ce.d2h with pinned and pageable memory, ce.d2d).
#include "bench/host_plan.hpp"
#include "bench/path_runner.hpp"
#include "harness/cpu_binding.hpp"
#include "harness/error.hpp"
#include "harness/gpu/copy_session.hpp"
#include "harness/gpu/gpu_inventory.hpp"
#include "harness/units.hpp"

#include <algorithm>

namespace linkperf::bench {
namespace {

std::vector<std::uint64_t> gpu_sizes(Suite suite) {
    switch (suite) {
    case Suite::quick:
        return {4 << 10, 1 << 20, 256 << 20};
    case Suite::standard:
        return parse_size_spec("4K:1G:x4");
    case Suite::full:
        return parse_size_spec("4K:1G:x2");
    }
    return {};
}

// The topology's GPU with the same PCI bus id as CUDA device `d`.
const GpuLocation* locate(const Topology& topo, const gpu::GpuDevice& d) {
    for (const auto& g : topo.gpus) {
        if (g.pci_bus_id.size() >= 7 && d.pci_bus_id.size() >= 7 &&
            g.pci_bus_id.substr(g.pci_bus_id.size() - 7) ==
                d.pci_bus_id.substr(d.pci_bus_id.size() - 7)) {
            return &g;
        }
    }
    return nullptr;
}

class GpuRunner final : public PathRunner {
public:
    GpuRunner() : inventory_(gpu::query_gpus()) {}

    std::string family() const override { return "gpu"; }

    std::string skip_reason() const override {
        if (inventory_.available) {
            return {};
        }
        return inventory_.reason.rfind("built without CUDA", 0) == 0
                   ? inventory_.reason + ": GPU paths skipped"
                   : "no CUDA device: GPU paths skipped (" + inventory_.reason + ")";
    }

    void describe(nlohmann::json& context) const override {
        nlohmann::json devices = nlohmann::json::array();
        for (const auto& d : inventory_.devices) {
            devices.push_back({{"index", d.index},
                               {"name", d.name},
                               {"pci_bus_id", d.pci_bus_id},
                               {"compute_capability", std::to_string(d.compute_major) + "." +
                                                          std::to_string(d.compute_minor)},
                               {"total_memory", d.total_memory},
                               {"pageable_memory_access", d.pageable_memory_access}});
        }
        context["cuda"] = {{"available", inventory_.available},
                           {"reason", inventory_.reason},
                           {"driver_version", inventory_.driver_version},
                           {"runtime_version", inventory_.runtime_version},
                           {"nccl_version", inventory_.nccl_version},
                           {"devices", devices}};
    }

    std::vector<Case> plan(const Topology& topo, const PlanOptions& options) const override {
        std::vector<Case> cases;
        if (!inventory_.available) {
            return cases;
        }
        const auto sizes = options.sizes ? *options.sizes : gpu_sizes(options.suite);
        for (const auto& d : inventory_.devices) {
            const GpuLocation* where = locate(topo, d);
            int node = where != nullptr && where->nearest_numa >= 0
                           ? where->nearest_numa
                           : static_cast<int>(default_cpu_node(topo));
            if (options.numa) {
                node = static_cast<int>(options.numa->source);
            }
            const std::string role =
                where != nullptr && where->nearest_numa == node ? "near" : "far";
            const std::vector<unsigned> cpus =
                options.cpus.empty() ? spread_pus(topo, static_cast<unsigned>(node), 1)
                                     : std::vector<unsigned>{options.cpus.front()};
            const Endpoint device{EndpointKind::gpu_memory, d.index,
                                  "gpu" + std::to_string(d.index), "device"};
            for (const char* mem : {"pinned", "pageable"}) {
                const Endpoint host{EndpointKind::host_memory, node, role, mem};
                for (const bool to_device : {true, false}) {
                    for (const std::uint64_t size : sizes) {
                        Case c;
                        c.path = {to_device ? "ce.h2d" : "ce.d2h", Metric::bandwidth,
                                  "bytes copied, counted once"};
                        c.source = to_device ? host : device;
                        c.destination = to_device ? device : host;
                        c.size_bytes = size;
                        c.cpus = cpus;
                        cases.push_back(c);
                    }
                }
            }
            for (const std::uint64_t size : sizes) {
                Case c;
                c.path = {"ce.d2d", Metric::bandwidth,
                          "bytes copied, counted once (device memory reads + writes = 2x)"};
                c.source = device;
                c.destination = device;
                c.size_bytes = size;
                c.cpus = cpus;
                cases.push_back(c);
            }
        }
        return cases;
    }

    Measurement measure(const Case& c, const SamplerConfig& sampler) override {
        Measurement m;
        m.test_case = c;
        // The allocating and enqueueing thread sits on the host memory's node.
        ThreadBinding bind(c.cpus);
        gpu::CopySpec spec;
        spec.bytes = c.size_bytes;
        if (c.path.id == "ce.d2d") {
            spec.direction = gpu::CopyDirection::d2d;
            spec.device = c.source.id;
        } else {
            const bool h2d = c.path.id == "ce.h2d";
            spec.direction = h2d ? gpu::CopyDirection::h2d : gpu::CopyDirection::d2h;
            const Endpoint& host = h2d ? c.source : c.destination;
            spec.device = h2d ? c.destination.id : c.source.id;
            spec.host_memory =
                host.memory == "pinned" ? gpu::HostMemory::pinned : gpu::HostMemory::pageable;
        }
        auto session = gpu::open_copy_session(spec);
        const SampleSet set =
            run_samples([&](std::uint64_t reps) { return session->batch(reps); }, sampler);
        m.reps_per_sample = set.reps_per_sample;
        m.converged = set.converged;
        m.bytes_per_op = c.size_bytes;
        for (const double s : set.seconds_per_op) {
            m.samples.push_back(to_gbps(static_cast<double>(c.size_bytes), s));
        }
        m.stats = summarize(m.samples);
        std::vector<double> secs = set.seconds_per_op;
        m.seconds_per_op = summarize(secs).median;
        m.data_verified = session->verify();
        m.placement.verified = current_pu() == static_cast<int>(c.cpus.front());
        m.placement.cpus_ran_on = {static_cast<unsigned>(std::max(0, current_pu()))};
        m.extra["timing"] = "CUDA events around a batch held by a spin kernel";
        if (!m.data_verified) {
            m.status = CaseStatus::failed;
            m.error = "data verification failed after " + c.path.id;
        }
        return m;
    }

private:
    gpu::GpuInventory inventory_;
};

} // namespace

std::unique_ptr<PathRunner> make_gpu_runner() {
    return std::make_unique<GpuRunner>();
}

} // namespace linkperf::bench
