// A CPU-less NUMA node (GPU or CXL memory) as hwloc gives it on a live machine: with the CPUs of
// the node nearest to it (its locality). The kernel's cpulist decides (found by the NUMA guest
// of scripts/numa-vm.sh, where node 2 had no CPUs but `topo` showed node 0's).
#include "bench/host/host_plan.hpp"
#include "core/error.hpp"
#include "platform/sysfs_pci.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace linkperf;

TEST_CASE("a CPU-less node keeps no CPUs hwloc lent it", "[topo]") {
    // GH200: node 0 = Grace's 72 cores, node 1 = the GPU's HBM (empty cpulist).
    const SysfsMachine m = read_sysfs_machine(std::string(LINKPERF_TEST_DATA) + "/sysfs/gh200");
    Topology t;
    t.source = "gh200 (test)";
    NumaNode grace;
    grace.os_index = 0;
    NumaNode hbm;
    hbm.os_index = 1;
    for (unsigned pu = 0; pu < 72; ++pu) {
        grace.cpus.push_back(pu);
        hbm.cpus.push_back(pu); // hwloc: the locality of the nearest node
        t.pus.push_back(pu);
        Core c;
        c.pus = {pu};
        c.numa_node = 0;
        t.cores.push_back(c);
    }
    t.numa_nodes = {grace, hbm};
    t.numa_distances = {{10, 80}, {80, 10}};

    clear_cpus_of_cpuless_nodes(t, m);
    CHECK(t.numa_nodes[0].cpus.size() == 72);
    CHECK(t.numa_nodes[1].cpus.empty());
    CHECK(t.nodes_with_cpus() == std::vector<unsigned>{0});
    CHECK(t.node_of_pu(5) == 0);

    // Threads on the HBM node: one clear environment error; its memory from node 0 is far.
    PlanOptions o;
    o.sizes = std::vector<std::uint64_t>{4096};
    o.numa = NumaPair{1, 0};
    CHECK(bench::plan_host_cases(t, o).size() > 0);
    o.numa = NumaPair{0, 1};
    CHECK_THROWS_WITH(bench::plan_host_cases(t, o), "NUMA node 1 has no CPUs to measure from");
}
