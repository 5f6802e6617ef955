// Test-only LD_PRELOAD library of scripts/numa-vm.sh and scripts/riscv-vm.sh: memory linkperf
// asks on one NUMA node is placed on node $LINKPERF_TEST_MISPLACE_TO instead, so a run inside
// the NUMA guest has a really misplaced buffer and its placement check (move_pages) must say so.
// Two ways in, as libnuma is linked: numa_alloc_onnode() where libnuma is a shared library (the
// x86 guest); the mbind system call where libnuma is linked statically into linkperf (the
// riscv64 cross build: its mbind() calls libc's syscall(), which this library interposes).
// Never loaded outside those tests.
#include <dlfcn.h>
#include <sys/syscall.h>

#include <cstdarg>
#include <cstddef>
#include <cstdlib>
#include <vector>

namespace {

int misplace_to() {
    const char* to = std::getenv("LINKPERF_TEST_MISPLACE_TO");
    return to != nullptr && *to != '\0' ? std::atoi(to) : -1;
}

} // namespace

extern "C" void* numa_alloc_onnode(std::size_t size, int node) {
    using Fn = void* (*)(std::size_t, int);
    static const Fn real = reinterpret_cast<Fn>(::dlsym(RTLD_NEXT, "numa_alloc_onnode"));
    if (const int to = misplace_to(); to >= 0) {
        node = to;
    }
    return real != nullptr ? real(size, node) : nullptr;
}

// mbind(start, len, mode, nodemask, maxnode, flags) with a non-empty node mask gets a mask of
// node $LINKPERF_TEST_MISPLACE_TO only; every other system call goes through unchanged.
extern "C" long syscall(long number, ...) {
    using Fn = long (*)(long, ...);
    static const Fn real = reinterpret_cast<Fn>(::dlsym(RTLD_NEXT, "syscall"));
    va_list ap;
    va_start(ap, number);
    long a[6];
    for (long& x : a) {
        x = va_arg(ap, long);
    }
    va_end(ap);
    std::vector<unsigned long> mask;
    const int to = misplace_to();
    constexpr unsigned long bits = 8 * sizeof(unsigned long);
    if (number == SYS_mbind && to >= 0 && a[3] != 0 && static_cast<unsigned long>(to) < static_cast<unsigned long>(a[4])) {
        mask.assign((static_cast<unsigned long>(a[4]) + bits - 1) / bits, 0);
        mask[static_cast<unsigned long>(to) / bits] = 1UL << (static_cast<unsigned long>(to) % bits);
        a[3] = reinterpret_cast<long>(mask.data());
    }
    return real != nullptr ? real(number, a[0], a[1], a[2], a[3], a[4], a[5]) : -1;
}
