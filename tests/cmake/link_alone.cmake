# Each library links alone: for every library, a tiny program (tests/build/link_alone.cpp) that
# calls one of its functions and links that library target and nothing else; what the library
# declares (its PUBLIC and PRIVATE dependencies) comes along, as for any consumer. The archive
# is linked whole (WHOLE_ARCHIVE), so every object in it must resolve against the library and
# what it declares, not only the object the call pulls in: a library that needs a symbol from
# one it does not declare -- a link cycle, such as fleet calling into gpu without linking it --
# fails.
# The programs are ordinary targets of the default build rather than builds a test starts: a
# library that stops linking alone breaks `cmake --build` at once, naming the library and the
# missing symbol; no nested build competes with ctest -j for the cores; and cross builds get
# them for free (the tests run each under the emulator). The test runs each program, so every
# object's static initialisation runs too.
set(_link_alone_libraries core platform gpu bench fleet reports coll_core)
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
