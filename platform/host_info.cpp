#include "platform/host_info.hpp"

#include "core/bounded_file.hpp"
#include "core/text.hpp"
#include "core/timestamp.hpp"

#include "core/results_file.hpp"

#include <linkperf/version.hpp>

#include <sys/utsname.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <sstream>
#include <string_view>
#include <thread>

namespace linkperf {
namespace {

// /proc/cpuinfo of a few hundred CPUs and the maps of a CUDA process are under 1 MiB.
constexpr std::uint64_t kMaxProcBytes = std::uint64_t{16} << 20;

// `text` trimmed (core/text) and without the double quotes around it: os-release quotes its
// values ("Debian GNU/Linux 12 (bookworm)").
std::string unquoted(std::string_view text) {
    text = trim(text);
    while (!text.empty() && text.front() == '"') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == '"') {
        text.remove_suffix(1);
    }
    return std::string(trim(text));
}

// The value of the first "key : value" line in /proc/cpuinfo whose key is one of `keys`.
std::string cpuinfo_value(std::initializer_list<const char*> keys) {
    std::istringstream in(read_bounded_file("/proc/cpuinfo", kMaxProcBytes).value_or(""));
    std::string line;
    while (std::getline(in, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos) {
            continue;
        }
        const std::string_view key = trim(std::string_view(line).substr(0, colon));
        for (const char* k : keys) {
            if (key == k) {
                return unquoted(std::string_view(line).substr(colon + 1));
            }
        }
    }
    return {};
}

std::string os_release() {
    std::istringstream in(read_bounded_file("/etc/os-release", kMaxProcBytes).value_or(""));
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("PRETTY_NAME=", 0) == 0) {
            return unquoted(std::string_view(line).substr(12));
        }
    }
    return {};
}

// qemu-user leaves its own binary in /proc/self/maps neither hidden nor renamed on every
// version, so the emulator is detected from the environment the cross test runner sets and
// from the mapped files.
std::string detect_emulator() {
    if (const char* e = std::getenv("LINKPERF_EMULATOR"); e != nullptr && *e != '\0') {
        return e;
    }
    std::istringstream maps(read_bounded_file("/proc/self/maps", kMaxProcBytes).value_or(""));
    std::string line;
    while (std::getline(maps, line)) {
        if (line.find("qemu-") != std::string::npos) {
            return "qemu-user";
        }
    }
    return {};
}

} // namespace

HostInfo read_host_info() {
    HostInfo h;
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) == 0) {
        h.hostname = name;
    }
    utsname u{};
    if (::uname(&u) == 0) {
        h.isa = u.machine;
        h.kernel = u.release;
    }
    // x86/arm: "model name"; riscv: "uarch"/"isa"; power: "cpu"; arm without a name: "CPU part".
    h.cpu_model = cpuinfo_value({"model name", "uarch", "cpu", "Hardware", "isa", "CPU part"});
    h.os = os_release();
    h.emulator = detect_emulator();
    h.emulated = !h.emulator.empty();
    return h;
}

nlohmann::json linkperf_context(const HostInfo& host, const Topology& topo) {
    unsigned cores = static_cast<unsigned>(topo.cores.size());
    return {{"schema_version", kSchemaVersion},
            {"version", kVersion},
            {"git_sha", kGitSha},
            {"hostname", host.hostname},
            {"isa", host.isa},
            {"cpu_model", host.cpu_model},
            {"kernel", host.kernel},
            {"os", host.os},
            {"emulated", host.emulated},
            {"emulator", host.emulator},
            {"started_at", utc_timestamp()},
            {"topology",
             {{"source", topo.source},
              {"packages", topo.packages.size()},
              {"numa_nodes", topo.numa_nodes.size()},
              {"cores", cores},
              {"pus", topo.pus.size()},
              {"gpus", topo.gpus.size()},
              {"numa_distances", topo.numa_distances},
              {"distances_measured", topo.distances_measured}}},
            {"units", {{"bandwidth", "GB/s (1e9 bytes/s)"}, {"latency", "ns"}, {"size", "bytes"}}}};
}

nlohmann::json benchmark_context(const HostInfo& host, const std::string& executable) {
    return {{"date", utc_timestamp()},
            {"host_name", host.hostname},
            {"executable", executable},
            {"num_cpus", std::thread::hardware_concurrency()},
            {"mhz_per_cpu", 0},
            {"cpu_scaling_enabled", false},
            {"caches", nlohmann::json::array()},
            {"load_avg", nlohmann::json::array()},
            {"library_build_type", "release"}};
}

} // namespace linkperf
