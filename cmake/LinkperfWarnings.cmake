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
  # hwloc's PCI plugin loads libpciaccess, whose device table lives in a static; when hwloc
  # unloads the plugin, LeakSanitizer reports that table (about 1 KiB, "<unknown module>").
  # Keeping libpciaccess loaded for the whole run leaves it reachable, so LSan stays strict
  # for our own code without a suppression.
  find_library(LINKPERF_PCIACCESS NAMES libpciaccess.so.0 pciaccess)
  if(LINKPERF_PCIACCESS)
    target_link_options(linkperf_warnings INTERFACE
      LINKER:--push-state,--no-as-needed ${LINKPERF_PCIACCESS} LINKER:--pop-state)
  endif()
endif()
