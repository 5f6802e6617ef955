// `linkperf nfd`: Node Feature Discovery labels (linkperf.dev/...) for this machine, as a
// features.d local feature file written atomically.
#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "cli/topo_view.hpp"
#include "core/error.hpp"
#include "core/output_file.hpp"
#include "core/pci_bus_id.hpp"
#include "core/timestamp.hpp"
#include "fleet/fleet_verdicts.hpp"
#include "node/nfd_labels.hpp"
#include "node/topo_report.hpp"
#include "platform/host_info.hpp"
#include "results_model/results_loader.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

namespace linkperf::cli {
namespace {

struct NfdFlags {
    std::string out;
    std::string topology;
    std::string sysfs;
    std::string results;
    std::string verdict;
    std::string date;
    std::string node;
    unsigned expiry_hours = 48;
};

NfdFacts gather_facts(const TopoView& view) {
    NfdFacts f;
    f.isa = read_host_info().isa;
    f.gpu_count = view.topology.gpus.size();
    bool all_coherent = true;
    bool known = view.cuda.available;
    for (const auto& g : view.topology.gpus) {
        const SysfsGpu* s = nullptr;
        if (view.sysfs) {
            for (const auto& x : view.sysfs->gpus) {
                s = same_pci_bus_id(x.bdf, g.pci_bus_id) ? &x : s;
            }
        }
        const gpu::GpuDevice* d = nullptr;
        for (const auto& c : view.cuda.devices) {
            d = same_pci_bus_id(c.pci_bus_id, g.pci_bus_id) ? &c : d;
        }
        f.gpu_links.push_back(gpu_link_kind(s, d));
        known = known && d != nullptr;
        all_coherent = all_coherent && d != nullptr && d->pageable_memory_access;
    }
    if (known) {
        f.coherent = all_coherent;
    }
    f.numa_nodes = view.topology.numa_nodes.size();
    for (const auto& n : view.topology.numa_nodes) {
        f.cpuless_numa_nodes += n.cpus.empty() ? 1 : 0;
    }
    return f;
}

// A fleet verdict file (`linkperf fleet --json`, read by its one reader, fleet/fleet_verdicts):
// this node's entry gives the canary verdict (outlier counts as fail) and the fleet labels.
CanaryVerdict fleet_canary(std::string_view text, const NfdFlags& flags, NfdFacts& facts) {
    const reports::FleetVerdicts verdicts = reports::parse_fleet_verdicts_text(text, flags.results);
    const std::string node = flags.node.empty() ? read_host_info().hostname : flags.node;
    const reports::NodeVerdictEntry* e = verdicts.find(node);
    if (e == nullptr) {
        throw usage_error(fmt::format("node '{}' is not in the fleet verdict file {} ({} nodes; "
                                      "--node names another)",
                                      node, flags.results, verdicts.nodes.size()));
    }
    facts.fleet_verdict = reports::to_string(e->verdict);
    const char* canary = e->verdict == reports::NodeVerdict::ok           ? "pass"
                         : e->verdict == reports::NodeVerdict::incomplete ? "incomplete"
                                                                          : "fail";
    const std::string when = e->date.size() >= 10 ? e->date : verdicts.generated_at;
    return CanaryVerdict{canary,
                         to_label_value(when.substr(0, std::min<std::size_t>(10, when.size())))};
}

std::optional<CanaryVerdict> canary(const NfdFlags& flags, NfdFacts& facts) {
    std::optional<CanaryVerdict> v;
    bool fleet_file = false;
    if (!flags.results.empty()) {
        // Read once, with the loader's bounds (a regular file under the size cap). A fleet
        // verdict file goes to its reader; anything else is a results file for the results
        // loader, which refuses a bad one with its message.
        const std::string text = reports::read_results_text(flags.results);
        if (reports::is_fleet_verdicts_text(text)) {
            fleet_file = true;
            v = fleet_canary(text, flags, facts);
        }
        if (!v) {
            v = verdict_from_results(reports::parse_results(text, flags.results));
        }
    }
    // An option that would change nothing is a mistake to say, not to ignore.
    if (!flags.node.empty() && !fleet_file) {
        throw usage_error("--node names this node in a fleet verdict file: give one with "
                          "--results");
    }
    if (!flags.date.empty() && flags.results.empty() && flags.verdict.empty()) {
        throw usage_error("--date dates a canary verdict: give --verdict or --results with it");
    }
    if (!flags.verdict.empty()) {
        v = CanaryVerdict{flags.verdict, v ? v->date : utc_timestamp().substr(0, 10)};
    }
    if (v && !flags.date.empty()) {
        v->date = flags.date;
    }
    return v;
}

} // namespace

void add_nfd_command(CLI::App& app, CommandState& state) {
    auto flags = std::make_shared<NfdFlags>();
    CLI::App* nfd = app.add_subcommand(
        "nfd", "write Node Feature Discovery labels (linkperf.dev/...) as a features.d file");
    nfd->add_option("--out", flags->out,
                    "feature file, written atomically (e.g. /etc/kubernetes/"
                    "node-feature-discovery/features.d/linkperf); default or -: stdout")
        ->check(non_empty());
    add_machine_options(nfd, flags->topology, flags->sysfs);
    nfd->add_option("--results", flags->results,
                    "last canary results file: its verdict (pass/fail/incomplete) and date; or a "
                    "fleet verdict file (linkperf fleet --json): this node's verdict as "
                    "fleet.verdict and fleet.quarantine labels")
        ->check(regular_file());
    nfd->add_option("--node", flags->node,
                    "the node's name in a fleet verdict file (default: this host's name)")
        ->check(non_empty());
    nfd->add_option("--verdict", flags->verdict, "canary verdict, e.g. the gate's: pass or fail")
        ->check(CLI::IsMember({"pass", "fail", "incomplete"}));
    nfd->add_option("--date", flags->date, "canary date YYYY-MM-DD (default: the run's, or today)")
        ->check(
            [](const std::string& d) {
                const auto digits = [&d](std::size_t from, std::size_t n) {
                    int v = 0;
                    for (std::size_t i = from; i < from + n; ++i) {
                        if (d[i] < '0' || d[i] > '9') {
                            return -1;
                        }
                        v = v * 10 + (d[i] - '0');
                    }
                    return v;
                };
                // A calendar date: 2026-13-45 or 2026-02-30 would become a label as given.
                const bool shape = d.size() == 10 && d[4] == '-' && d[7] == '-';
                const int y = shape ? digits(0, 4) : -1;
                const int m = shape ? digits(5, 2) : -1;
                const int day = shape ? digits(8, 2) : -1;
                const bool ok =
                    y >= 1970 && m >= 1 && day >= 1 &&
                    std::chrono::year_month_day(std::chrono::year(y),
                                                std::chrono::month(static_cast<unsigned>(m)),
                                                std::chrono::day(static_cast<unsigned>(day)))
                        .ok();
                return ok ? std::string() : "want a date YYYY-MM-DD, got '" + d + "'";
            },
            "YYYY-MM-DD");
    nfd->add_option("--expiry-hours", flags->expiry_hours,
                    "NFD drops the labels this many hours after writing (default 48)")
        ->check(CLI::Range(1u, 24u * 365u));
    nfd->callback([flags, &state] {
        std::vector<InputFile> inputs;
        for (const auto& [what, path] :
             {std::pair{"--results", flags->results}, std::pair{"--topology", flags->topology}}) {
            if (!path.empty()) {
                inputs.push_back({what, path});
            }
        }
        OutputSet outputs;
        outputs.add("--out", flags->out);
        outputs.check_and_open(
            inputs); // also refuses stdout that is an input: nfd --results r >> r
        OutputFile* out = outputs.get("--out");
        const TopoView view = load_topo_view(flags->topology, flags->sysfs);
        NfdFacts facts = gather_facts(view);
        facts.canary = canary(*flags, facts);
        const auto labels = nfd_labels(facts);
        const std::string text = nfd_feature_file(
            labels, std::chrono::system_clock::now() + std::chrono::hours(flags->expiry_hours));
        if (!out) {
            fmt::print("{}", text);
        } else {
            out->write(text);
            fmt::print(stderr, "linkperf: {} labels written to {}\n", labels.size(),
                       out->kind() == OutputFile::Kind::standard_output ? "standard output"
                                                                        : flags->out);
        }
        state.exit_code = 0;
    });
}

} // namespace linkperf::cli
