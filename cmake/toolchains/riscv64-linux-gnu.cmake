# Cross build for riscv64 Linux with Debian's g++-riscv64-linux-gnu (scripts/cross-riscv64.sh).
# Libraries come from a sysroot of host dependencies built from Debian's source packages
# (LINKPERF_CROSS_SYSROOT, default build-riscv64/sysroot) and from the cross glibc in
# /usr/riscv64-linux-gnu; nothing is taken from the build machine's own x86_64 libraries.
# Binaries run under qemu-user through CMAKE_CROSSCOMPILING_EMULATOR (try_run, ctest).
set(LINKPERF_CROSS_TRIPLE riscv64-linux-gnu)
set(LINKPERF_CROSS_QEMU qemu-riscv64)
set(CMAKE_SYSTEM_PROCESSOR riscv64)
include(${CMAKE_CURRENT_LIST_DIR}/linux-gnu-cross.cmake)
