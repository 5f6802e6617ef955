#pragma once
// The catalogue of link paths: one entry per path the host and GPU families measure holds its
// id, family, how it is measured, metric and direction, link class, endpoint roles, how bytes
// are counted and the plan that makes its cases. Planning, running, the scorecard, the gate and
// the fleet tooling read it; a path id is written only here (tests/build/path_ids.sh).
// Adding a path is one entry here plus its enumerator in PathId (same order) and its measuring
// code: docs/architecture.md "Adding a host path". An incomplete entry fails the build.
// Collectives ("coll.<op>", collectives/ops/op_table.hpp) and contention pairs
// ("contention.<victim>+<aggressor>", bench/contention_plan.hpp) are named by their prefixes.
#include "core/case.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace linkperf {

enum class PathId {
    host_copy,
    host_read,
    host_write,
    host_latency,
    host_c2c,
    host_read_cold,
    host_latency_cold,
    ce_h2d,
    ce_d2h,
    ce_bidir,
    ce_d2d,
    ce_p2p,
    ce_p2p_nopeer,
    ce_all_to_one,
    ce_one_to_all,
    ce_all_to_host,
    ce_host_to_all,
    sm_h2d,
    sm_d2h,
    sm_bidir_loaded,
    sm_d2d,
    sm_p2p,
    um_prefetch,
    um_demand,
    lat_gpu_host,
    lat_gpu_peer,
    lat_gpu_host_stride,
    lat_gpu_peer_stride,
    lat_gpu_local,
    lat_host_gpu,
    lat_pingpong,
    lat_copy,
};

// Each enum starts with `unset`, so an entry that leaves a field out fails the build
// (kPathCatalogueComplete).

// The PathRunner family that measures the path (`linkperf run --family`).
enum class PathFamily { unset, host, gpu };

// How the path is measured: picks the measuring code (bench/host/host_runner.cpp,
// bench/gpu_family/gpu_runner.cpp).
enum class PathGroup {
    unset,
    host_stream, // a team of threads streaming over a buffer (bench/host/host_bandwidth.cpp)
    host_chase,  // a pointer chase by one thread (bench/host/host_latency.cpp)
    host_c2c,    // a cache line bounced between two cores (bench/host/host_c2c.cpp)
    host_cold,   // a read or chase with the caches flushed first (bench/host/host_cold.cpp)
    copy_engine, // ce.*: cudaMemcpyAsync (bench/gpu_family/gpu_copy_paths.cpp)
    sm,          // sm.*: copy kernels loading and storing the other side's memory (same file)
    managed,     // um.*: managed memory migration (bench/gpu_family/gpu_managed_paths.cpp)
    latency,     // lat.*: GPU and CPU-GPU latencies (bench/gpu_family/gpu_latency_paths.cpp)
};

enum class Better { unset, higher, lower };

// The scorecard's classes (reports/scorecard.hpp); collectives and contention are the classes
// of the prefixed ids.
enum class LinkClass {
    unset,
    host_bandwidth,
    host_latency,
    core_to_core,
    host_gpu,
    gpu_gpu,
    gpu_memory,
    collectives,
    contention,
};

// What each end of a case is (Endpoint::kind and, for the GPU aggregates, Endpoint::role).
enum class EndpointRole {
    unset,
    host_memory, // the host memory under test: a NUMA node (local, near, far)
    host_cpu,    // the measuring threads of a node
    copy_target, // the measuring threads' own node, where a host copy lands
    core,        // one core
    gpu_memory,  // one GPU's memory
    peer_memory, // another GPU's memory
    gpu_group,   // the memories of several GPUs copying at once (role "peers" or "all")
    gpu_sm,      // one GPU's threads
    any_memory,  // host or GPU memory, either way (lat.copy, um.*)
};

// The plan that makes the path's cases (bench/; tests/bench/path_catalogue_plans_test.cpp
// holds that each plan makes exactly its entries' paths).
enum class PlanBy {
    unset,
    host_plan,       // plan_host_cases, bench/host/host_plan.cpp
    host_cold_twins, // cold_twins (--cold), bench/host/host_plan.cpp
    gpu_plan,        // plan_gpu_cases, bench/gpu_family/gpu_plan.cpp
};

struct PathEntry {
    PathId id;
    std::string_view name; // the path id of results files: "host.read"
    PathFamily family = PathFamily::unset;
    PathGroup group = PathGroup::unset;
    Metric metric = Metric::bandwidth;
    Better better = Better::unset;
    LinkClass link_class = LinkClass::unset;
    EndpointRole source = EndpointRole::unset;
    EndpointRole destination = EndpointRole::unset;
    // Bandwidth: how bytes are counted; GPU latency: what one operation is. Written to the
    // results file as the path's bytes_counted.
    std::string_view bytes_counted;
    PlanBy plan = PlanBy::unset;
};

namespace path_text {
inline constexpr std::string_view kOnce = "bytes copied, counted once";
// nvbandwidth's bidirectional convention (gpu/copy_plan.hpp, docs/gpu-paths.md).
inline constexpr std::string_view kBoth =
    "bytes copied host to GPU, counted once, while GPU to host runs concurrently (nvbandwidth's "
    "bidirectional convention); extra.directions has each direction under load, "
    "extra.bidir_sum_gbps their sum";
inline constexpr std::string_view kAll =
    "bytes copied by all concurrent copies, each counted once (sum)";
inline constexpr std::string_view kLocal =
    "bytes copied, counted once (device memory moves twice this: one read, one write)";
inline constexpr std::string_view kGpuLoad = "one dependent load by one GPU thread";
inline constexpr std::string_view kGpuStride =
    "one dependent load by one GPU thread, nvbandwidth's chain: 2 MiB, 128-byte lines in "
    "address order";
} // namespace path_text

// clang-format off
inline constexpr std::array kPathCatalogue{
    // A plan makes the cases of its entries in this order (results files list them so).
    PathEntry{PathId::host_copy, "host.copy", PathFamily::host, PathGroup::host_stream, Metric::bandwidth, Better::higher, LinkClass::host_bandwidth, EndpointRole::host_memory, EndpointRole::copy_target, path_text::kOnce, PlanBy::host_plan},
    // The entry docs/architecture.md shows (tests/build/path_catalogue_doc.sh keeps them equal).
    PathEntry{
        .id = PathId::host_read,
        .name = "host.read",
        .family = PathFamily::host,
        .group = PathGroup::host_stream,
        .metric = Metric::bandwidth,
        .better = Better::higher,
        .link_class = LinkClass::host_bandwidth,
        .source = EndpointRole::host_memory,
        .destination = EndpointRole::host_cpu,
        .bytes_counted = "bytes read",
        .plan = PlanBy::host_plan,
    },
    PathEntry{PathId::host_write, "host.write", PathFamily::host, PathGroup::host_stream, Metric::bandwidth, Better::higher, LinkClass::host_bandwidth, EndpointRole::host_cpu, EndpointRole::host_memory, "bytes written", PlanBy::host_plan},
    PathEntry{PathId::host_latency, "host.latency", PathFamily::host, PathGroup::host_chase, Metric::latency, Better::lower, LinkClass::host_latency, EndpointRole::host_memory, EndpointRole::host_cpu, "", PlanBy::host_plan},
    PathEntry{PathId::host_c2c, "host.c2c", PathFamily::host, PathGroup::host_c2c, Metric::latency, Better::lower, LinkClass::core_to_core, EndpointRole::core, EndpointRole::core, "", PlanBy::host_plan},
    PathEntry{PathId::host_read_cold, "host.read.cold", PathFamily::host, PathGroup::host_cold, Metric::bandwidth, Better::higher, LinkClass::host_bandwidth, EndpointRole::host_memory, EndpointRole::host_cpu, "bytes read", PlanBy::host_cold_twins},
    PathEntry{PathId::host_latency_cold, "host.latency.cold", PathFamily::host, PathGroup::host_cold, Metric::latency, Better::lower, LinkClass::host_latency, EndpointRole::host_memory, EndpointRole::host_cpu, "", PlanBy::host_cold_twins},
    PathEntry{PathId::ce_h2d, "ce.h2d", PathFamily::gpu, PathGroup::copy_engine, Metric::bandwidth, Better::higher, LinkClass::host_gpu, EndpointRole::host_memory, EndpointRole::gpu_memory, path_text::kOnce, PlanBy::gpu_plan},
    PathEntry{PathId::ce_d2h, "ce.d2h", PathFamily::gpu, PathGroup::copy_engine, Metric::bandwidth, Better::higher, LinkClass::host_gpu, EndpointRole::gpu_memory, EndpointRole::host_memory, path_text::kOnce, PlanBy::gpu_plan},
    PathEntry{PathId::ce_bidir, "ce.bidir", PathFamily::gpu, PathGroup::copy_engine, Metric::bandwidth, Better::higher, LinkClass::host_gpu, EndpointRole::host_memory, EndpointRole::gpu_memory, path_text::kBoth, PlanBy::gpu_plan},
    PathEntry{PathId::ce_d2d, "ce.d2d", PathFamily::gpu, PathGroup::copy_engine, Metric::bandwidth, Better::higher, LinkClass::gpu_memory, EndpointRole::gpu_memory, EndpointRole::gpu_memory, path_text::kLocal, PlanBy::gpu_plan},
    PathEntry{PathId::ce_p2p, "ce.p2p", PathFamily::gpu, PathGroup::copy_engine, Metric::bandwidth, Better::higher, LinkClass::gpu_gpu, EndpointRole::gpu_memory, EndpointRole::peer_memory, path_text::kOnce, PlanBy::gpu_plan},
    PathEntry{PathId::ce_p2p_nopeer, "ce.p2p_nopeer", PathFamily::gpu, PathGroup::copy_engine, Metric::bandwidth, Better::higher, LinkClass::gpu_gpu, EndpointRole::gpu_memory, EndpointRole::peer_memory, path_text::kOnce, PlanBy::gpu_plan},
    PathEntry{PathId::ce_all_to_one, "ce.all_to_one", PathFamily::gpu, PathGroup::copy_engine, Metric::bandwidth, Better::higher, LinkClass::gpu_gpu, EndpointRole::gpu_group, EndpointRole::gpu_memory, path_text::kAll, PlanBy::gpu_plan},
    PathEntry{PathId::ce_one_to_all, "ce.one_to_all", PathFamily::gpu, PathGroup::copy_engine, Metric::bandwidth, Better::higher, LinkClass::gpu_gpu, EndpointRole::gpu_memory, EndpointRole::gpu_group, path_text::kAll, PlanBy::gpu_plan},
    PathEntry{PathId::ce_all_to_host, "ce.all_to_host", PathFamily::gpu, PathGroup::copy_engine, Metric::bandwidth, Better::higher, LinkClass::host_gpu, EndpointRole::gpu_group, EndpointRole::host_memory, path_text::kAll, PlanBy::gpu_plan},
    PathEntry{PathId::ce_host_to_all, "ce.host_to_all", PathFamily::gpu, PathGroup::copy_engine, Metric::bandwidth, Better::higher, LinkClass::host_gpu, EndpointRole::host_memory, EndpointRole::gpu_group, path_text::kAll, PlanBy::gpu_plan},
    PathEntry{PathId::sm_h2d, "sm.h2d", PathFamily::gpu, PathGroup::sm, Metric::bandwidth, Better::higher, LinkClass::host_gpu, EndpointRole::host_memory, EndpointRole::gpu_memory, path_text::kOnce, PlanBy::gpu_plan},
    PathEntry{PathId::sm_d2h, "sm.d2h", PathFamily::gpu, PathGroup::sm, Metric::bandwidth, Better::higher, LinkClass::host_gpu, EndpointRole::gpu_memory, EndpointRole::host_memory, path_text::kOnce, PlanBy::gpu_plan},
    // Not nvbandwidth's host_to_device_bidirectional_memcpy_sm (one split-warp kernel, both
    // directions' bytes / 2): two copy kernels, CE bidir's convention (docs/gpu-paths.md).
    PathEntry{PathId::sm_bidir_loaded, "sm.bidir_loaded", PathFamily::gpu, PathGroup::sm, Metric::bandwidth, Better::higher, LinkClass::host_gpu, EndpointRole::host_memory, EndpointRole::gpu_memory, path_text::kBoth, PlanBy::gpu_plan},
    PathEntry{PathId::sm_d2d, "sm.d2d", PathFamily::gpu, PathGroup::sm, Metric::bandwidth, Better::higher, LinkClass::gpu_memory, EndpointRole::gpu_memory, EndpointRole::gpu_memory, path_text::kLocal, PlanBy::gpu_plan},
    PathEntry{PathId::sm_p2p, "sm.p2p", PathFamily::gpu, PathGroup::sm, Metric::bandwidth, Better::higher, LinkClass::gpu_gpu, EndpointRole::gpu_memory, EndpointRole::peer_memory, path_text::kOnce, PlanBy::gpu_plan},
    PathEntry{PathId::um_prefetch, "um.prefetch", PathFamily::gpu, PathGroup::managed, Metric::bandwidth, Better::higher, LinkClass::host_gpu, EndpointRole::any_memory, EndpointRole::any_memory, "bytes migrated, counted once", PlanBy::gpu_plan},
    PathEntry{PathId::um_demand, "um.demand", PathFamily::gpu, PathGroup::managed, Metric::bandwidth, Better::higher, LinkClass::host_gpu, EndpointRole::any_memory, EndpointRole::any_memory, "bytes copied out of faulting managed memory, counted once", PlanBy::gpu_plan},
    PathEntry{PathId::lat_gpu_host, "lat.gpu_host", PathFamily::gpu, PathGroup::latency, Metric::latency, Better::lower, LinkClass::host_gpu, EndpointRole::gpu_sm, EndpointRole::host_memory, path_text::kGpuLoad, PlanBy::gpu_plan},
    PathEntry{PathId::lat_gpu_peer, "lat.gpu_peer", PathFamily::gpu, PathGroup::latency, Metric::latency, Better::lower, LinkClass::gpu_gpu, EndpointRole::gpu_sm, EndpointRole::peer_memory, path_text::kGpuLoad, PlanBy::gpu_plan},
    PathEntry{PathId::lat_gpu_host_stride, "lat.gpu_host_stride", PathFamily::gpu, PathGroup::latency, Metric::latency, Better::lower, LinkClass::host_gpu, EndpointRole::gpu_sm, EndpointRole::host_memory, path_text::kGpuStride, PlanBy::gpu_plan},
    PathEntry{PathId::lat_gpu_peer_stride, "lat.gpu_peer_stride", PathFamily::gpu, PathGroup::latency, Metric::latency, Better::lower, LinkClass::gpu_gpu, EndpointRole::gpu_sm, EndpointRole::peer_memory, path_text::kGpuStride, PlanBy::gpu_plan},
    PathEntry{PathId::lat_gpu_local, "lat.gpu_local", PathFamily::gpu, PathGroup::latency, Metric::latency, Better::lower, LinkClass::gpu_memory, EndpointRole::gpu_sm, EndpointRole::gpu_memory, path_text::kGpuLoad, PlanBy::gpu_plan},
    PathEntry{PathId::lat_host_gpu, "lat.host_gpu", PathFamily::gpu, PathGroup::latency, Metric::latency, Better::lower, LinkClass::host_gpu, EndpointRole::host_cpu, EndpointRole::gpu_memory, "one dependent load by one CPU thread", PlanBy::gpu_plan},
    PathEntry{PathId::lat_pingpong, "lat.pingpong", PathFamily::gpu, PathGroup::latency, Metric::latency, Better::lower, LinkClass::host_gpu, EndpointRole::host_cpu, EndpointRole::gpu_sm, "one one-way hop: half a CPU-GPU flag round trip", PlanBy::gpu_plan},
    PathEntry{PathId::lat_copy, "lat.copy", PathFamily::gpu, PathGroup::latency, Metric::latency, Better::lower, LinkClass::host_gpu, EndpointRole::any_memory, EndpointRole::any_memory, "one cudaMemcpyAsync from call to completion seen by the host", PlanBy::gpu_plan},
};
// clang-format on

inline constexpr std::string_view kCollectivePrefix = "coll.";
inline constexpr std::string_view kContentionPrefix = "contention.";

// The entry of `id` (kPathCatalogueComplete: there is exactly one).
constexpr const PathEntry& path_entry(PathId id) {
    for (const PathEntry& e : kPathCatalogue) {
        if (e.id == id) {
            return e;
        }
    }
    return kPathCatalogue.front(); // unreachable: kPathCatalogueComplete holds every id
}
constexpr std::string_view path_name(PathId id) {
    return path_entry(id).name;
}

constexpr bool entry_complete(const PathEntry& e) {
    const bool bandwidth = e.metric == Metric::bandwidth;
    return !e.name.empty() && e.family != PathFamily::unset && e.group != PathGroup::unset &&
           e.better == (bandwidth ? Better::higher : Better::lower) &&
           e.link_class != LinkClass::unset && e.link_class != LinkClass::collectives &&
           e.link_class != LinkClass::contention && e.source != EndpointRole::unset &&
           e.destination != EndpointRole::unset && e.plan != PlanBy::unset &&
           (!bandwidth || !e.bytes_counted.empty()) &&
           (e.family == PathFamily::gpu) == (e.plan == PlanBy::gpu_plan) &&
           !e.name.starts_with(kCollectivePrefix) && !e.name.starts_with(kContentionPrefix);
}

// Every entry complete, every PathId catalogued once, no two entries with one name.
constexpr bool catalogue_complete() {
    for (std::size_t i = 0; i < kPathCatalogue.size(); ++i) {
        if (!entry_complete(kPathCatalogue[i])) {
            return false;
        }
        for (std::size_t j = i + 1; j < kPathCatalogue.size(); ++j) {
            if (kPathCatalogue[i].id == kPathCatalogue[j].id ||
                kPathCatalogue[i].name == kPathCatalogue[j].name) {
                return false;
            }
        }
    }
    return kPathCatalogue.size() == static_cast<std::size_t>(PathId::lat_copy) + 1;
}
inline constexpr bool kPathCatalogueComplete = catalogue_complete();
static_assert(kPathCatalogueComplete,
              "core/path_catalogue.hpp: an entry is incomplete or repeated, or a PathId has none");

// The entry named `name`; nullptr for an id the catalogue lacks (collectives, contention
// pairs, an unknown id of a results file).
const PathEntry* find_path(std::string_view name);
std::optional<PathId> path_id_of(std::string_view name);
// name == path_name(id).
bool is_path(std::string_view name, PathId id);
// The Path of a case of `id`: its name, metric and bytes_counted.
Path make_path(PathId id);
// The scorecard's class of a path id of a results file: the catalogue's, collectives and
// contention by their prefixes; nullopt for an id none holds.
std::optional<LinkClass> link_class_of(std::string_view name);
bool is_collective_path(std::string_view name);
// The catalogued paths of a family, in catalogue order.
std::vector<PathId> catalogued_paths(PathFamily family);
// The catalogued paths `plan` makes and `group` measures, in catalogue order.
std::vector<PathId> catalogued_paths(PlanBy plan, PathGroup group);
// Whether an endpoint of `kind` can play `role`.
bool role_admits(EndpointRole role, EndpointKind kind);
const char* to_string(EndpointRole role);

} // namespace linkperf
