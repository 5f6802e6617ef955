# Warnings (as errors in CI) for every linkperf C++ target; nvcc gets the same through
# -Werror all-warnings in LinkperfCuda.cmake.
add_library(linkperf_warnings INTERFACE)
target_compile_options(linkperf_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion>)
# GCC 12 reports -Wrestrict on std::string concatenation inside libstdc++ (GCC bug 105651).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(linkperf_warnings INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-Wno-restrict>)
endif()
if(LINKPERF_WERROR)
  target_compile_options(linkperf_warnings INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-Werror>)
endif()
if(LINKPERF_SANITIZE)
  target_compile_options(linkperf_warnings INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:-fsanitize=address,undefined -fno-omit-frame-pointer>)
  target_link_options(linkperf_warnings INTERFACE -fsanitize=address,undefined)
endif()
