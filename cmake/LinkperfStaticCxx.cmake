# The GPU bundle's programs (scripts/gpu-bundle.sh): the same object files as linkperf,
# linkperf-coll and linkperf_gpu_tests, linked again into ${PROJECT_BINARY_DIR}/static-cxx/ with
# libstdc++ and libgcc static, so that they need no glibc newer than 2.35 (Ubuntu 22.04) where
# Debian 12's libstdc++.so.6 needs 2.36. Only the target `linkperf_bundle_binaries` builds them
# (EXCLUDE_FROM_ALL): the normal build and its binaries are unchanged, and a bundle from an
# existing build costs three links, no compile.
# - The whole libstdc++.a goes in and is exported (--export-dynamic): the shared C++ libraries
#   the programs load (Google Benchmark and fmt, which Debian ships as shared libraries only;
#   NCCL, loaded at run time) bind to this one copy. The bundle ships in lib/stdcxx/ a
#   libstdc++.so.6 with libstdc++'s version names and no code, to satisfy their DT_NEEDED and
#   version checks; the programs find it first through DT_RPATH $ORIGIN/../lib/stdcxx.
# - arc4random (glibc 2.36, called by libstdc++'s std::random_device) comes from
#   static_cxx/arc4random.c over getrandom(2).
# - No other run path: a DT_RPATH is searched before LD_LIBRARY_PATH, and the bundle's libraries,
#   not the build machine's paths, must be found.
set(_linkperf_static_cxx_programs linkperf linkperf-coll linkperf_gpu_tests)

function(linkperf_static_cxx_programs)
  set(_twins)
  add_library(linkperf_arc4random OBJECT EXCLUDE_FROM_ALL
    ${PROJECT_SOURCE_DIR}/cmake/static_cxx/arc4random.c)
  target_compile_options(linkperf_arc4random PRIVATE -Wall -Wextra -Werror)
  foreach(_program IN LISTS _linkperf_static_cxx_programs)
    if(NOT TARGET ${_program})
      continue()
    endif()
    set(_twin ${_program}_static_cxx)
    add_executable(${_twin} EXCLUDE_FROM_ALL $<TARGET_OBJECTS:${_program}>
      $<TARGET_OBJECTS:linkperf_arc4random>)
    # Its libraries; an imported target of another directory's scope (Catch2, header-only for
    # the GPU tests) is not visible here and adds nothing to a link of finished objects.
    get_target_property(_libs ${_program} LINK_LIBRARIES)
    foreach(_lib IN LISTS _libs)
      if(TARGET ${_lib} OR NOT _lib MATCHES "::")
        target_link_libraries(${_twin} PRIVATE ${_lib})
      endif()
    endforeach()
    target_link_options(${_twin} PRIVATE -static-libstdc++ -static-libgcc
      "LINKER:--whole-archive" -l:libstdc++.a "LINKER:--no-whole-archive"
      "LINKER:--export-dynamic" "LINKER:--disable-new-dtags")
    # The one run path, also in the build tree (the install path: no automatic entries).
    set_target_properties(${_twin} PROPERTIES LINKER_LANGUAGE CXX OUTPUT_NAME ${_program}
      RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/static-cxx BUILD_WITH_INSTALL_RPATH ON
      INSTALL_RPATH "\$ORIGIN/../lib/stdcxx")
    list(APPEND _twins ${_twin})
  endforeach()
  add_custom_target(linkperf_bundle_binaries DEPENDS ${_twins})
endfunction()
