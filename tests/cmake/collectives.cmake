# Collectives (linkperf-coll; its pure logic has unit tests in tests/collectives/): the MPI
# backend runs for real under Open MPI (2 and 4 ranks, every op, 0 wrong), with fault and
# bad-input tests; NCCL runs carry the gpu label and skip (77) without a device.
linkperf_test_exe(linkperf-coll _coll_exe)
set(_coll ${CMAKE_CURRENT_SOURCE_DIR}/collectives)
set(_coll_env
  LINKPERF_COLL=${_coll_exe}
  LINKPERF_COLL_HAVE_MPI=$<BOOL:${LINKPERF_COLL_HAVE_MPI}>
  LINKPERF_COLL_HAVE_NCCL=$<BOOL:${LINKPERF_COLL_HAVE_NCCL}>
  MPIEXEC=${MPIEXEC_EXECUTABLE}
  LINKPERF=${LINKPERF_EXE}
  LINKPERF_CHECK_RESULTS=${_coll}/check_coll_results.py)
if(LINKPERF_SANITIZE)
  # Open MPI's runtime leaks by design, much of it inside MCA components it has unloaded by
  # exit ("<unknown module>" frames no suppression can match): leak checks stay on for the
  # unit tests; the MPI ranks keep every other AddressSanitizer check.
  list(APPEND _coll_env ASAN_OPTIONS=detect_leaks=0)
endif()

function(linkperf_coll_test name script)
  add_test(NAME "coll: ${name}" COMMAND ${CMAKE_COMMAND} -E env ${_coll_env} bash ${_coll}/${script} ${ARGN})
  set_tests_properties("coll: ${name}" PROPERTIES LABELS "coll;integration" TIMEOUT 300
    SKIP_RETURN_CODE 77)
endfunction()

linkperf_coll_test("bad input gets a documented exit code" bad_input.sh)
linkperf_coll_test("the documented op table entry is the real one" docs_op_entry.sh)
if(LINKPERF_COLL_HAVE_MPI)
  # Oversubscribed ranks share the 2 cores of CI: run these one at a time.
  linkperf_coll_test("mpi 2 ranks, every op, 0 wrong" mpi_all_ops.sh 2)
  linkperf_coll_test("mpi 4 ranks, every op, 0 wrong" mpi_all_ops.sh 4)
  linkperf_coll_test("mpi types and reductions" mpi_types.sh)
  linkperf_coll_test("mpi --budget bounds each size, with progress lines" mpi_budget.sh)
  linkperf_coll_test("mpi nccl-tests sizes rounded, the gate fails a 20% worse copy"
    mpi_nccl_sizes.sh)
  linkperf_coll_test("mpi scaling 2 and 4 ranks" mpi_scaling.sh)
  linkperf_coll_test("mpi --repeat: one entry per pass, read by the run-level gate" mpi_repeat.sh)
  linkperf_coll_test("a killed rank ends the job" mpi_rank_dies.sh)
  linkperf_coll_test("a hung rank ends the job within --timeout" mpi_rank_hangs.sh)
  linkperf_coll_test("all on one process skips p2p with a note" all_one_rank.sh)
  linkperf_coll_test("Ctrl-C keeps and names the partial results, no lock left" interrupt.sh)
  set_tests_properties(
    "coll: mpi 2 ranks, every op, 0 wrong" "coll: mpi 4 ranks, every op, 0 wrong"
    "coll: mpi types and reductions" "coll: mpi scaling 2 and 4 ranks"
    "coll: mpi nccl-tests sizes rounded, the gate fails a 20% worse copy"
    "coll: a killed rank ends the job" "coll: a hung rank ends the job within --timeout"
    "coll: Ctrl-C keeps and names the partial results, no lock left"
    PROPERTIES RUN_SERIAL TRUE)
endif()
linkperf_coll_test("nccl single rank end to end" nccl_single_rank.sh)
set_tests_properties("coll: nccl single rank end to end" PROPERTIES LABELS "coll;gpu")
