#include "cli/topo_view.hpp"

#include "cli/option_checks.hpp"
#include "core/error.hpp"
#include "core/output_file.hpp"
#include "gpu/gpu_inventory.hpp"
#include "platform/nvml_loader.hpp"
#include "platform/sysfs_pci.hpp"
#include "platform/topology.hpp"

#include <filesystem>

namespace linkperf::cli {

TopoView load_topo_view(const std::string& topology, const std::string& sysfs) {
    TopoView view;
    if (!sysfs.empty()) {
        // A mistyped root (an empty or unrelated directory) would read as a machine with nothing
        // on it, and `topo --check` would pass it.
        const std::filesystem::path root(sysfs);
        std::error_code ec;
        if (!std::filesystem::is_directory(root / "devices" / "system" / "node", ec) &&
            !std::filesystem::is_directory(root / "bus" / "pci" / "devices", ec)) {
            throw usage_error("--sysfs '" + sysfs +
                              "': not a sysfs root (neither devices/system/node nor "
                              "bus/pci/devices under it)");
        }
        view.sysfs = read_sysfs_machine(sysfs);
    } else if (topology.empty()) {
        view.sysfs = read_sysfs_machine("/sys");
    }
    if (!topology.empty()) {
        check_stdout_not_input({{"--topology", topology}}); // topo --topology x.xml >> x.xml
        view.topology = Topology::load(std::filesystem::path(topology));
    } else if (!sysfs.empty()) {
        view.topology = topology_from_sysfs(*view.sysfs);
    } else {
        view.topology = Topology::load();
    }
    if (topology.empty() && sysfs.empty()) {
        view.cuda = gpu::query_gpus();
        if (const auto nvml = Nvml::open(view.nvlink_reason)) {
            view.nvlinks = nvml->nvlinks();
        }
    } else {
        view.cuda.reason = "machine read from a file, not this host";
        view.nvlink_reason = view.cuda.reason;
    }
    return view;
}

void add_machine_options(CLI::App* cmd, std::string& topology, std::string& sysfs) {
    cmd->add_option("--topology", topology, "read an hwloc XML export instead of this host")
        ->check(regular_file());
    cmd->add_option("--sysfs", sysfs,
                    "read PCI links, NUMA nodes and IOMMU groups from this sysfs root "
                    "(default /sys for the live machine)")
        ->check(CLI::ExistingDirectory);
}

} // namespace linkperf::cli
