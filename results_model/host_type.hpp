#pragma once
// A node's host type (ISA, CPU, GPUs and their link), read from a run's context: the fleet view,
// the history and expectation profiles compare a node only with nodes of the same host type.
#include "results_model/results_model.hpp"

#include <compare>
#include <string>

namespace linkperf::reports {

// Nodes are compared only with nodes of the same host type.
struct HostType {
    std::string isa;
    bool emulated = false;
    std::string cpu_model;
    std::string gpu_model; // "8x NVIDIA H100 80GB HBM3", "no GPU"
    std::string link_kind; // RunInfo::gpu_link_kind, "none" without GPUs

    auto operator<=>(const HostType&) const = default;
    bool operator==(const HostType&) const = default;
};

HostType host_type_of(const RunInfo& info);
// "riscv64 (emulated) / Intel(R) Xeon(R) Processor / no GPU"
std::string host_type_label(const HostType& host);

} // namespace linkperf::reports
