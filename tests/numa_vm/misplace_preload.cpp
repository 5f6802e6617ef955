// Test-only LD_PRELOAD library of scripts/numa-vm.sh: numa_alloc_onnode() places the memory on
// node $LINKPERF_TEST_MISPLACE_TO instead of the node linkperf asked for, so a run inside the
// NUMA guest has a really misplaced buffer and its placement check (move_pages) must say so.
// Never loaded outside that test.
#include <dlfcn.h>

#include <cstddef>
#include <cstdlib>

extern "C" void* numa_alloc_onnode(std::size_t size, int node) {
    using Fn = void* (*)(std::size_t, int);
    static const Fn real = reinterpret_cast<Fn>(::dlsym(RTLD_NEXT, "numa_alloc_onnode"));
    if (const char* to = std::getenv("LINKPERF_TEST_MISPLACE_TO"); to != nullptr && *to != '\0') {
        node = std::atoi(to);
    }
    return real != nullptr ? real(size, node) : nullptr;
}
