# LINKPERF_FUZZ=ON: the build of fuzz/ (scripts/fuzz-results.sh configures it in build-fuzz/).
# libFuzzer exists only in clang. Every C/C++ target of this build is instrumented for coverage
# (fuzzer-no-link) and checked by AddressSanitizer and UndefinedBehaviorSanitizer, so the
# libraries the fuzz target links are explored and checked too, not only its own source; only
# that target is built, so the rest of the tree costs nothing.
if(LINKPERF_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "LINKPERF_FUZZ=ON needs clang (libFuzzer); the C++ compiler is "
      "${CMAKE_CXX_COMPILER_ID} (${CMAKE_CXX_COMPILER}): configure with CC=clang CXX=clang++")
  endif()
  # -O1 -g: fast enough to fuzz, readable stack traces; asserts stay on.
  add_compile_options("$<$<COMPILE_LANGUAGE:C,CXX>:-O1;-g;-fno-omit-frame-pointer>"
    "$<$<COMPILE_LANGUAGE:C,CXX>:-fsanitize=fuzzer-no-link,address,undefined>"
    "$<$<COMPILE_LANGUAGE:C,CXX>:-fno-sanitize-recover=undefined>")
  add_link_options(-fsanitize=address,undefined)
endif()
