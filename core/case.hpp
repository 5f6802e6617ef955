#pragma once
// The plan's unit of work: one path measured between two endpoints at one size with a
// number of threads. Cases are built by the plan and measured by the runner.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace linkperf {

enum class Metric { bandwidth, latency };

// What an endpoint is. Host memory lives on a NUMA node; host CPUs are the threads of a NUMA
// node (or one core); GPU memory lives on a GPU.
enum class EndpointKind { host_memory, host_cpu, core, gpu_memory, gpu_sm, rank };

const char* to_string(EndpointKind kind);
EndpointKind endpoint_kind_from_string(const std::string& text); // throws Error(usage)
const char* to_string(Metric metric);

struct Endpoint {
    EndpointKind kind = EndpointKind::host_memory;
    int id = 0;         // physical id: NUMA node os index, core os index, CUDA device index
    std::string role;   // machine-independent name used to compare runs: local, near, far, gpu0...
    std::string memory; // memory kind: "numa", "pageable", "pinned", "device", "mapped", ...

    std::string label() const; // "node0", "core3", "gpu1"
    bool operator==(const Endpoint&) const = default;
};

// A path is a kind of transfer ("host.copy", "ce.h2d", "lat.pingpong") with its metric.
struct Path {
    std::string id;
    Metric metric = Metric::bandwidth;
    // How bytes are counted for bandwidth, stated in the output ("copied once", ...).
    std::string bytes_counted;

    bool higher_is_better() const { return metric == Metric::bandwidth; }
    const char* unit() const { return metric == Metric::bandwidth ? "GB/s" : "ns"; }
    bool operator==(const Path&) const = default;
};

struct Case {
    Path path;
    Endpoint source;
    Endpoint destination;
    std::uint64_t size_bytes = 0;
    unsigned threads = 1;
    std::vector<unsigned> cpus; // explicit cpu set for the measuring threads; empty = derived

    // Unique, stable benchmark name: "host.copy/node0/node0/4K/threads:1".
    std::string name() const;
};

} // namespace linkperf
