#include "platform/cpu_binding.hpp"

#include "core/error.hpp"

#include <hwloc.h>

#include <mutex>
#include <string>

namespace linkperf {
namespace {

// One live topology for binding, loaded on first use; binding never goes through an XML
// export, which describes another machine.
hwloc_topology_t live_topology() {
    static std::once_flag once;
    static hwloc_topology_t topo = nullptr;
    std::call_once(once, [] {
        hwloc_topology_t t = nullptr;
        if (hwloc_topology_init(&t) != 0 || hwloc_topology_load(t) != 0) {
            throw environment_error("hwloc cannot load the live topology for thread binding");
        }
        topo = t;
    });
    return topo;
}

std::string list_text(const std::vector<unsigned>& pus) {
    std::string s;
    for (const unsigned p : pus) {
        s += (s.empty() ? "" : ",") + std::to_string(p);
    }
    return s;
}

} // namespace

ThreadBinding::ThreadBinding(const std::vector<unsigned>& pus) : pus_(pus) {
    hwloc_topology_t topo = live_topology();
    if (pus.empty()) {
        throw environment_error("cannot bind a thread to an empty cpu set");
    }
    hwloc_bitmap_t set = hwloc_bitmap_alloc();
    hwloc_const_bitmap_t allowed = hwloc_topology_get_allowed_cpuset(topo);
    for (const unsigned p : pus) {
        if (!hwloc_bitmap_isset(allowed, p)) {
            hwloc_bitmap_free(set);
            throw environment_error("CPU " + std::to_string(p) +
                                    " does not exist or is not allowed on this machine");
        }
        hwloc_bitmap_set(set, p);
    }
    hwloc_bitmap_t previous = hwloc_bitmap_alloc();
    if (hwloc_get_cpubind(topo, previous, HWLOC_CPUBIND_THREAD) != 0) {
        hwloc_bitmap_copy(previous, hwloc_topology_get_allowed_cpuset(topo));
    }
    const int rc = hwloc_set_cpubind(topo, set, HWLOC_CPUBIND_THREAD | HWLOC_CPUBIND_STRICT);
    hwloc_bitmap_free(set);
    if (rc != 0) {
        hwloc_bitmap_free(previous);
        throw environment_error("cannot bind the thread to CPUs " + list_text(pus));
    }
    previous_ = previous;
}

ThreadBinding::~ThreadBinding() {
    auto* previous = static_cast<hwloc_bitmap_t>(previous_);
    if (previous != nullptr) {
        hwloc_set_cpubind(live_topology(), previous, HWLOC_CPUBIND_THREAD);
        hwloc_bitmap_free(previous);
    }
}

int current_pu() {
    hwloc_bitmap_t set = hwloc_bitmap_alloc();
    int pu = -1;
    if (hwloc_get_last_cpu_location(live_topology(), set, HWLOC_CPUBIND_THREAD) == 0) {
        pu = hwloc_bitmap_first(set);
    }
    hwloc_bitmap_free(set);
    return pu;
}

std::vector<unsigned> current_binding() {
    std::vector<unsigned> out;
    hwloc_bitmap_t set = hwloc_bitmap_alloc();
    if (hwloc_get_cpubind(live_topology(), set, HWLOC_CPUBIND_THREAD) == 0) {
        int i = -1;
        while ((i = hwloc_bitmap_next(set, i)) != -1) {
            out.push_back(static_cast<unsigned>(i));
        }
    }
    hwloc_bitmap_free(set);
    return out;
}

} // namespace linkperf
