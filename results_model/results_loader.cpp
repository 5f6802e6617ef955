#include "results_model/results_loader.hpp"

#include "core/bounded_file.hpp"
#include "core/host_link_kind.hpp"
#include "core/results_file.hpp"
#include "results_model/json_depth.hpp"
#include "results_model/report_error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <iterator>

namespace linkperf::reports {
namespace {

using nlohmann::json;

// Field readers: each names the file and the field when the value has the wrong type.
struct Reader {
    const std::string& file;
    std::string where; // "benchmarks[3].linkperf"

    [[noreturn]] void fail(const std::string& what) const {
        throw ReportError(fmt::format("{}: {}: {}", file, where, what));
    }

    const json* find(const json& obj, const char* key) const {
        auto it = obj.find(key);
        return it == obj.end() || it->is_null() ? nullptr : &*it;
    }

    std::string text(const json& obj, const char* key, bool required = false) const {
        const json* v = find(obj, key);
        if (!v) {
            if (required) {
                fail(fmt::format("missing string field '{}'", key));
            }
            return {};
        }
        if (!v->is_string()) {
            fail(fmt::format("field '{}' is not a string", key));
        }
        return v->get<std::string>();
    }

    // A version that CUDA reports as a number (driver_version 12040) or a string.
    std::string version(const json& obj, const char* key) const {
        const json* v = find(obj, key);
        if (v && v->is_number_integer()) {
            return std::to_string(v->get<long long>());
        }
        return text(obj, key);
    }

    // A figure that is never negative (a time, a rate, a spread).
    std::optional<double> non_negative(const json& obj, const char* key,
                                       bool required = false) const {
        const std::optional<double> d = number(obj, key, required);
        if (d && *d < 0) {
            fail(fmt::format("field '{}' is negative ({})", key, *d));
        }
        return d;
    }

    std::optional<double> number(const json& obj, const char* key, bool required = false) const {
        const json* v = find(obj, key);
        if (!v) {
            if (required) {
                fail(fmt::format("missing number field '{}'", key));
            }
            return std::nullopt;
        }
        if (!v->is_number()) {
            fail(fmt::format("field '{}' is not a number", key));
        }
        const double d = v->get<double>();
        if (!std::isfinite(d)) {
            fail(fmt::format("field '{}' is not finite", key));
        }
        return d;
    }

    // An integer in [lo, hi].
    long long integer(const json& obj, const char* key, long long lo, long long hi, bool required,
                      long long fallback) const {
        const json* v = find(obj, key);
        if (!v) {
            if (required) {
                fail(fmt::format("missing integer field '{}'", key));
            }
            return fallback;
        }
        long long value = 0;
        if (v->is_number_unsigned()) {
            const auto u = v->get<unsigned long long>();
            if (u > static_cast<unsigned long long>(hi)) {
                fail(fmt::format("field '{}' is out of range", key));
            }
            value = static_cast<long long>(u);
        } else if (v->is_number_integer()) {
            value = v->get<long long>();
        } else if (v->is_number_float()) {
            const double d = v->get<double>();
            if (!std::isfinite(d) || d != std::floor(d) || d < static_cast<double>(lo) ||
                d > static_cast<double>(hi)) {
                fail(fmt::format("field '{}' is not an integer in range", key));
            }
            value = static_cast<long long>(d);
        } else {
            fail(fmt::format("field '{}' is not an integer", key));
        }
        if (value < lo || value > hi) {
            fail(fmt::format("field '{}' = {} is out of range [{}, {}]", key, value, lo, hi));
        }
        return value;
    }

    bool boolean(const json& obj, const char* key, bool fallback) const {
        const json* v = find(obj, key);
        if (!v) {
            return fallback;
        }
        if (!v->is_boolean()) {
            fail(fmt::format("field '{}' is not true/false", key));
        }
        return v->get<bool>();
    }

    const json* object(const json& obj, const char* key, bool required) const {
        const json* v = find(obj, key);
        if (!v) {
            if (required) {
                fail(fmt::format("missing object '{}'", key));
            }
            return nullptr;
        }
        if (!v->is_object()) {
            fail(fmt::format("'{}' is not an object", key));
        }
        return v;
    }
};

constexpr long long kMaxSize = 1LL << 50; // 1 PiB: far beyond any message size
constexpr long long kMaxCount = 1LL << 30;

// One GPU's identity line from cuda.devices[i] (empty when the file records none): index, PCI
// bus id, CUDA's UUID, the physical GPU's where it differs (a MIG instance), VBIOS, and the
// UUIDs of the GPU's MIG instances.
std::string gpu_identity(const Reader& c, const json& d) {
    const std::string uuid = c.text(d, "uuid");
    const std::string bus = c.text(d, "pci_bus_id");
    if (uuid.empty() && bus.empty()) {
        return {};
    }
    std::string s = fmt::format("gpu{} {} {}", c.integer(d, "index", 0, 1 << 20, false, 0),
                                bus.empty() ? "-" : bus, uuid.empty() ? "-" : uuid);
    if (const std::string gpu = c.text(d, "gpu_uuid"); !gpu.empty() && gpu != uuid) {
        s += " on " + gpu;
    }
    if (const std::string vbios = c.text(d, "vbios_version"); !vbios.empty()) {
        s += ", VBIOS " + vbios;
    }
    if (const json* migs = c.find(d, "mig_instance_uuids"); migs && migs->is_array()) {
        std::string list;
        for (const json& m : *migs) {
            if (!m.is_string()) {
                c.fail("mig_instance_uuids holds a value that is not a string");
            }
            list += (list.empty() ? "" : ", ") + m.get<std::string>();
        }
        if (!list.empty()) {
            s += ", MIG instances " + list;
        }
    }
    return s;
}

RunInfo read_info(const json& doc, const std::string& file) {
    Reader r{file, "context"};
    if (!doc.is_object()) {
        r.where = "document";
        r.fail("not a JSON object (not a linkperf results file)");
    }
    const json* context = r.object(doc, "context", true);
    const json* lp = r.object(*context, "linkperf", false);
    if (!lp) {
        r.fail("no 'linkperf' object: not a linkperf results file");
    }
    r.where = "context.linkperf";
    RunInfo info;
    info.file = file;
    if (!r.find(*lp, "schema_version")) {
        r.fail("missing schema_version: not a linkperf results file");
    }
    info.schema_version = static_cast<int>(r.integer(*lp, "schema_version", 0, 1 << 30, true, 0));
    if (info.schema_version > kSchemaVersion) {
        r.fail(fmt::format("schema_version {} is newer than this linkperf understands ({}); "
                           "use a newer linkperf",
                           info.schema_version, kSchemaVersion));
    }
    if (info.schema_version < 1) {
        r.fail(fmt::format("schema_version {} is not a valid version", info.schema_version));
    }
    // Google Benchmark's own context fields stand in where linkperf's are absent.
    const auto or_context = [&](const char* key, const char* context_key) {
        std::string v = r.text(*lp, key);
        return v.empty() ? Reader{file, "context"}.text(*context, context_key) : v;
    };
    info.hostname = or_context("hostname", "host_name");
    info.isa = r.text(*lp, "isa");
    info.cpu_model = r.text(*lp, "cpu_model");
    info.kernel = r.text(*lp, "kernel");
    info.os = r.text(*lp, "os");
    info.emulated = r.boolean(*lp, "emulated", false);
    info.emulator = r.text(*lp, "emulator");
    info.date = or_context("started_at", "date");
    info.linkperf_version = r.text(*lp, "version");
    info.git_sha = r.text(*lp, "git_sha");
    info.suite = r.text(*lp, "suite");
    info.complete = r.boolean(*lp, "complete", false);
    info.finished_at = r.text(*lp, "finished_at");
    if (const json* repeat = r.object(*lp, "repeat", false)) {
        Reader rr{file, "context.linkperf.repeat"};
        info.passes = static_cast<int>(rr.integer(*repeat, "passes", 0, 1 << 20, false, 0));
        if (const json* seed = rr.find(*repeat, "seed"); seed && seed->is_number_unsigned()) {
            info.repeat_seed = std::to_string(seed->get<std::uint64_t>());
        } else {
            info.repeat_seed = rr.text(*repeat, "seed");
        }
    }
    if (const json* topo = r.object(*lp, "topology", false)) {
        Reader t{file, "context.linkperf.topology"};
        info.gpus = static_cast<int>(t.integer(*topo, "gpus", 0, 1 << 20, false, 0));
    }
    // The GPU runner describes CUDA under context.linkperf.cuda (or context.cuda).
    const json* cuda = r.object(*lp, "cuda", false);
    if (!cuda) {
        cuda = Reader{file, "context"}.object(*context, "cuda", false);
    }
    if (cuda) {
        Reader c{file, "cuda"};
        info.cuda_driver = c.version(*cuda, "driver_version");
        info.cuda_driver_release = c.text(*cuda, "driver_release");
        info.cuda_runtime = c.version(*cuda, "runtime_version");
        info.nccl_version = c.version(*cuda, "nccl_version");
        if (const json* devices = c.find(*cuda, "devices"); devices && devices->is_array()) {
            for (const json& d : *devices) {
                if (d.is_object()) {
                    info.gpu_names.push_back(c.text(d, "name"));
                    if (std::string id = gpu_identity(c, d); !id.empty()) {
                        info.gpu_identities.push_back(std::move(id));
                    }
                    const std::string kind = results_name(
                        host_link_kind(c.boolean(d, "pageable_uses_host_page_tables", false)));
                    info.gpu_link_kind =
                        info.gpu_link_kind.empty() || info.gpu_link_kind == kind ? kind : "mixed";
                }
            }
        }
    }
    if (const json* coll = r.object(*lp, "collectives", false)) {
        if (const json* lib = r.find(*coll, "library")) {
            if (lib->is_string()) {
                info.collectives_library = lib->get<std::string>();
            } else if (lib->is_object()) {
                // {"mpi_library": "Open MPI v4.1.4", "nccl_version": ...}: the string values
                for (const auto& [k, v] : lib->items()) {
                    if (v.is_string() && !v.get<std::string>().empty()) {
                        info.collectives_library +=
                            (info.collectives_library.empty() ? "" : ", ") + v.get<std::string>();
                    }
                }
            }
        }
    }
    for (const char* v : {"0", "\"\""}) {
        if (info.cuda_driver == v) {
            info.cuda_driver.clear();
        }
        if (info.cuda_runtime == v) {
            info.cuda_runtime.clear();
        }
        if (info.nccl_version == v) {
            info.nccl_version.clear();
        }
    }
    return info;
}

Endpoint read_endpoint(const Reader& r, const json& lp, const char* key) {
    const json* e = r.object(lp, key, true);
    Reader er{r.file, r.where + "." + key};
    Endpoint ep;
    ep.kind = er.text(*e, "kind");
    ep.id = static_cast<int>(er.integer(*e, "id", -1, 1 << 30, false, -1));
    ep.role = er.text(*e, "role", true); // reports join runs by role: a case without one cannot
    if (ep.role.empty()) {               // be compared
        er.fail("empty 'role'");
    }
    ep.memory = er.text(*e, "memory");
    return ep;
}

Statistics read_stats(const Reader& r, const json& s) {
    Statistics st;
    st.count = static_cast<std::size_t>(r.integer(s, "count", 0, kMaxCount, false, 0));
    st.min = r.non_negative(s, "min").value_or(0);
    st.max = r.non_negative(s, "max").value_or(0);
    st.mean = r.non_negative(s, "mean").value_or(0);
    st.median = r.number(s, "median", true).value_or(0); // read_case names the case
    st.p5 = r.non_negative(s, "p5").value_or(st.median);
    st.p95 = r.non_negative(s, "p95").value_or(st.median);
    st.stddev = r.non_negative(s, "stddev").value_or(0);
    st.stdrel = r.non_negative(s, "stdrel").value_or(0);
    return st;
}

// extra.link: {"type": "pcie", "current": {"generation": 5, "width": 16, ...}, "max": {...}}.
LinkFacts read_link(const Reader& r, const json& link) {
    LinkFacts f;
    f.type = r.text(link, "type");
    const auto state = [&](const char* key, int& generation, int& width) {
        if (const json* s = r.object(link, key, false)) {
            Reader sr{r.file, r.where + "." + key};
            generation = static_cast<int>(sr.integer(*s, "generation", 0, 64, false, 0));
            width = static_cast<int>(sr.integer(*s, "width", 0, 1024, false, 0));
        }
    };
    state("current", f.generation, f.width);
    state("max", f.max_generation, f.max_width);
    return f;
}

// A contention pair's extra fields (bench/host/contention_host.hpp).
ContentionFigures read_contention(const Reader& x, const json& extra) {
    ContentionFigures f;
    f.victim = x.text(extra, "victim");
    f.aggressor = x.text(extra, "aggressor");
    f.ratio = x.number(extra, "interference_ratio").value_or(0);
    if (const json* alone = x.object(extra, "alone", false)) {
        const Reader a{x.file, x.where + ".alone"};
        f.alone_median = a.number(*alone, "median").value_or(0);
        f.alone_p5 = a.number(*alone, "p5").value_or(f.alone_median);
        f.alone_p95 = a.number(*alone, "p95").value_or(f.alone_median);
    }
    if (const json* run = x.object(extra, "aggressor_run", false)) {
        f.aggressor_gbps = Reader{x.file, x.where + ".aggressor_run"}
                               .number(*run, "gbps_during_victim")
                               .value_or(0);
    }
    return f;
}

CaseResult read_case(const std::string& file, const json& entry, std::size_t index) {
    Reader r{file, fmt::format("benchmarks[{}]", index)};
    CaseResult c;
    c.name = r.text(entry, "name");
    const json* lp = r.object(entry, "linkperf", true);
    r.where += ".linkperf";
    c.key.path = r.text(*lp, "path", true);
    if (c.key.path.empty()) {
        r.fail("empty 'path'");
    }
    c.metric = r.text(*lp, "metric", true);
    if (c.metric != "bandwidth" && c.metric != "latency") {
        r.fail(fmt::format("unknown metric '{}' (bandwidth or latency)", c.metric));
    }
    c.unit = r.text(*lp, "unit");
    c.higher_is_better = r.boolean(*lp, "higher_is_better", c.metric == "bandwidth");
    c.source = read_endpoint(r, *lp, "source");
    c.destination = read_endpoint(r, *lp, "destination");
    c.key.source_role = c.source.role;
    c.key.source_memory = c.source.memory;
    c.key.destination_role = c.destination.role;
    c.key.destination_memory = c.destination.memory;
    c.key.size_bytes =
        static_cast<std::uint64_t>(r.integer(*lp, "size_bytes", 0, kMaxSize, true, 0));
    c.key.threads = static_cast<int>(r.integer(*lp, "threads", 0, 1 << 20, false, 1));
    const std::string status = r.text(*lp, "status", true);
    if (status == "ok") {
        c.status = CaseStatus::ok;
    } else if (status == "failed") {
        c.status = CaseStatus::failed;
    } else if (status == "skipped") {
        c.status = CaseStatus::skipped;
    } else {
        r.fail(fmt::format("unknown status '{}'", status));
    }
    c.error = r.text(*lp, "error");
    if (const json* s = r.object(*lp, "stats", c.status == CaseStatus::ok)) {
        c.stats = read_stats(Reader{file, r.where + ".stats"}, *s);
    }
    if (c.status == CaseStatus::ok && !(c.stats.median > 0)) {
        r.fail(fmt::format("case '{}' has status ok but median {} (must be > 0)",
                           c.name.empty() ? c.key.path : c.name, c.stats.median));
    }
    if (c.stats.median < 0) {
        r.fail(fmt::format("case '{}' has a negative median {}",
                           c.name.empty() ? c.key.path : c.name, c.stats.median));
    }
    if (const json* samples = r.find(*lp, "samples")) {
        if (!samples->is_array()) {
            r.fail("'samples' is not an array");
        }
        c.samples.reserve(samples->size());
        for (const json& v : *samples) {
            if (!v.is_number() || !std::isfinite(v.get<double>())) {
                r.fail("'samples' holds a value that is not a finite number");
            }
            if (v.get<double>() < 0) {
                r.fail(fmt::format("'samples' holds a negative value ({})", v.get<double>()));
            }
            c.samples.push_back(v.get<double>());
        }
    }
    if (const json* extra = r.object(*lp, "extra", false)) {
        Reader x{file, r.where + ".extra"};
        c.key.op = x.text(*extra, "op");
        c.key.ranks = static_cast<int>(x.integer(*extra, "ranks", 0, 1 << 24, false, 0));
        if (const json* ip = x.find(*extra, "in_place")) {
            if (ip->is_boolean()) {
                c.key.in_place = ip->get<bool>() ? "in-place" : "out-of-place";
            } else {
                c.key.in_place = x.text(*extra, "in_place");
            }
        }
        c.key.type = x.text(*extra, "type");
        c.key.reduce_op = x.text(*extra, "reduce_op");
        c.key.nodes = static_cast<int>(x.integer(*extra, "nodes", 0, 1 << 24, false, 0));
        c.key.root = static_cast<int>(x.integer(*extra, "root", -1, 1 << 24, false, -1));
        c.key.window = static_cast<int>(x.integer(*extra, "window", 0, 1 << 24, false, 0));
        if (const json* t = x.find(*extra, "link_theoretical_gbps"); t && t->is_number()) {
            c.link_rate_gbps = x.non_negative(*extra, "link_theoretical_gbps");
        }
        if (const json* e = x.find(*extra, "efficiency"); e && e->is_number()) {
            c.efficiency = x.non_negative(*extra, "efficiency");
        }
        if (const json* link = x.object(*extra, "link", false)) {
            c.link = read_link(Reader{file, x.where + ".link"}, *link);
        }
        if (!c.link_rate_gbps || *c.link_rate_gbps <= 0) {
            c.link_rate_gbps.reset();
            c.efficiency.reset();
        }
        c.sweep = x.text(*extra, "sweep");
        if (c.sweep.empty() && x.find(*extra, "scaling_base_ranks") != nullptr) {
            c.sweep = "ranks";
        }
        if (x.find(*extra, "interference_ratio") != nullptr) {
            c.contention = read_contention(x, *extra);
        }
    }
    // Optional fields have their schema's type when present: `"data_verified": "yes"` is a
    // broken file, not a case whose data was never checked.
    if (r.find(*lp, "data_verified") != nullptr) {
        c.data_verified = r.boolean(*lp, "data_verified", false);
    }
    if (const json* p = r.object(*lp, "placement", false)) {
        if (r.find(*p, "verified") != nullptr) {
            c.placement_ok = Reader{file, r.where + ".placement"}.boolean(*p, "verified", false);
        }
    }
    if (const json* telemetry = r.object(*lp, "telemetry", false)) {
        c.throttled = Reader{file, r.where + ".telemetry"}.boolean(*telemetry, "throttled", false);
    }
    r.boolean(*lp, "converged", false);
    if (r.find(*lp, "criterion") != nullptr) {
        const std::string criterion = r.text(*lp, "criterion");
        if (criterion != "stdrel" && criterion != "entropy") {
            r.fail(fmt::format("field 'criterion' is '{}', want stdrel or entropy", criterion));
        }
    }
    if (const json* k = r.object(*lp, "contention", false)) {
        const Reader kr{file, r.where + ".contention"};
        if (kr.boolean(*k, "contended", false)) {
            c.contended = kr.text(*k, "why");
            if (c.contended.empty()) {
                c.contended = "contended";
            }
        }
    }
    // One pass of a --repeat run (or of a baseline saved from several runs): merge_group
    // gathers the passes of a case into run_medians, in file order, which is pass order.
    if (r.integer(*lp, "pass", 0, 1 << 20, false, -1) >= 0 && c.status == CaseStatus::ok) {
        c.run_medians = {c.stats.median};
        c.run_contended = {c.contended};
    }
    return c;
}

// True when `b` is a copy of `a`: Google Benchmark may write one repetition more than once.
bool same_repetition(const CaseResult& a, const CaseResult& b) {
    return a.samples == b.samples && a.stats.median == b.stats.median;
}

// Entries with one key (Google Benchmark repetitions) become one case. A failed repetition wins
// (the case failed); otherwise the distinct `ok` repetitions pool their samples, and copies of
// a repetition already seen (same samples and median) are dropped, never pooled twice.
CaseResult merge_group(std::vector<CaseResult>& group) {
    for (CaseResult& c : group) {
        if (c.status == CaseStatus::failed) {
            return std::move(c);
        }
    }
    std::vector<CaseResult*> distinct;
    for (CaseResult& c : group) {
        if (c.status != CaseStatus::ok) {
            continue;
        }
        const bool copy = std::any_of(distinct.begin(), distinct.end(),
                                      [&](const CaseResult* d) { return same_repetition(*d, c); });
        if (!copy) {
            distinct.push_back(&c);
        }
    }
    if (distinct.empty()) {
        return std::move(group.front()); // skipped everywhere
    }
    // Passes of a --repeat run are independent runs: each is kept (two passes may measure the
    // same figures), its median a run-level value, its samples pooled for the case's stats.
    if (!distinct.front()->run_medians.empty()) {
        distinct.clear();
        for (CaseResult& c : group) {
            if (c.status == CaseStatus::ok && !c.run_medians.empty()) {
                distinct.push_back(&c);
            }
        }
        CaseResult kept = std::move(*distinct.front());
        for (std::size_t i = 1; i < distinct.size(); ++i) {
            const CaseResult& d = *distinct[i];
            kept.samples.insert(kept.samples.end(), d.samples.begin(), d.samples.end());
            kept.run_medians.insert(kept.run_medians.end(), d.run_medians.begin(),
                                    d.run_medians.end());
            kept.run_contended.insert(kept.run_contended.end(), d.run_contended.begin(),
                                      d.run_contended.end());
        }
        if (!kept.samples.empty()) {
            kept.stats = summarize(kept.samples);
        }
        // The case's headline median is the median of its run medians (docs/reports.md).
        kept.stats.median = summarize(kept.run_medians).median;
        kept.contended.clear();
        return kept;
    }
    CaseResult kept = std::move(*distinct.front());
    for (std::size_t i = 1; i < distinct.size(); ++i) {
        kept.samples.insert(kept.samples.end(), distinct[i]->samples.begin(),
                            distinct[i]->samples.end());
    }
    if (distinct.size() > 1 && !kept.samples.empty()) {
        kept.stats = summarize(kept.samples);
    }
    return kept;
}

} // namespace

Run parse_results(std::string_view text, const std::string& file) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        throw ReportError(fmt::format("{}: empty file (not a linkperf results file)", file));
    }
    if (text.size() > kMaxResultsBytes) {
        throw ReportError(fmt::format("{}: larger than {} MiB (not a linkperf results file)", file,
                                      kMaxResultsBytes >> 20));
    }
    if (json_nesting_depth(text) > kMaxJsonDepth) {
        throw ReportError(fmt::format("{}: JSON nested deeper than {} levels (not a linkperf "
                                      "results file)",
                                      file, kMaxJsonDepth));
    }
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        // nlohmann's message ends with the byte position: enough to find a truncation.
        std::string what = e.what();
        if (auto pos = what.find("] "); pos != std::string::npos) {
            what = what.substr(pos + 2);
        }
        throw ReportError(fmt::format("{}: not valid JSON ({})", file, what));
    }
    try {
        Run run;
        run.info = read_info(doc, file);
        Reader r{file, "document"};
        const json* benchmarks = r.find(doc, "benchmarks");
        if (!benchmarks || !benchmarks->is_array()) {
            r.fail("no 'benchmarks' array");
        }
        std::size_t index = 0;
        for (const json& entry : *benchmarks) {
            Reader er{file, fmt::format("benchmarks[{}]", index)};
            if (!entry.is_object()) {
                er.fail("not an object");
            }
            if (er.text(entry, "run_type") == "aggregate") {
                ++index;
                continue; // mean/median/stddev rows of --benchmark_repetitions
            }
            run.cases.push_back(read_case(file, entry, index));
            ++index;
        }
        std::stable_sort(run.cases.begin(), run.cases.end(),
                         [](const CaseResult& a, const CaseResult& b) { return a.key < b.key; });
        std::vector<CaseResult> unique;
        for (std::size_t i = 0; i < run.cases.size();) {
            std::size_t end = i + 1;
            while (end < run.cases.size() && run.cases[end].key == run.cases[i].key) {
                ++end;
            }
            std::vector<CaseResult> group(std::make_move_iterator(run.cases.begin() + i),
                                          std::make_move_iterator(run.cases.begin() + end));
            unique.push_back(merge_group(group));
            i = end;
        }
        run.cases = std::move(unique);
        return run;
    } catch (const json::exception& e) {
        throw ReportError(fmt::format("{}: unexpected JSON shape ({})", file, e.what()));
    }
}

std::string read_results_text(const std::filesystem::path& path) {
    std::string why;
    auto text = read_bounded_file(path, kMaxResultsBytes, &why);
    if (!text) {
        throw ReportError(
            fmt::format("{}: {}", path.string(),
                        why == "is a directory" ? "is a directory, not a results file" : why));
    }
    return std::move(*text);
}

Run load_results(const std::filesystem::path& path) {
    return parse_results(read_results_text(path), path.string());
}

} // namespace linkperf::reports
