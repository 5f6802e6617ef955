#include "results_model/host_type.hpp"

#include <fmt/core.h>

#include <map>

namespace linkperf::reports {

HostType host_type_of(const RunInfo& info) {
    HostType h;
    h.isa = info.isa.empty() ? "unknown ISA" : info.isa;
    h.emulated = info.emulated;
    h.cpu_model = info.cpu_model.empty() ? "unknown CPU" : info.cpu_model;
    // "2x A + 1x B" in name order, so the same GPUs in another enumeration order match.
    std::map<std::string, int> gpus;
    for (const std::string& n : info.gpu_names) {
        ++gpus[n.empty() ? "unknown GPU" : n];
    }
    for (const auto& [name, count] : gpus) {
        h.gpu_model += fmt::format("{}{}x {}", h.gpu_model.empty() ? "" : " + ", count, name);
    }
    if (h.gpu_model.empty()) {
        h.gpu_model = info.gpus > 0 ? fmt::format("{} GPUs (no CUDA)", info.gpus) : "no GPU";
    }
    h.link_kind = info.gpu_link_kind.empty() ? "none" : info.gpu_link_kind;
    return h;
}

std::string host_type_label(const HostType& host) {
    std::string s = host.isa + (host.emulated ? " (emulated)" : "") + " / " + host.cpu_model +
                    " / " + host.gpu_model;
    if (host.link_kind != "none") {
        s += " over " + host.link_kind;
    }
    return s;
}

} // namespace linkperf::reports
