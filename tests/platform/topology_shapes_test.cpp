// Machines unlike the ones in tests/data: NUMA nodes above packages, CPU-less NUMA
// nodes, many NUMA nodes and a cpuset that hides part of the machine, built as hwloc synthetic
// topologies and exported to XML by hwloc's own lstopo. Packages and NUMA nodes must relate
// as `hwloc-calc --intersect numa package:N` says, and the host plan must keep its roles.
#include "bench/host/host_caches.hpp"
#include "bench/host/host_plan.hpp"
#include "platform/topology.hpp"
#include "platform/topology_notes.hpp"
#include "tests/support/command_output.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>

using namespace linkperf;
using namespace linkperf::bench;
namespace fs = std::filesystem;

namespace {

using test::parse_list;
using test::run;

// An XML export of a synthetic topology, written by lstopo; `edit` may change the XML text.
struct SyntheticXml {
    fs::path path;
    explicit SyntheticXml(const std::string& description, const std::string& name) {
        path = fs::temp_directory_path() /
               ("linkperf-shape-" + std::to_string(::getpid()) + "-" + name + ".xml");
        const std::string cmd =
            "lstopo-no-graphics -i '" + description + "' -f " + path.string() + " 2>&1";
        INFO(run(cmd));
        REQUIRE(fs::exists(path));
    }
    ~SyntheticXml() { fs::remove(path); }
};

// Every package lists the NUMA nodes hwloc-calc intersects with it.
void check_packages_against_hwloc_calc(const Topology& t, const fs::path& xml) {
    REQUIRE_FALSE(t.packages.empty());
    for (const auto& p : t.packages) {
        INFO(xml << " package " << p.logical_index);
        const auto expected = parse_list(
            run("hwloc-calc -i " + xml.string() +
                " --physical-output --intersect numa package:" + std::to_string(p.logical_index)));
        CHECK(p.numa_nodes == expected);
        CHECK_FALSE(p.numa_nodes.empty());
        for (const unsigned n : p.numa_nodes) {
            const NumaNode* node = t.find_node(n);
            REQUIRE(node != nullptr);
            CHECK(std::find(node->packages.begin(), node->packages.end(), p.logical_index) !=
                  node->packages.end());
        }
    }
}

// Every PU is local to exactly one NUMA node, and every core knows it.
void check_every_pu_has_one_node(const Topology& t) {
    for (const unsigned pu : t.pus) {
        unsigned holders = 0;
        for (const auto& n : t.numa_nodes) {
            holders += std::count(n.cpus.begin(), n.cpus.end(), pu) > 0 ? 1 : 0;
        }
        INFO("PU " << pu);
        CHECK(holders == 1);
    }
    for (const auto& c : t.cores) {
        CHECK(c.numa_node >= 0);
    }
}

std::set<std::string> roles_of(const std::vector<Case>& cases, const std::string& path) {
    std::set<std::string> roles;
    for (const auto& c : cases) {
        if (c.path.id == path) {
            roles.insert(c.source.role);
        }
    }
    return roles;
}

} // namespace

TEST_CASE("one NUMA node above two packages: both packages hold it", "[topology][shapes]") {
    const SyntheticXml xml("numa:1 pack:2 core:2 pu:1", "numa-above");
    const Topology t = Topology::load(xml.path);
    REQUIRE(t.packages.size() == 2);
    REQUIRE(t.numa_nodes.size() == 1);
    check_packages_against_hwloc_calc(t, xml.path);
    CHECK(t.numa_nodes[0].packages == std::vector<unsigned>{0, 1});
    CHECK(t.numa_nodes[0].cpus == t.pus);
    check_every_pu_has_one_node(t);
    // The plan: local memory only, threads of the one node, a c2c pair across the packages.
    const auto cases = plan_host_cases(t, PlanOptions{});
    CHECK(roles_of(cases, "host.read") == std::set<std::string>{"local"});
    // Core 0, a core of the second package, a second core of the first: three pairs.
    CHECK(roles_of(cases, "host.c2c") == std::set<std::string>{"package", "remote", "remote-2"});
}

TEST_CASE("groups of packages under one NUMA node each (NUMA above packages)",
          "[topology][shapes]") {
    const SyntheticXml xml("group:2 [numa] pack:2 core:2 pu:2", "groups");
    const Topology t = Topology::load(xml.path);
    REQUIRE(t.packages.size() == 4);
    REQUIRE(t.numa_nodes.size() == 2);
    check_packages_against_hwloc_calc(t, xml.path);
    check_every_pu_has_one_node(t);
    CHECK(t.numa_nodes[0].packages == std::vector<unsigned>{0, 1});
    CHECK(t.numa_nodes[1].packages == std::vector<unsigned>{2, 3});
    const auto cases = plan_host_cases(t, PlanOptions{});
    CHECK(roles_of(cases, "host.read") == std::set<std::string>{"local", "far"});
    // c2c: a core of every package and of every node, an SMT sibling, a second core of the
    // first package.
    std::set<unsigned> pus;
    std::set<std::string> relations;
    for (const auto& c : cases) {
        if (c.path.id == "host.c2c") {
            pus.insert(c.cpus.begin(), c.cpus.end());
            relations.insert(c.source.role.substr(0, c.source.role.find('-')));
        }
    }
    std::set<unsigned> packages_seen;
    for (const unsigned pu : pus) {
        for (const auto& core : t.cores) {
            if (std::find(core.pus.begin(), core.pus.end(), pu) != core.pus.end()) {
                packages_seen.insert(core.package);
            }
        }
    }
    CHECK(packages_seen.size() == 4);
    CHECK(relations == std::set<std::string>{"smt", "package", "remote"});
}

TEST_CASE("a CPU-less NUMA node attached to the machine holds no CPUs", "[topology][shapes]") {
    const SyntheticXml xml("[numa] pack:2 [numa] core:2 pu:1", "cpuless");
    const Topology t = Topology::load(xml.path);
    REQUIRE(t.numa_nodes.size() == 3);
    check_packages_against_hwloc_calc(t, xml.path);
    check_every_pu_has_one_node(t);
    const NumaNode* cpuless = t.find_node(2);
    REQUIRE(cpuless != nullptr);
    CHECK(cpuless->cpus.empty());
    CHECK(t.nodes_with_cpus() == std::vector<unsigned>{0, 1});
    // Each package's own node has the package's CPUs, as the kernel's cpulist would say.
    for (const unsigned n : {0u, 1u}) {
        const auto pus =
            parse_list(run("hwloc-calc -i " + xml.path.string() +
                           " --physical-output numa:" + std::to_string(n) + " --pulist"));
        CHECK(t.find_node(n)->cpus == pus);
    }
    // Threads stay on a node with CPUs; the CPU-less node is measured as memory.
    const auto cases = plan_host_cases(t, PlanOptions{});
    std::set<int> thread_nodes;
    std::set<int> memory_nodes;
    for (const auto& c : cases) {
        if (c.path.id == "host.read") {
            thread_nodes.insert(c.destination.id);
            memory_nodes.insert(c.source.id);
        }
    }
    CHECK(thread_nodes == std::set<int>{0});
    CHECK(memory_nodes.count(0) == 1);
    CHECK(memory_nodes.size() == 2); // local and far (10/20 assumed: one remote class)
}

TEST_CASE("sixteen NUMA nodes in two packages", "[topology][shapes]") {
    const SyntheticXml xml("pack:2 group:8 [numa] core:2 pu:2", "many");
    const Topology t = Topology::load(xml.path);
    REQUIRE(t.numa_nodes.size() == 16);
    check_packages_against_hwloc_calc(t, xml.path);
    check_every_pu_has_one_node(t);
    CHECK(t.packages[0].numa_nodes.size() == 8);
    for (const auto& n : t.numa_nodes) {
        CHECK(n.packages.size() == 1);
        CHECK(n.cpus.size() == 4);
    }
    const auto cases = plan_host_cases(t, PlanOptions{});
    CHECK(roles_of(cases, "host.latency") == std::set<std::string>{"local", "far"});
    unsigned c2c_pus = 0;
    std::set<unsigned> pus;
    for (const auto& c : cases) {
        if (c.path.id == "host.c2c") {
            pus.insert(c.cpus.begin(), c.cpus.end());
        }
    }
    c2c_pus = static_cast<unsigned>(pus.size());
    // One core per NUMA node (16; both packages are among them), the first core's SMT sibling
    // and a second core of the first package.
    CHECK(c2c_pus == 18);
}

TEST_CASE("a cpuset that hides a package keeps its node in the package", "[topology][shapes]") {
    const SyntheticXml xml("pack:2 [numa] core:2 pu:1", "cpuset");
    // Allowed: the CPUs of package 0 and the memory of node 1 (a cgroup cpuset).
    std::string text;
    {
        std::ifstream in(xml.path);
        std::stringstream ss;
        ss << in.rdbuf();
        text = ss.str();
    }
    auto replace_first = [&text](const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    replace_first("allowed_cpuset=\"0x0000000f\"", "allowed_cpuset=\"0x00000003\"");
    replace_first("allowed_nodeset=\"0x00000003\"", "allowed_nodeset=\"0x00000002\"");
    std::ofstream(xml.path) << text;
    const Topology t = Topology::load(xml.path);
    REQUIRE(t.packages.size() == 2);
    REQUIRE(t.numa_nodes.size() == 1);
    CHECK(t.numa_nodes[0].os_index == 1);
    CHECK(t.numa_nodes[0].packages == std::vector<unsigned>{1});
    CHECK(t.packages[1].numa_nodes == std::vector<unsigned>{1});
    CHECK(t.packages[0].numa_nodes.empty()); // its node is outside the cpuset
    CHECK(t.pus == std::vector<unsigned>{0, 1});
}

// What a riscv64 kernel shows (docs/porting.md): QEMU's virt machine puts every hart in one
// package (cpu-map clusters, no sockets), so the NUMA split is not a package split.
TEST_CASE("one package over two NUMA nodes: noted, both nodes planned, pairs are 'package'",
          "[topology][shapes][riscv]") {
    const SyntheticXml xml("pack:1 numa:2 core:2 pu:1", "one-package");
    const Topology t = Topology::load(xml.path);
    REQUIRE(t.packages.size() == 1);
    REQUIRE(t.numa_nodes.size() == 2);
    CHECK(t.packages[0].numa_nodes == std::vector<unsigned>{0, 1});
    const auto notes = topology_notes(t);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].find("package 0 holds the CPUs of NUMA nodes 0,1") != std::string::npos);
    const HostPlan plan = plan_host(t, PlanOptions{}, [](int) { return MemoryBudget{}; });
    CHECK(plan.notes == notes);
    CHECK(roles_of(plan.cases, "host.read") == std::set<std::string>{"local", "far"});
    // A core of node 1 is in the pairs although it shares node 0's package.
    std::set<int> nodes;
    for (const auto& c : plan.cases) {
        if (c.path.id == "host.c2c") {
            CHECK(c.source.role.substr(0, c.source.role.find('-')) == "package");
            for (const unsigned pu : c.cpus) {
                nodes.insert(t.node_of_pu(pu));
            }
        }
    }
    CHECK(nodes == std::set<int>{0, 1});
}

namespace {

// Two nodes of two one-PU cores each, numbered as a riscv64 guest whose boot hart was hart 1:
// Linux calls the boot hart cpu0, so node 0 holds CPUs 1-2 and node 1 holds 0 and 3.
Topology shuffled_riscv_guest() {
    Topology t;
    t.source = "recorded";
    t.packages = {Package{0, "rv64", {0, 1, 2, 3}, {0, 1}}};
    t.numa_nodes = {NumaNode{0, 256 << 20, {1, 2}, {0}}, NumaNode{1, 256 << 20, {0, 3}, {0}}};
    t.pus = {0, 1, 2, 3};
    for (const unsigned pu : t.pus) {
        t.cores.push_back(Core{pu, 0, pu == 1 || pu == 2 ? 0 : 1, {pu}});
    }
    t.numa_distances = {{10, 20}, {20, 10}};
    t.distances_measured = true;
    return t;
}

std::set<unsigned> pus_of(const std::vector<Case>& cases, const std::string& path) {
    std::set<unsigned> pus;
    for (const auto& c : cases) {
        if (c.path.id == path) {
            pus.insert(c.cpus.begin(), c.cpus.end());
        }
    }
    return pus;
}

} // namespace

TEST_CASE("CPU numbers that are not node-contiguous: noted, threads chosen by node",
          "[topology][shapes][riscv]") {
    const Topology t = shuffled_riscv_guest();
    const auto notes = topology_notes(t);
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].find("package 0 holds the CPUs of NUMA nodes 0,1") != std::string::npos);
    CHECK(notes[1] == "topology: CPU numbers are not node-contiguous (node 0: 1-2, node 1: "
                      "0,3): CPUs are chosen by NUMA node, never by number");
    PlanOptions two;
    two.threads = 2;
    two.filter = "host\\.read/";
    // Node 0's threads run on its own CPUs 1 and 2, never on 0 and 1.
    CHECK(pus_of(plan_host_cases(t, two), "host.read") == std::set<unsigned>{1, 2});
    two.numa = parse_numa_pair("0:1");
    CHECK(pus_of(plan_host_cases(t, two), "host.read") == std::set<unsigned>{0, 3});
    two.numa.reset();
    CHECK(roles_of(plan_host_cases(t, two), "host.read") == std::set<std::string>{"local", "far"});
    // Core pairs: one within the first core's node and one across, as with any numbering (the
    // first other core, CPU 1, is on the other node here).
    std::set<bool> same_node;
    for (const auto& c : plan_host_cases(t, PlanOptions{})) {
        if (c.path.id == "host.c2c") {
            same_node.insert(t.node_of_pu(c.cpus[0]) == t.node_of_pu(c.cpus[1]));
        }
    }
    CHECK(same_node == std::set<bool>{true, false});
    CHECK(c2c_pus(t) == std::vector<unsigned>{0, 1, 3});
}

TEST_CASE("topology notes: none for an ordinary machine, then no packages and CPU-less nodes",
          "[topology][shapes][riscv]") {
    const SyntheticXml plain("pack:2 [numa] core:2 pu:2", "plain");
    CHECK(topology_notes(Topology::load(plain.path)).empty());

    // SMT siblings numbered after all cores (most x86 servers): node-contiguous by cores.
    Topology smt = shuffled_riscv_guest();
    smt.packages = {Package{0, "x86", {0, 1, 4, 5}, {0}}, Package{1, "x86", {2, 3, 6, 7}, {1}}};
    smt.numa_nodes = {NumaNode{0, 1 << 30, {0, 1, 4, 5}, {0}},
                      NumaNode{1, 1 << 30, {2, 3, 6, 7}, {1}}};
    smt.cores = {Core{0, 0, 0, {0, 4}}, Core{1, 0, 0, {1, 5}}, Core{2, 1, 1, {2, 6}},
                 Core{3, 1, 1, {3, 7}}};
    smt.pus = {0, 1, 2, 3, 4, 5, 6, 7};
    CHECK(topology_notes(smt).empty());

    Topology bare = shuffled_riscv_guest();
    bare.packages.clear();
    bare.numa_nodes = {NumaNode{0, 1 << 30, {0, 1, 2, 3}, {}}, NumaNode{1, 1 << 30, {}, {}}};
    for (Core& c : bare.cores) {
        c.numa_node = 0;
    }
    const auto notes = topology_notes(bare);
    REQUIRE(notes.size() == 2);
    CHECK(notes[0] == "topology: the kernel gives no packages: all CPUs are taken as one "
                      "package, so every core pair has role 'package'");
    CHECK(notes[1] == "topology: NUMA node 1 holds memory without CPUs (GPU or CXL memory): "
                      "measured as memory only, from CPUs of other nodes");
}

TEST_CASE("caches: assumed sizes are noted, sizes the kernel gave are not", "[host][riscv]") {
    // A sysfs without cache directories, as a riscv64 kernel whose device tree has no caches.
    CacheSizes assumed;
    assumed.llc = assumed.llc_all = std::uint64_t{32} << 20;
    assumed.source = "assumed";
    CHECK(cache_note(assumed) ==
          "caches: the kernel gives no cache sizes (no /sys/devices/system/cpu/cpuN/cache, no "
          "sysconf figure): the last level is assumed 32 MiB for the DRAM point and the store "
          "method (results: caches.source \"assumed\")");
    CacheSizes sysfs = assumed;
    sysfs.source = "sysfs";
    CHECK(cache_note(sysfs).empty());
}
