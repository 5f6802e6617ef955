// `linkperf topo`: the machine as the plan sees it.
#include "cli/commands.hpp"
#include "harness/gpu/gpu_inventory.hpp"
#include "harness/topo_report.hpp"
#include "harness/topology.hpp"

#include <fmt/core.h>

#include <memory>
#include <optional>

namespace linkperf::cli {

void add_topo_commands(CLI::App& app, CommandState& state) {
    struct Flags {
        bool json = false;
        std::string topology;
    };
    auto flags = std::make_shared<Flags>();
    CLI::App* topo = app.add_subcommand("topo", "print packages, NUMA nodes, distances and GPUs");
    topo->add_flag("--json", flags->json, "JSON instead of text");
    topo->add_option("--topology", flags->topology, "read an hwloc XML export instead of this host")
        ->check(CLI::ExistingFile);
    topo->callback([flags, &state] {
        const Topology t = Topology::load(
            flags->topology.empty() ? std::nullopt
                                    : std::optional<std::filesystem::path>(flags->topology));
        // CUDA describes this host only: an export of another machine gets no CUDA facts.
        gpu::GpuInventory cuda;
        if (flags->topology.empty()) {
            cuda = gpu::query_gpus();
        } else {
            cuda.reason = "topology read from a file";
        }
        if (flags->json) {
            fmt::print("{}\n", topology_json(t, cuda).dump(2));
        } else {
            fmt::print("{}", topology_text(t, cuda));
        }
        state.exit_code = 0;
    });
}

} // namespace linkperf::cli
