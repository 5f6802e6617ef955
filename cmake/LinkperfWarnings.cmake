# Warnings (as errors in CI) for every linkperf C++ target; nvcc gets the same through
# -Werror all-warnings in LinkperfCuda.cmake.
add_library(linkperf_warnings INTERFACE)
target_compile_options(linkperf_warnings INTERFACE
  $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion>)
if(LINKPERF_WERROR)
  target_compile_options(linkperf_warnings INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-Werror>)
endif()
if(LINKPERF_SANITIZE)
  target_compile_options(linkperf_warnings INTERFACE
    $<$<COMPILE_LANGUAGE:CXX>:-fsanitize=address,undefined -fno-omit-frame-pointer>)
  target_link_options(linkperf_warnings INTERFACE -fsanitize=address,undefined)
endif()
