# Default CUDA architectures from the nvcc version (tests/cmake/cuda_compat.cmake tests the
# mapping): Hopper (sm_90: H100/H200, GH200) from 12.2, the oldest toolkit linkperf supports,
# and Blackwell (sm_100: B200, GB200) from 12.8, the first nvcc that compiles for it. Each
# architecture is built as SASS plus PTX, so newer GPUs JIT the newest PTX.
set(LINKPERF_CUDA_MINIMUM_VERSION 12.2)

# Sets `out` to the default architectures for nvcc `version` ("12.4.131"), or to "" when the
# version is older than LINKPERF_CUDA_MINIMUM_VERSION.
function(linkperf_default_cuda_architectures version out)
  if(version VERSION_LESS LINKPERF_CUDA_MINIMUM_VERSION)
    set(${out} "" PARENT_SCOPE)
  elseif(version VERSION_LESS 12.8)
    set(${out} "90" PARENT_SCOPE)
  else()
    set(${out} "90;100" PARENT_SCOPE)
  endif()
endfunction()

# Sets `out` to the version nvcc at `nvcc` reports ("13.0.88"), or "" when it cannot be run.
function(linkperf_nvcc_version nvcc out)
  execute_process(COMMAND "${nvcc}" --version OUTPUT_VARIABLE _text ERROR_QUIET
    RESULT_VARIABLE _rc)
  set(_version "")
  if(_rc EQUAL 0 AND _text MATCHES "V([0-9]+\\.[0-9]+\\.[0-9]+)")
    set(_version "${CMAKE_MATCH_1}")
  endif()
  set(${out} "${_version}" PARENT_SCOPE)
endfunction()
