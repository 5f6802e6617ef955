#include "reports/gpu_key_figures.hpp"

#include "core/path_catalogue.hpp"
#include "results_model/report_error.hpp"
#include "results_model/results_loader.hpp"

#include <fmt/core.h>

#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

namespace linkperf::reports {
namespace {

using nlohmann::json;

constexpr std::uint64_t kKeySize = 256ULL << 20;      // the bandwidth and chase key figures
constexpr std::uint64_t kNvbLatencySize = 2ULL << 20; // nvbandwidth's latency footprint
constexpr double kHostLinkTarget = 0.85;              // ce.h2d/ce.d2h of the host link's rate
constexpr double kSmWithin = 0.10;                    // sm.h2d within this of ce.h2d

// Which endpoint other than the measured GPU a key figure crosses to.
enum class Other { host, peer, same };

struct Spec {
    std::string label; // printed
    std::string key;   // its nvbandwidth_match
    std::string path;
    std::uint64_t size;
    bool gpu_is_source;   // the measured GPU is the source endpoint (else the destination)
    Other other;          // the other endpoint
    const char* memory;   // host: its memory kind ("" any)
    const char* role;     // host: its role ("near", "far"; "" any)
    bool per_gpu = false; // the figure is extra.per_gpu's entry for the GPU (host_to_all)
};

// A key figure's key: its path id, and a tail where one path has two figures ("ce.h2d far").
std::string key_of(PathId path, std::string_view tail = "") {
    return std::string(path_name(path)) + std::string(tail);
}

// The figure of `path`, printed as its id and `label_tail`.
Spec figure(PathId path, std::string_view label_tail, std::uint64_t size, bool gpu_is_source,
            Other other, const char* memory, const char* role, bool per_gpu = false,
            std::string_view key_tail = "") {
    return {key_of(path, label_tail),
            key_of(path, key_tail),
            key_of(path),
            size,
            gpu_is_source,
            other,
            memory,
            role,
            per_gpu};
}

const std::vector<Spec>& specs() {
    using P = PathId;
    static const std::vector<Spec> s = {
        figure(P::ce_h2d, " pinned", kKeySize, false, Other::host, "pinned", "near"),
        figure(P::ce_d2h, " pinned", kKeySize, true, Other::host, "pinned", "near"),
        figure(P::ce_h2d, " pinned (far node)", kKeySize, false, Other::host, "pinned", "far",
               false, " far"),
        figure(P::ce_bidir, " pinned", kKeySize, false, Other::host, "pinned", "near"),
        figure(P::sm_h2d, " mapped", kKeySize, false, Other::host, "mapped", "near"),
        figure(P::sm_d2h, " mapped", kKeySize, true, Other::host, "mapped", "near"),
        figure(P::sm_bidir_loaded, " mapped", kKeySize, false, Other::host, "mapped", "near"),
        figure(P::ce_d2d, "", kKeySize, true, Other::same, "", ""),
        figure(P::sm_d2d, "", kKeySize, true, Other::same, "", ""),
        figure(P::ce_p2p, "", kKeySize, true, Other::peer, "", ""),
        figure(P::sm_p2p, "", kKeySize, true, Other::peer, "", ""),
        figure(P::ce_host_to_all, ", this GPU", kKeySize, false, Other::host, "pinned", "", true),
        figure(P::ce_all_to_host, ", this GPU", kKeySize, true, Other::host, "pinned", "", true),
        figure(P::um_prefetch, " h2d", kKeySize, false, Other::host, "managed", "near"),
        figure(P::lat_gpu_host, " mapped 256M", kKeySize, true, Other::host, "mapped", "near"),
        figure(P::lat_gpu_host_stride, " 2M", kNvbLatencySize, true, Other::host, "mapped", "near"),
        figure(P::lat_gpu_peer, " 256M", kKeySize, true, Other::peer, "", ""),
        figure(P::lat_gpu_peer_stride, " 2M", kNvbLatencySize, true, Other::peer, "", ""),
        figure(P::lat_gpu_local, " 256M", kKeySize, true, Other::same, "", ""),
        figure(P::lat_pingpong, "", 4, false, Other::host, "", "near"),
        figure(P::lat_copy, " h2d 4K", 4096, false, Other::host, "pinned", "near"),
    };
    return s;
}

bool is_gpu(const json& e) {
    const auto it = e.find("kind");
    return it != e.end() && it->is_string() && (*it == "gpu_memory" || *it == "gpu_sm");
}

// An integer field, or -1.
int integer(const json& obj, const char* key) {
    const auto it = obj.find(key);
    return it != obj.end() && it->is_number_integer() ? it->get<int>() : -1;
}

int id_of(const json& e) {
    return integer(e, "id");
}

double number(const json& obj, const char* key, double fallback = NAN) {
    const auto it = obj.find(key);
    return it != obj.end() && it->is_number() ? it->get<double>() : fallback;
}

std::string text(const json& obj, const char* key) {
    const auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const json& object(const json& obj, const char* key) {
    static const json empty = json::object();
    const auto it = obj.find(key);
    return it != obj.end() && it->is_object() ? *it : empty;
}

// Whether case `lp` is `spec`'s figure for GPU g.
bool matches(const json& lp, const Spec& spec, int g) {
    if (text(lp, "path") != spec.path || text(lp, "status") != "ok" ||
        number(lp, "size_bytes", -1) != static_cast<double>(spec.size)) {
        return false;
    }
    const json& src = object(lp, "source");
    const json& dst = object(lp, "destination");
    const json& gpu = spec.gpu_is_source ? src : dst;
    const json& other = spec.gpu_is_source ? dst : src;
    if (!is_gpu(gpu) || id_of(gpu) != g) {
        return false;
    }
    switch (spec.other) {
    case Other::same:
        return is_gpu(other) && id_of(other) == g;
    case Other::peer:
        return is_gpu(other) && id_of(other) != g;
    case Other::host:
        break;
    }
    if (is_gpu(other)) {
        return false;
    }
    return (*spec.memory == '\0' || text(other, "memory") == spec.memory) &&
           (*spec.role == '\0' || text(other, "role") == spec.role);
}

// extra.per_gpu's entry for GPU g (ce.host_to_all, ce.all_to_host), as {median, p5, p95}.
std::optional<json> per_gpu_entry(const json& lp, int g) {
    const json& extra = object(lp, "extra");
    const auto it = extra.find("per_gpu");
    if (it == extra.end() || !it->is_array()) {
        return std::nullopt;
    }
    for (const json& e : *it) {
        if (e.is_object() && integer(e, "gpu") == g) {
            return e;
        }
    }
    return std::nullopt;
}

// Every benchmarks[] entry of every document, in order.
std::vector<const json*> entries_of(const std::vector<json>& docs) {
    std::vector<const json*> out;
    for (const json& doc : docs) {
        const auto b = doc.find("benchmarks");
        if (b != doc.end() && b->is_array()) {
            for (const json& entry : *b) {
                out.push_back(&entry);
            }
        }
    }
    return out;
}

class Figures {
public:
    explicit Figures(const std::vector<json>& docs) : entries_(entries_of(docs)) {}

    // The first document's case for spec and GPU g.
    const json* find(const Spec& spec, int g) const {
        for (const json* entry : entries_) {
            const json& lp = object(*entry, "linkperf");
            if (matches(lp, spec, g) && (!spec.per_gpu || per_gpu_entry(lp, g))) {
                return &lp;
            }
        }
        return nullptr;
    }

private:
    std::vector<const json*> entries_;
};

std::string nvb_note(const std::string& key) {
    const NvbandwidthMatch& m = nvbandwidth_match(key);
    if (m.testcase.empty()) {
        return "[nvbandwidth: none (" + m.convention + ")]";
    }
    return fmt::format("[nvbandwidth: {} ({}: {})]", m.testcase,
                       m.same ? "same convention" : "convention differs", m.convention);
}

std::string link_note(const json& extra) {
    std::string s;
    const json& link = object(extra, "link");
    const json& cur = object(link, "current");
    if (!cur.empty()) {
        s = fmt::format("  [{} gen{} x{}]", text(link, "type"), number(cur, "generation", 0),
                        number(cur, "width", 0));
    } else if (!text(link, "type").empty()) {
        s = "  [" + text(link, "type") + "]";
    }
    if (const double both = number(extra, "bidir_sum_gbps"); !std::isnan(both)) {
        s += fmt::format("  (both ways: {:.2f} GB/s)", both);
    }
    if (const auto down = extra.find("link_downtrained");
        down != extra.end() && down->is_boolean() && down->get<bool>()) {
        s += "  (link downtrained: " + text(extra, "link_note") + ")";
    }
    return s;
}

// One key-figure line.
std::string figure_line(const Spec& spec, const json* lp, int g) {
    const std::string note = nvb_note(spec.key);
    if (lp == nullptr) {
        return fmt::format("  {:30} not measured  {}\n", spec.label, note);
    }
    const json& extra = object(*lp, "extra");
    const std::string unit = text(*lp, "unit");
    if (spec.per_gpu) {
        const json e = *per_gpu_entry(*lp, g);
        return fmt::format("  {:30} median {:10.2f} {:4} p5 {:10.2f} p95 {:10.2f}  (aggregate of "
                           "all GPUs {:.2f})  {}\n",
                           spec.label, number(e, "median_gbps"), unit, number(e, "p5_gbps"),
                           number(e, "p95_gbps"), number(object(*lp, "stats"), "median"), note);
    }
    const json& s = object(*lp, "stats");
    std::string eff;
    if (const double e = number(extra, "efficiency"); !std::isnan(e)) {
        eff = fmt::format("  eff {:.1f}% of {:.1f}", 100 * e,
                          number(extra, "link_theoretical_gbps", 0));
    }
    return fmt::format("  {:30} median {:10.2f} {:4} p5 {:10.2f} p95 {:10.2f}{}{}  {}\n",
                       spec.label, number(s, "median"), unit, number(s, "p5"), number(s, "p95"),
                       eff, link_note(extra), note);
}

const Spec& spec_for(const std::string& key) {
    for (const Spec& s : specs()) {
        if (s.key == key) {
            return s;
        }
    }
    throw ReportError(fmt::format("no GPU key figure named '{}'", key), ExitCode::failed);
}

// The GPUs to report: the first document's cuda.devices, else every GPU its cases name.
std::vector<int> gpus_of(const std::vector<json>& docs, std::string& header) {
    std::set<int> ids;
    if (docs.empty()) {
        return {};
    }
    const json& ctx = object(object(docs.front(), "context"), "linkperf");
    const json& cuda = object(ctx, "cuda");
    const auto devices = cuda.find("devices");
    if (devices != cuda.end() && devices->is_array()) {
        for (const json& d : *devices) {
            if (!d.is_object()) {
                continue;
            }
            const int g = integer(d, "index");
            ids.insert(g);
            header += fmt::format(
                "gpu{}: {} {} {} cc {}, {} SMs, {:.0f} GiB{}{}\n", g, text(d, "name"),
                text(d, "pci_bus_id"), text(d, "uuid"), text(d, "compute_capability"),
                number(d, "sm_count", 0), number(d, "total_memory", 0) / (1ULL << 30),
                text(d, "vbios_version").empty() ? "" : ", VBIOS " + text(d, "vbios_version"),
                d.contains("mig_instance") && d["mig_instance"] == true ? ", MIG instance" : "");
        }
    }
    header += fmt::format("driver {} (CUDA {}), host {} ({}), complete={}\n",
                          text(cuda, "driver_release").empty() ? "?" : text(cuda, "driver_release"),
                          number(cuda, "driver_version", 0), text(ctx, "cpu_model"),
                          text(ctx, "isa"), ctx.contains("complete") && ctx["complete"] == true);
    for (const json* entry : entries_of(docs)) {
        const json& lp = object(*entry, "linkperf");
        for (const char* end : {"source", "destination"}) {
            if (is_gpu(object(lp, end)) && id_of(object(lp, end)) >= 0) {
                ids.insert(id_of(object(lp, end)));
            }
        }
    }
    ids.erase(-1);
    return {ids.begin(), ids.end()};
}

} // namespace

const NvbandwidthMatch& nvbandwidth_match(const std::string& key) {
    static const std::map<std::string, NvbandwidthMatch> m = {
        {key_of(PathId::ce_h2d),
         {"host_to_device_memcpy_ce", true,
          "bytes copied once / time, pinned host memory; its default buffer is 512 MiB"}},
        {key_of(PathId::ce_d2h),
         {"device_to_host_memcpy_ce", true, "bytes copied once / time, pinned memory"}},
        {key_of(PathId::ce_h2d, " far"),
         {"host_to_device_memcpy_ce", true,
          "run under numactl --membind=<far node>; nvbandwidth places memory near the GPU"}},
        {key_of(PathId::ce_bidir),
         {"host_to_device_bidirectional_memcpy_ce", true,
          "h2d bytes once / time while d2h runs with twice the copies"}},
        {key_of(PathId::sm_h2d),
         {"host_to_device_memcpy_sm", true, "bytes copied once / time by a kernel"}},
        {key_of(PathId::sm_d2h),
         {"device_to_host_memcpy_sm", true, "bytes copied once / time by a kernel"}},
        {key_of(PathId::sm_bidir_loaded),
         {"host_to_device_bidirectional_memcpy_sm", false,
          "nvbandwidth: one kernel, warps alternating direction, both directions' bytes / time "
          "/ 2; linkperf: two kernels, h2d under d2h load"}},
        {key_of(PathId::ce_d2d),
         {"device_local_copy", true, "bytes copied once / time (the memory moves 2x)"}},
        {key_of(PathId::sm_d2d), {"", false, "nvbandwidth has no SM local copy"}},
        {key_of(PathId::ce_p2p),
         {"device_to_device_memcpy_write_ce", true, "bytes copied once / time, issued by source"}},
        {key_of(PathId::sm_p2p),
         {"device_to_device_memcpy_write_sm", true, "bytes copied once / time, kernel on source"}},
        {key_of(PathId::ce_host_to_all),
         {"host_to_all_memcpy_ce", true,
          "this GPU's bytes / time while every other GPU copies twice as much; the case's own "
          "figure is the aggregate, which nvbandwidth does not report"}},
        {key_of(PathId::ce_all_to_host),
         {"all_to_host_memcpy_ce", true,
          "this GPU's bytes / time while every other GPU copies twice as much; the case's own "
          "figure is the aggregate, which nvbandwidth does not report"}},
        {key_of(PathId::um_prefetch), {"", false, "nvbandwidth has no managed-memory testcase"}},
        {key_of(PathId::lat_gpu_host),
         {"host_device_latency_sm", false,
          "nvbandwidth walks 2 MiB in 128-byte steps in address order; this is a random chain "
          "over 256 MiB (compare lat.gpu_host_stride)"}},
        {key_of(PathId::lat_gpu_host_stride),
         {"host_device_latency_sm", true,
          "the same 2 MiB chain of 128-byte steps; timed by %globaltimer in the chasing thread "
          "where nvbandwidth times its launches with events"}},
        {key_of(PathId::lat_gpu_peer),
         {"device_to_device_latency_sm", false,
          "nvbandwidth walks 2 MiB in 128-byte steps; this is a random chain over 256 MiB"}},
        {key_of(PathId::lat_gpu_peer_stride),
         {"device_to_device_latency_sm", true,
          "the same 2 MiB chain of 128-byte steps; timed by %globaltimer in the chasing thread"}},
        {key_of(PathId::lat_gpu_local),
         {"", false, "nvbandwidth has no local-memory latency testcase"}},
        {key_of(PathId::lat_pingpong), {"", false, "nvbandwidth has no CPU-GPU flag ping-pong"}},
        {key_of(PathId::lat_copy),
         {"", false, "nvbandwidth has no cudaMemcpyAsync latency testcase"}},
    };
    return m.at(key);
}

KeyFigureReport gpu_key_figures(const std::vector<json>& docs) {
    KeyFigureReport r;
    std::string out;
    const std::vector<int> gpus = gpus_of(docs, out);
    std::map<std::string, int> counts;
    for (const json* entry : entries_of(docs)) {
        const json& lp = object(*entry, "linkperf");
        const std::string status = text(lp, "status");
        ++counts[status];
        if (status == "failed") {
            out += fmt::format("  failed: {}: {}\n", text(*entry, "name"), text(lp, "error"));
        }
    }
    out += fmt::format("cases: {} ok, {} failed, {} skipped\n", counts["ok"], counts["failed"],
                       counts["skipped"]);
    const Figures figures(docs);
    auto target = [&](int g, const std::string& name, bool ok, const std::string& detail) {
        out += fmt::format("  {} gpu{} {}: {}\n", ok ? "MET " : "MISS", g, name, detail);
        ++(ok ? r.met : r.missed);
    };
    for (int g : gpus) {
        out += fmt::format("\nkey figures of gpu{} (bandwidth and chases at 256 MiB, near NUMA "
                           "node), each with its nvbandwidth testcase:\n",
                           g);
        for (const Spec& s : specs()) {
            out += figure_line(s, figures.find(s, g), g);
        }
        out += fmt::format("targets of gpu{}:\n", g);
        const json* h2d = figures.find(spec_for(key_of(PathId::ce_h2d)), g);
        for (const PathId path : {PathId::ce_h2d, PathId::ce_d2h}) {
            const std::string key = key_of(path);
            const json* lp = figures.find(spec_for(key), g);
            const double e = lp ? number(object(*lp, "extra"), "efficiency") : NAN;
            target(g,
                   fmt::format("{} pinned >= {:.0f}% of the host link's rate", key,
                               100 * kHostLinkTarget),
                   !std::isnan(e) && e >= kHostLinkTarget,
                   !std::isnan(e) ? fmt::format("{:.1f}%", 100 * e)
                   : lp           ? std::string("no efficiency (link rate unknown)")
                                  : std::string("not measured"));
        }
        const json* smh = figures.find(spec_for(key_of(PathId::sm_h2d)), g);
        const std::string sm_target = fmt::format("{} mapped within 10% of {}",
                                                  key_of(PathId::sm_h2d), key_of(PathId::ce_h2d));
        if (h2d && smh && number(object(*h2d, "stats"), "median", 0) > 0) {
            const double ratio =
                number(object(*smh, "stats"), "median") / number(object(*h2d, "stats"), "median");
            target(g, sm_target, std::abs(1 - ratio) <= kSmWithin,
                   fmt::format("ratio {:.3f}", ratio));
        } else {
            target(g, sm_target, false, "not measured");
        }
        const std::string d2d_target = fmt::format(
            "{} consistent with device memory (traffic = 2x copied bytes)", key_of(PathId::ce_d2d));
        if (const json* d2d = figures.find(spec_for(key_of(PathId::ce_d2d)), g)) {
            const json& x = object(*d2d, "extra");
            const double median = number(object(*d2d, "stats"), "median", 0);
            const double peak = number(x, "link_theoretical_gbps", 0);
            const double traffic = number(x, "device_memory_traffic_gbps", 2 * median);
            target(g, d2d_target, peak > 0 && traffic / peak >= 0.5 && traffic / peak <= 1.0,
                   fmt::format("{:.0f} GB/s copied, {:.0f} GB/s traffic of {:.0f} peak", median,
                               traffic, peak));
        } else {
            target(g, d2d_target, false, "not measured");
        }
        for (const PathId path : {PathId::lat_gpu_host, PathId::lat_pingpong}) {
            const std::string key = key_of(path);
            const std::string name = key + " in microseconds, p95 <= 2x median";
            const json* lp = figures.find(spec_for(key), g);
            if (lp == nullptr) {
                target(g, name, false, "not measured");
                continue;
            }
            const double median = number(object(*lp, "stats"), "median", 0);
            const double p95 = number(object(*lp, "stats"), "p95", 0);
            target(g, name, median >= 300 && median <= 100000 && p95 <= 2 * median,
                   fmt::format("median {:.0f} ns, p95 {:.0f} ns", median, p95));
        }
    }
    if (gpus.empty()) {
        out += "\nno GPU in the results: no key figure measured\n";
        ++r.missed;
    }
    out += fmt::format("\nkey figures: {} targets met, {} missed\n", r.met, r.missed);
    r.text = std::move(out);
    return r;
}

json read_results_json(const std::filesystem::path& path) {
    const std::string content = read_results_text(path);
    // The checks `linkperf report` makes (size, depth, schema); throws ReportError.
    static_cast<void>(parse_results(content, path.string()));
    try {
        return json::parse(content);
    } catch (const json::exception& e) {
        throw ReportError(path.string() + ": not valid JSON (" + e.what() + ")");
    }
}

} // namespace linkperf::reports
