# CUDA toolkit compatibility, label cuda-compat: the default architectures chosen
# from the nvcc version, and the host-side CUDA sources compiled against the CUDA 12.2 and 12.9
# runtime headers. Host tools only: a cross build (riscv64 under qemu) reports them skipped.
set(_cc_nvcc "")
if(LINKPERF_HAVE_CUDA)
  set(_cc_nvcc ${CMAKE_CUDA_COMPILER})
endif()
if(CMAKE_CROSSCOMPILING)
  foreach(_cc_name "cuda-compat: default architectures per nvcc version"
      "cuda-compat: host sources against CUDA 12.2 and 12.9 headers")
    add_test(NAME "${_cc_name}" COMMAND sh -c
      "echo 'cuda-compat: SKIPPED: host-tool test, not run in a cross build'; exit 77")
    set_tests_properties("${_cc_name}" PROPERTIES LABELS cuda-compat SKIP_RETURN_CODE 77)
  endforeach()
else()
  add_test(NAME "cuda-compat: default architectures per nvcc version"
    COMMAND ${CMAKE_COMMAND} -DLINKPERF_SOURCE_DIR=${PROJECT_SOURCE_DIR}
      -DLINKPERF_NVCC=${_cc_nvcc} -P ${CMAKE_CURRENT_SOURCE_DIR}/gpu/cuda_arch_mapping.cmake)
  set_tests_properties("cuda-compat: default architectures per nvcc version" PROPERTIES
    LABELS cuda-compat)

  # The runtime headers come from PyPI once and stay in a cache shared by build trees.
  if(DEFINED ENV{LINKPERF_CACHE_DIR})
    set(_cc_cache $ENV{LINKPERF_CACHE_DIR})
  elseif(DEFINED ENV{HOME})
    set(_cc_cache $ENV{HOME}/.cache/linkperf)
  else()
    set(_cc_cache ${PROJECT_BINARY_DIR}/linkperf-cache)
  endif()
  add_test(NAME "cuda-compat: host sources against CUDA 12.2 and 12.9 headers"
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/gpu/cuda_compat.sh ${PROJECT_SOURCE_DIR} ${_cc_cache}
      12.2 12.9)
  set_tests_properties("cuda-compat: host sources against CUDA 12.2 and 12.9 headers" PROPERTIES
    LABELS cuda-compat SKIP_RETURN_CODE 77 TIMEOUT 600
    ENVIRONMENT "CXX=${CMAKE_CXX_COMPILER}")
endif()
