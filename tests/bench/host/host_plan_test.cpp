// Host-link plan expansion on real machine exports (DGX-2, POWER8): the threads' node, memory
// roles, the thread sweep, overrides, filters and the host.c2c core pairs. Expected values are
// derived from the loaded topology, never typed in.
#include "bench/host/host_plan.hpp"
#include "core/error.hpp"
#include "platform/topology.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <iterator>
#include <set>
#include <string>

using namespace linkperf;
using namespace linkperf::bench;

namespace {

const std::string kData = LINKPERF_TEST_DATA;

Topology load(const std::string& name) {
    return Topology::load(kData + "/topologies/" + name);
}

std::vector<Case> of_path(const std::vector<Case>& cases, const std::string& path) {
    std::vector<Case> out;
    std::copy_if(cases.begin(), cases.end(), std::back_inserter(out),
                 [&](const Case& c) { return c.path.id == path; });
    return out;
}

std::set<unsigned> threads_of(const std::vector<Case>& cases) {
    std::set<unsigned> t;
    for (const Case& c : cases) {
        t.insert(c.threads);
    }
    return t;
}

unsigned cores_on(const Topology& t, unsigned node) {
    return static_cast<unsigned>(std::count_if(t.cores.begin(), t.cores.end(), [&](const Core& c) {
        return c.numa_node == static_cast<int>(node);
    }));
}

const Core* core_of(const Topology& t, unsigned pu) {
    for (const Core& c : t.cores) {
        if (std::find(c.pus.begin(), c.pus.end(), pu) != c.pus.end()) {
            return &c;
        }
    }
    return nullptr;
}

ExitCode code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    return ExitCode::ok;
}

} // namespace

TEST_CASE("threads run on the node nearest GPU 0, else on the first node with CPUs",
          "[host][plan]") {
    for (const char* file : {"nvidiaDGX2.xml", "power8gpudistances.xml"}) {
        INFO(file);
        Topology t = load(file);
        REQUIRE_FALSE(t.gpus.empty());
        CHECK(default_cpu_node(t) == static_cast<unsigned>(t.gpus.front().nearest_numa));
        // Put a GPU of the other socket first: the default follows it.
        const auto other = std::find_if(t.gpus.begin(), t.gpus.end(), [&](const GpuLocation& g) {
            return g.nearest_numa != t.gpus.front().nearest_numa;
        });
        REQUIRE(other != t.gpus.end());
        std::iter_swap(t.gpus.begin(), other);
        CHECK(default_cpu_node(t) == static_cast<unsigned>(t.gpus.front().nearest_numa));
        t.gpus.clear();
        CHECK(default_cpu_node(t) == t.nodes_with_cpus().front());
    }
}

TEST_CASE("memory roles: local, and near/far by NUMA distance", "[host][plan]") {
    const Topology dgx = load("nvidiaDGX2.xml");
    // One remote distance class: the other node is far.
    CHECK(memory_role(dgx, 0, 0) == "local");
    CHECK(memory_role(dgx, 1, 0) == "far");
    CHECK(memory_role(dgx, 0, 1) == "far");

    // Four nodes at 10/16/16/32 from node 0 (a two-socket machine with sub-NUMA clustering).
    Topology t;
    for (unsigned n = 0; n < 4; ++n) {
        t.numa_nodes.push_back({n, 1ULL << 30, {n}, {0}});
    }
    t.numa_distances = {{10, 16, 16, 32}, {16, 10, 32, 16}, {16, 32, 10, 16}, {32, 16, 16, 10}};
    CHECK(memory_role(t, 0, 0) == "local");
    CHECK(memory_role(t, 1, 0) == "near");
    CHECK(memory_role(t, 2, 0) == "near");
    CHECK(memory_role(t, 3, 0) == "far");
    CHECK(memory_role(t, 0, 3) == "far");
}

TEST_CASE("the quick plan on the DGX-2: local and far memory, threads 1 and all cores",
          "[host][plan]") {
    const Topology t = load("nvidiaDGX2.xml");
    const unsigned node = default_cpu_node(t);
    const unsigned cores = cores_on(t, node);
    const auto cases = plan_host_cases(t, PlanOptions{});
    for (const char* path : {"host.copy", "host.read", "host.write"}) {
        INFO(path);
        const auto bw = of_path(cases, path);
        REQUIRE_FALSE(bw.empty());
        CHECK(threads_of(bw) == std::set<unsigned>{1, cores});
        std::set<std::string> roles;
        for (const Case& c : bw) {
            const bool write = c.path.id == "host.write";
            const Endpoint& memory = write ? c.destination : c.source;
            const Endpoint& cpu = write ? c.source : c.destination;
            CHECK(memory.kind == EndpointKind::host_memory);
            CHECK(cpu.id == static_cast<int>(node));
            CHECK(memory.role == memory_role(t, static_cast<unsigned>(memory.id), node));
            roles.insert(memory.role);
            CHECK(c.cpus.size() == c.threads);
            for (const unsigned pu : c.cpus) {
                CHECK(t.node_of_pu(pu) == static_cast<int>(node));
            }
            if (c.path.id == "host.copy") {
                CHECK(c.destination.kind == EndpointKind::host_memory);
                CHECK(c.destination.role == "local");
                CHECK(c.path.bytes_counted.find("once") != std::string::npos);
            }
        }
        CHECK(roles == std::set<std::string>{"local", "far"});
    }
    const auto lat = of_path(cases, "host.latency");
    REQUIRE_FALSE(lat.empty());
    std::set<std::uint64_t> sizes;
    for (const Case& c : lat) {
        CHECK(c.threads == 1);
        sizes.insert(c.size_bytes);
    }
    CHECK(*sizes.begin() == 4096);
    CHECK(*sizes.rbegin() == 256u << 20);
}

TEST_CASE("thread sweeps: standard 1, N/2, N; full 1, 2, 4 .. N; --threads caps them",
          "[host][plan]") {
    const Topology t = load("power8gpudistances.xml");
    const unsigned node = default_cpu_node(t);
    const unsigned n = cores_on(t, node);
    REQUIRE(n >= 4);
    PlanOptions o;
    o.suite = Suite::standard;
    CHECK(threads_of(of_path(plan_host_cases(t, o), "host.read")) ==
          std::set<unsigned>{1, n / 2, n});
    o.suite = Suite::full;
    std::set<unsigned> full{n};
    for (unsigned k = 1; k < n; k *= 2) {
        full.insert(k);
    }
    CHECK(threads_of(of_path(plan_host_cases(t, o), "host.write")) == full);
    o.threads = 2;
    CHECK(threads_of(of_path(plan_host_cases(t, o), "host.copy")) == std::set<unsigned>{1, 2});
    // One thread per core first: two threads are on two different cores.
    for (const Case& c : of_path(plan_host_cases(t, o), "host.copy")) {
        if (c.threads == 2) {
            CHECK(core_of(t, c.cpus[0]) != core_of(t, c.cpus[1]));
        }
    }
    // More threads than the node has PUs: an environment error (exit 3).
    o.threads = static_cast<unsigned>(t.numa_nodes.at(t.node_position(node)).cpus.size()) + 1;
    CHECK(code_of([&] { (void)plan_host_cases(t, o); }) == ExitCode::environment);
}

TEST_CASE("numa, cpus and sizes options override the plan; bad ones are environment errors",
          "[host][plan]") {
    const Topology t = load("power8gpudistances.xml");
    PlanOptions o;
    o.numa = NumaPair{1, 0};
    o.sizes = std::vector<std::uint64_t>{1 << 20};
    const auto cases = plan_host_cases(t, o);
    for (const Case& c : cases) {
        if (c.path.id == "host.c2c") {
            continue;
        }
        CHECK(c.size_bytes == 1u << 20);
        const bool write = c.path.id == "host.write";
        const Endpoint& memory = write ? c.destination : c.source;
        CHECK(memory.id == 1);
        CHECK(memory.role == "far");
        for (const unsigned pu : c.cpus) {
            CHECK(t.node_of_pu(pu) == 0);
        }
    }
    CHECK_FALSE(of_path(cases, "host.latency").empty());

    PlanOptions cpus;
    cpus.cpus = {t.numa_nodes.back().cpus.front()};
    for (const Case& c : plan_host_cases(t, cpus)) {
        if (c.path.id != "host.c2c") {
            CHECK(c.cpus == cpus.cpus);
        }
    }

    PlanOptions bad_node;
    bad_node.numa = NumaPair{7, 0};
    CHECK(code_of([&] { (void)plan_host_cases(t, bad_node); }) == ExitCode::environment);
    PlanOptions bad_cpu;
    bad_cpu.cpus = {4242};
    CHECK(code_of([&] { (void)plan_host_cases(t, bad_cpu); }) == ExitCode::environment);
}

TEST_CASE("host.c2c pairs: one core per package plus an SMT sibling, named by relation",
          "[host][plan]") {
    const Topology t = load("power8gpudistances.xml");
    const auto pus = c2c_pus(t);
    std::set<unsigned> packages;
    std::set<std::string> relations;
    std::set<std::string> roles;
    for (const unsigned pu : pus) {
        REQUIRE(core_of(t, pu) != nullptr);
        packages.insert(core_of(t, pu)->package);
    }
    CHECK(packages.size() == t.packages.size());
    const auto cases = of_path(plan_host_cases(t, PlanOptions{}), "host.c2c");
    CHECK(cases.size() == pus.size() * (pus.size() - 1) / 2);
    for (const Case& c : cases) {
        CHECK(c.source.kind == EndpointKind::core);
        CHECK(c.destination.kind == EndpointKind::core);
        REQUIRE(c.cpus.size() == 2);
        CHECK(c.source.id == static_cast<int>(c.cpus[0]));
        CHECK(c.destination.id == static_cast<int>(c.cpus[1]));
        const Core* a = core_of(t, c.cpus[0]);
        const Core* b = core_of(t, c.cpus[1]);
        const std::string want = a == b ? "smt" : a->package == b->package ? "package" : "remote";
        // The first pair of a relation carries its name, later ones "<relation>-<n>".
        CHECK(c.source.role.rfind(want, 0) == 0);
        CHECK(c.destination.role == c.source.role);
        CHECK(roles.insert(c.source.role).second); // unique: reports join on it
        relations.insert(want);
    }
    CHECK(roles.count("remote-2") == 1);
    // POWER8 has SMT, two cores per package here and two packages: every relation appears.
    CHECK(relations == std::set<std::string>{"smt", "package", "remote"});
}

TEST_CASE("the filter keeps the matching host cases only", "[host][plan]") {
    const Topology t = load("nvidiaDGX2.xml");
    const auto all = plan_host_cases(t, PlanOptions{});
    const auto lat = apply_filter(all, std::string("^host\\.latency/"));
    CHECK_FALSE(lat.empty());
    CHECK(lat.size() == of_path(all, "host.latency").size());
    const auto one = apply_filter(all, std::string("host\\.copy/node1/node0/256M/threads:1$"));
    REQUIRE(one.size() == 1);
    CHECK(one.front().source.role == "far");
    CHECK(code_of([&] { (void)apply_filter(all, std::string("([")); }) == ExitCode::usage);
}

TEST_CASE("the cold option adds a twin of every single-thread read and latency case",
          "[host][plan][cold]") {
    const Topology t = load("nvidiaDGX2.xml");
    const auto warm = plan_host_cases(t, PlanOptions{});
    CHECK(of_path(warm, "host.read.cold").empty()); // opt-in: the default plan has none
    CHECK(of_path(warm, "host.latency.cold").empty());
    PlanOptions o;
    o.cold_cache = true;
    const auto with_cold = plan_host_cases(t, o);
    // A recorded topology's caches are not known: every size gets its twin.
    std::vector<Case> reads;
    for (const Case& c : of_path(warm, "host.read")) {
        if (c.threads == 1) {
            reads.push_back(c);
        }
    }
    const auto cold_reads = of_path(with_cold, "host.read.cold");
    REQUIRE(cold_reads.size() == reads.size());
    for (std::size_t i = 0; i < reads.size(); ++i) {
        CHECK(cold_reads[i].size_bytes == reads[i].size_bytes);
        CHECK(cold_reads[i].source.role == reads[i].source.role);
        CHECK(cold_reads[i].cpus == reads[i].cpus);
        CHECK(cold_reads[i].path.metric == Metric::bandwidth);
    }
    CHECK(of_path(with_cold, "host.latency.cold").size() == of_path(warm, "host.latency").size());
    CHECK(with_cold.size() ==
          warm.size() + cold_reads.size() + of_path(warm, "host.latency").size());
}

TEST_CASE("cold twins only at sizes that fit in the last-level cache", "[host][plan][cold]") {
    std::vector<Case> cases;
    for (const std::uint64_t size : {4ULL << 10, 1ULL << 20, 8ULL << 20, 64ULL << 20}) {
        for (const Path& p : {host_read_path(), host_latency_path(), host_copy_path()}) {
            Case c;
            c.path = p;
            c.size_bytes = size;
            c.threads = 1;
            cases.push_back(c);
        }
        Case many;
        many.path = host_read_path();
        many.size_bytes = size;
        many.threads = 4; // a cold pass is one thread's
        cases.push_back(many);
    }
    const auto twins = cold_twins(cases, 8ULL << 20);
    REQUIRE(twins.size() == 6); // read and latency at 4K, 1M and 8M
    for (const Case& c : twins) {
        CHECK(c.size_bytes <= (8ULL << 20));
        CHECK(c.threads == 1);
        CHECK((c.path.id == "host.read.cold" || c.path.id == "host.latency.cold"));
    }
    CHECK(cold_twins(cases, 0).size() == 8); // unknown cache: every size
}
