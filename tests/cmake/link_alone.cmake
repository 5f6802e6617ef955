# Each library links alone: for every library, a tiny program (tests/build/link_alone.cpp) that
# calls one of its functions and links that library target and nothing else; what the library
# declares (its PUBLIC and PRIVATE dependencies) comes along, as for any consumer. The archive
# is linked whole (WHOLE_ARCHIVE), so every object in it must resolve against the library and
# what it declares, not only the object the call pulls in: a library that needs a symbol from
# one it does not declare -- a link cycle, such as node calling into gpu without linking it --
# fails.
# The programs are ordinary targets of the default build rather than builds a test starts: a
# library that stops linking alone breaks `cmake --build` at once, naming the library and the
# missing symbol; no nested build competes with ctest -j for the cores; and cross builds get
# them for free (the tests run each under the emulator). The test runs each program, so every
# object's static initialisation runs too.
set(_link_alone_libraries core platform gpu bench results_model gate reports fleet history node run
  coll_ops)
if(LINKPERF_HAVE_CUDA)
  list(APPEND _link_alone_libraries cuda_resources)
endif()
foreach(_lib IN LISTS _link_alone_libraries)
  string(TOUPPER ${_lib} _upper)
  add_executable(link_alone_${_lib} ${CMAKE_CURRENT_SOURCE_DIR}/build/link_alone.cpp)
  target_compile_definitions(link_alone_${_lib} PRIVATE LINK_ALONE_${_upper})
  target_link_libraries(link_alone_${_lib} PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,linkperf_${_lib}>"
    linkperf_warnings)
  add_test(NAME "build: linkperf_${_lib} links alone" COMMAND link_alone_${_lib})
  set_tests_properties("build: linkperf_${_lib} links alone" PROPERTIES LABELS build TIMEOUT 60)
endforeach()
if(LINKPERF_HAVE_CUDA)
  # By design it brings no CUDA runtime: linkperf_gpu links the shared one, linkperf-coll the
  # static one. The program supplies one, as each of its consumers does.
  target_link_libraries(link_alone_cuda_resources PRIVATE CUDA::cudart)
endif()

# What may include what (the table is in tests/build/layering.sh): reports and core never
# include hwloc, libnuma or CUDA; the CUDA layer never includes the file writers.
add_test(NAME "build: includes follow the layering rules"
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/build/layering.sh ${PROJECT_SOURCE_DIR})
set_tests_properties("build: includes follow the layering rules" PROPERTIES LABELS build
  TIMEOUT 120)

# A declared dependency cycle among targets fails configure (GLOBAL_DEPENDS_NO_CYCLES): the
# test configures the project with one planted, in a few seconds.
add_test(NAME "build: a declared dependency cycle fails configure"
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/build/dependency_cycle.sh ${PROJECT_SOURCE_DIR}
    ${CMAKE_GENERATOR})
set_tests_properties("build: a declared dependency cycle fails configure" PROPERTIES
  LABELS build TIMEOUT 120)

# linkperf-coll links only the libraries it uses (the layering check keeps it from including
# any other): of the project's own, coll_ops, platform, core and, for NCCL, cuda_resources.
get_target_property(_coll_links linkperf-coll LINK_LIBRARIES)
set(_coll_uses linkperf_coll_ops linkperf_platform linkperf_core linkperf_cuda_resources
  linkperf_warnings)
set(_coll_extra "")
foreach(_l IN LISTS _coll_links)
  if(_l MATCHES "^linkperf_" AND NOT _l IN_LIST _coll_uses)
    list(APPEND _coll_extra ${_l})
  endif()
endforeach()
list(JOIN _coll_extra ", " _coll_extra)
list(JOIN _coll_uses ", " _coll_uses)
list(JOIN _coll_links ", " _coll_links)
add_test(NAME "build: linkperf-coll links only the libraries it uses"
  COMMAND bash -c "extra='${_coll_extra}'
[ -z \"$extra\" ] || { echo \"linkperf-coll links $extra: collectives/ uses only ${_coll_uses}\"; exit 1; }
echo 'linkperf-coll links: ${_coll_links}'")
set_tests_properties("build: linkperf-coll links only the libraries it uses" PROPERTIES
  LABELS build TIMEOUT 60)

# Claims a search of the sources holds (tests/build/one_job.sh): JSON read back only on the
# report side (results_model/, gate/, reports/, fleet/, history/), one trim, one file reader, every
# thrown error an Error with its exit code.
add_test(NAME "build: one job, one implementation (JSON reading, trim, file reader, errors)"
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/build/one_job.sh ${PROJECT_SOURCE_DIR})
set_tests_properties("build: one job, one implementation (JSON reading, trim, file reader, errors)" PROPERTIES
  LABELS build TIMEOUT 120)
