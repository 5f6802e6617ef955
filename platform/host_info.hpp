#pragma once
// Facts about the host recorded in every results file's context.
#include "platform/topology.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace linkperf {

struct HostInfo {
    std::string hostname;
    std::string isa; // uname -m: x86_64, aarch64, riscv64, ppc64le
    std::string cpu_model;
    std::string kernel;    // uname -r
    std::string os;        // PRETTY_NAME from /etc/os-release
    bool emulated = false; // running under user-mode emulation (qemu)
    std::string emulator;
};

HostInfo read_host_info();

// The `context.linkperf` object: schema, version, host facts, topology summary. The caller
// adds cuda/suite/command line.
nlohmann::json linkperf_context(const HostInfo& host, const Topology& topo);

// Google Benchmark's own context fields for a file written without running Google Benchmark
// (collectives, tests); `executable` names the writer.
nlohmann::json benchmark_context(const HostInfo& host, const std::string& executable);

} // namespace linkperf
