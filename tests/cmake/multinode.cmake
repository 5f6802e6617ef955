# Multi-node collectives: scripts/multinode.sh makes two hosts out of network and UTS
# namespaces and runs linkperf-coll across them under mpirun (every op, scaling 1 -> 2 hosts, a
# killed and a hung rank on the second host). It skips (77) with one line where the machine
# cannot: not root, no namespaces, no mpirun, built without MPI, or a cross build.
set(_mn_env LINKPERF_COLL=$<TARGET_FILE:linkperf-coll>
  LINKPERF_COLL_HAVE_MPI=$<BOOL:${LINKPERF_COLL_HAVE_MPI}>
  LINKPERF_CROSS=$<BOOL:${CMAKE_CROSSCOMPILING}>
  MPIEXEC=${MPIEXEC_EXECUTABLE})
add_test(NAME "multinode: 2 hosts x 2 ranks over TCP, every op, killed and hung rank"
  COMMAND ${CMAKE_COMMAND} -E env ${_mn_env} bash ${PROJECT_SOURCE_DIR}/scripts/multinode.sh)
# The script bounds itself (LINKPERF_MULTINODE_SECONDS, 240 s) below ctest's limit, so its
# cleanup runs; its ranks share the CI's 2 cores with nothing else.
set_tests_properties("multinode: 2 hosts x 2 ranks over TCP, every op, killed and hung rank"
  PROPERTIES LABELS "multinode;coll;integration" SKIP_RETURN_CODE 77 TIMEOUT 300 RUN_SERIAL TRUE)
