# cmake -P: the default CUDA architectures for each nvcc version
# (cmake/LinkperfCudaArchitectures.cmake). Fails with the first wrong mapping.
include(${LINKPERF_SOURCE_DIR}/cmake/LinkperfCudaArchitectures.cmake)

function(expect version want)
  linkperf_default_cuda_architectures("${version}" got)
  if(NOT "${got}" STREQUAL "${want}")
    message(FATAL_ERROR "nvcc ${version}: default architectures '${got}', expected '${want}'")
  endif()
endfunction()

expect(11.8.89 "")     # older than the minimum: no CUDA layer
expect(12.1.105 "")
expect(12.2.140 "90")  # Hopper only: sm_100 needs nvcc 12.8
expect(12.6.85 "90")
expect(12.7.0 "90")
expect(12.8.61 "90;100")
expect(12.9.86 "90;100")
expect(13.0.88 "90;100")
expect(13.1.0 "90;100")
if(NOT LINKPERF_CUDA_MINIMUM_VERSION VERSION_EQUAL 12.2)
  message(FATAL_ERROR "minimum CUDA version ${LINKPERF_CUDA_MINIMUM_VERSION}, expected 12.2")
endif()

# The nvcc here, when there is one: its version parses and every default architecture is one
# it lists (nvcc --list-gpu-arch).
if(LINKPERF_NVCC AND EXISTS "${LINKPERF_NVCC}")
  linkperf_nvcc_version("${LINKPERF_NVCC}" v)
  if(NOT v MATCHES "^[0-9]+\\.[0-9]+\\.[0-9]+$")
    message(FATAL_ERROR "could not read the version of ${LINKPERF_NVCC}: '${v}'")
  endif()
  linkperf_default_cuda_architectures("${v}" archs)
  execute_process(COMMAND "${LINKPERF_NVCC}" --list-gpu-arch OUTPUT_VARIABLE listed
    RESULT_VARIABLE rc)
  if(rc EQUAL 0)
    foreach(a ${archs})
      if(NOT listed MATCHES "compute_${a}\n")
        message(FATAL_ERROR "nvcc ${v} does not list compute_${a}:\n${listed}")
      endif()
    endforeach()
  endif()
  message(STATUS "nvcc ${v}: default architectures ${archs}")
endif()
