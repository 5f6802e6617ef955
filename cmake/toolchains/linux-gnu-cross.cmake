# The part of the Linux cross toolchains shared by every ISA; the including file sets
# LINKPERF_CROSS_TRIPLE (the Debian triplet), LINKPERF_CROSS_QEMU (qemu-<isa>, run as
# qemu-<isa>-static from qemu-user-static) and CMAKE_SYSTEM_PROCESSOR.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_C_COMPILER ${LINKPERF_CROSS_TRIPLE}-gcc)
set(CMAKE_CXX_COMPILER ${LINKPERF_CROSS_TRIPLE}-g++)

# The sysroot of dependencies: a -D value, else the environment, else build-<isa>/sysroot.
if(NOT LINKPERF_CROSS_SYSROOT)
  if(DEFINED ENV{LINKPERF_CROSS_SYSROOT})
    set(LINKPERF_CROSS_SYSROOT $ENV{LINKPERF_CROSS_SYSROOT})
  else()
    set(LINKPERF_CROSS_SYSROOT
      ${CMAKE_CURRENT_LIST_DIR}/../../build-${CMAKE_SYSTEM_PROCESSOR}/sysroot)
  endif()
endif()
get_filename_component(LINKPERF_CROSS_SYSROOT ${LINKPERF_CROSS_SYSROOT} ABSOLUTE)
# try_compile projects read this file again and must see the same sysroot.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES LINKPERF_CROSS_SYSROOT)

# The cross glibc and libstdc++ (libc6-dev-<arch>-cross) are the compiler's own sysroot; the
# dependency sysroot is searched beside it. Programs (pkg-config, python3) are the build
# machine's; libraries, headers and CMake packages only ever come from the two roots, so the
# build machine's x86_64 MPI, hwloc or benchmark can never be picked up.
set(LINKPERF_CROSS_LIBC /usr/${LINKPERF_CROSS_TRIPLE})
set(CMAKE_FIND_ROOT_PATH ${LINKPERF_CROSS_SYSROOT} ${LINKPERF_CROSS_LIBC})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# MPI is optional for linkperf and the sysroot has none: the host ranks stay an x86 matter.
set(CMAKE_DISABLE_FIND_PACKAGE_MPI ON)

# pkg-config reads only the sysroot's .pc files (their paths are absolute already).
set(ENV{PKG_CONFIG_LIBDIR}
  "${LINKPERF_CROSS_SYSROOT}/usr/lib/pkgconfig:${LINKPERF_CROSS_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
unset(ENV{PKG_CONFIG_SYSROOT_DIR})

# try_run, catch_discover_tests and ctest run target binaries under user-mode qemu; the
# environment variable tells linkperf (host_info.cpp) that its figures are emulated.
find_program(LINKPERF_CROSS_QEMU_PATH ${LINKPERF_CROSS_QEMU}-static REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR
  /usr/bin/env LINKPERF_EMULATOR=${LINKPERF_CROSS_QEMU}
  ${LINKPERF_CROSS_QEMU_PATH} -L ${LINKPERF_CROSS_LIBC})
