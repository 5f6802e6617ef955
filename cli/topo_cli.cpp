// `linkperf topo`: the machine as the plan sees it, the GPU matrix, and `topo --check` (link
// health).
#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "cli/topo_view.hpp"
#include "core/error.hpp"
#include "core/json_text.hpp"
#include "node/link_health.hpp"
#include "node/topo_report.hpp"
#include "platform/topology_notes.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace linkperf::cli {

namespace {

struct TopoFlags {
    bool json = false;
    std::string topology;
    std::string sysfs;
    bool check = false;
    unsigned expect_gpus = 0;
    bool require_iommu = false;
    bool allow_idle_downtrain = false;
};

int check_command(const TopoFlags& f, const TopoView& view, bool expect_given) {
    if (!view.sysfs) {
        throw usage_error("topo --check reads sysfs: give --sysfs DIR with --topology, or "
                          "check the live machine");
    }
    LinkHealthOptions options;
    if (expect_given) {
        options.expect_gpus = f.expect_gpus;
    }
    options.require_iommu = f.require_iommu;
    options.allow_idle_downtrain = f.allow_idle_downtrain;
    const auto findings = check_link_health(*view.sysfs, options);
    const bool failed = has_failure(findings);
    if (f.json) {
        nlohmann::json j = {{"ok", !failed},
                            {"gpus", view.sysfs->gpus.size()},
                            {"sysfs_root", view.sysfs->root.string()}};
        j["findings"] = nlohmann::json::array();
        for (const auto& x : findings) {
            j["findings"].push_back(
                {{"severity", x.severity == Severity::failure ? "failure" : "warning"},
                 {"device", x.device},
                 {"message", x.message}});
        }
        fmt::print("{}\n", json_text(j, 2));
    } else {
        for (const auto& x : findings) {
            fmt::print("{}\n", x.line());
        }
        std::size_t failures = 0;
        for (const auto& x : findings) {
            failures += x.severity == Severity::failure ? 1 : 0;
        }
        fmt::print("topo --check: {} ({} GPU(s), {} failure(s), {} warning(s))\n",
                   failed ? "FAILED" : "ok", view.sysfs->gpus.size(), failures,
                   findings.size() - failures);
    }
    return failed ? static_cast<int>(ExitCode::failed) : 0;
}

} // namespace

void add_topo_commands(CLI::App& app, CommandState& state) {
    auto flags = std::make_shared<TopoFlags>();
    CLI::App* topo = app.add_subcommand(
        "topo", "print packages, NUMA nodes, distances, GPUs and the GPU matrix; --check: "
                "link health (exit 1 on a failure)");
    topo->add_flag("--json", flags->json, "JSON instead of text");
    add_machine_options(topo, flags->topology, flags->sysfs);
    CLI::Option* check =
        topo->add_flag("--check", flags->check,
                       "link health: one line per finding, exit 1 on a failure (docs/topology.md)");
    CLI::Option* expect =
        topo->add_option("--expect-gpus", flags->expect_gpus, "with --check: fail unless N GPUs")
            ->needs(check)
            ->check(non_empty()); // CLI11 reads "" as 0 for a number: "expect no GPU"
    topo->add_flag("--require-iommu", flags->require_iommu,
                   "with --check: fail if the IOMMU is off")
        ->needs(check);
    topo->add_flag("--allow-idle-downtrain", flags->allow_idle_downtrain,
                   "with --check: a PCIe speed below the maximum is a warning, not a failure "
                   "(idle GPUs train down; widths are always checked)")
        ->needs(check);
    topo->callback([flags, expect, &state] {
        const TopoView view = load_topo_view(flags->topology, flags->sysfs);
        if (flags->check) {
            state.exit_code = check_command(*flags, view, expect->count() > 0);
            return;
        }
        // What the kernel left out and what linkperf assumes instead (docs/porting.md).
        const std::vector<std::string> notes = topology_notes(view.topology);
        if (flags->json) {
            nlohmann::json j = topo_matrix_json(view);
            j["notes"] = notes;
            fmt::print("{}\n", json_text(j, 2));
        } else {
            fmt::print("{}", topo_matrix_text(view));
            for (const std::string& n : notes) {
                fmt::print("note: {}\n", n);
            }
        }
        state.exit_code = 0;
    });
}

} // namespace linkperf::cli
