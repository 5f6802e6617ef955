# Cross build for aarch64 Linux with Debian's g++-aarch64-linux-gnu (scripts/cross-aarch64.sh);
# the same scheme as riscv64-linux-gnu.cmake, with its sysroot in build-aarch64/sysroot.
set(LINKPERF_CROSS_TRIPLE aarch64-linux-gnu)
set(LINKPERF_CROSS_QEMU qemu-aarch64)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
include(${CMAKE_CURRENT_LIST_DIR}/linux-gnu-cross.cmake)
