# A multi-NUMA machine, live: scripts/numa-vm.sh boots a Debian guest under QEMU with
# 2 NUMA nodes, then 2 CPU nodes + 1 memory-only node, runs linkperf inside and checks topology,
# roles, placement (and that a misplaced buffer is caught), core pairs and the join by role. It
# skips (77) with one line where the machine cannot: no qemu-system-x86_64, no busybox-static,
# no Debian kernel package reachable, not x86-64, or a cross build.
if(NOT CMAKE_CROSSCOMPILING)
  # Test-only LD_PRELOAD library: numa_alloc_onnode() places memory on another node, so the
  # guest has a really misplaced buffer for the placement check to catch.
  add_library(linkperf_test_misplace MODULE ${CMAKE_CURRENT_SOURCE_DIR}/numa_vm/misplace_preload.cpp)
  target_link_libraries(linkperf_test_misplace PRIVATE linkperf_warnings ${CMAKE_DL_LIBS})
  set_target_properties(linkperf_test_misplace PROPERTIES
    LIBRARY_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/lib)
  set(_vm_preload $<TARGET_FILE:linkperf_test_misplace>)
else()
  set(_vm_preload "")
endif()
add_test(NAME "numa-vm: NUMA guest under QEMU, 2 nodes and a CPU-less node: topology, roles, placement"
  COMMAND ${CMAKE_COMMAND} -E env LINKPERF_BIN=$<TARGET_FILE:linkperf>
    LINKPERF_VM_PRELOAD=${_vm_preload} LINKPERF_CROSS=$<BOOL:${CMAKE_CROSSCOMPILING}>
    bash ${PROJECT_SOURCE_DIR}/scripts/numa-vm.sh ${PROJECT_BINARY_DIR}/numa-vm-results)
# The script bounds itself (LINKPERF_NUMA_VM_SECONDS, 280 s) below ctest's limit; its 4 TCG
# vCPUs take both CI cores, so it runs alone.
set_tests_properties(
  "numa-vm: NUMA guest under QEMU, 2 nodes and a CPU-less node: topology, roles, placement"
  PROPERTIES LABELS "numa-vm;integration" SKIP_RETURN_CODE 77 TIMEOUT 300 RUN_SERIAL TRUE)

# The guest has no NCCL, which is how a linkperf that linked libnccl.so.2 (for its version
# string only) was found unable to start there: NCCL is loaded with dlopen, never NEEDED.
add_test(NAME "numa-vm: linkperf starts without NCCL (libnccl is not a load-time dependency)"
  COMMAND bash -c "command -v readelf >/dev/null || { echo 'no readelf (binutils)'; exit 77; }
readelf -d \"$<TARGET_FILE:linkperf>\" | grep -q 'NEEDED.*libnccl' && { echo 'linkperf needs libnccl.so.2 at load time'; exit 1; }
readelf -d \"$<TARGET_FILE:linkperf>\" | grep -c NEEDED")
set_tests_properties("numa-vm: linkperf starts without NCCL (libnccl is not a load-time dependency)"
  PROPERTIES LABELS "numa-vm;cli" SKIP_RETURN_CODE 77 TIMEOUT 30)

# A live RISC-V host (scripts/riscv-vm.sh): a riscv64 kernel with NUMA under
# qemu-system-riscv64, the cross-built linkperf inside, three shapes (QEMU's device tree booted
# three times and once with its harts reordered, sockets and caches, a memory-only node), joined
# by role with an x86 run. It
# skips (77) with one line without its packages (scripts/packages/riscv-vm.txt) or without the
# riscv64 build (scripts/test.sh --riscv64). The first run builds the kernel (minutes).
add_test(NAME "riscv-vm: riscv64 NUMA guest under QEMU, 3 shapes: topology, gaps, roles, placement"
  COMMAND ${CMAKE_COMMAND} -E env LINKPERF_BIN=$<TARGET_FILE:linkperf>
    LINKPERF_CROSS=$<BOOL:${CMAKE_CROSSCOMPILING}>
    LINKPERF_X86_VM_RESULTS=${PROJECT_BINARY_DIR}/numa-vm-results
    bash ${PROJECT_SOURCE_DIR}/scripts/riscv-vm.sh)
set_tests_properties(
  "riscv-vm: riscv64 NUMA guest under QEMU, 3 shapes: topology, gaps, roles, placement"
  PROPERTIES LABELS "riscv-vm;numa-vm;integration" SKIP_RETURN_CODE 77 TIMEOUT 2800 RUN_SERIAL TRUE
  DEPENDS "numa-vm: NUMA guest under QEMU, 2 nodes and a CPU-less node: topology, roles, placement")
linkperf_script_test("riscv-vm: device tree edits for sockets, caches and a memory-only node"
  ${CMAKE_CURRENT_SOURCE_DIR}/numa_vm/edit_dts_test.sh
  PROPERTIES LABELS "riscv-vm;integration" SKIP_RETURN_CODE 77 TIMEOUT 60)
