// LD_PRELOAD library of the riscv64 guest (scripts/riscv-vm.sh; init.c preloads it in every
// step): clock_gettime() and gettimeofday() by system call, not through the vDSO.
// Why: the guest's kernel (linux-source-6.1, tinyconfig + scripts/vm/kernel-riscv64.config) has no
// CONFIG_JUMP_LABEL, and 6.1's riscv vDSO then compiles cpu_relax() (arch/riscv/include/asm/vdso/
// processor.h: static_branch_likely on riscv_isa_ext_keys) into a load through a GOT slot the vDSO
// never relocates. A clock_gettime that meets an odd seqcount (the timekeeping update running on
// another CPU, frequent under TCG on a loaded host) takes that path and dies with SIGSEGV at
// address 0x4 (epc in the vDSO's cpu_relax, called from __vdso_clock_gettime): seen in about one
// linkperf run in ten, mostly in host.c2c. A kernel with CONFIG_JUMP_LABEL=y (Debian's own) has a
// patched-out branch there instead of the load. Calls inside glibc itself still use the vDSO.
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

int clock_gettime(clockid_t clock, struct timespec* ts) {
    return (int)syscall(SYS_clock_gettime, clock, ts);
}

int gettimeofday(struct timeval* restrict tv, void* restrict tz) {
    (void)tz;
    struct timespec ts;
    const int rc = clock_gettime(CLOCK_REALTIME, &ts);
    if (rc == 0) {
        tv->tv_sec = ts.tv_sec;
        tv->tv_usec = ts.tv_nsec / 1000;
    }
    return rc;
}
