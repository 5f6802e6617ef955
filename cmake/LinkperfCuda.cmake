# Decides whether the CUDA layer is built. LINKPERF_CUDA=AUTO builds it when a CUDA
# compiler is found; ON makes a missing toolkit an error; OFF never builds it.
set(LINKPERF_HAVE_CUDA OFF)
if(NOT LINKPERF_CUDA STREQUAL "OFF")
  include(CheckLanguage)
  if(NOT CMAKE_CUDA_COMPILER AND EXISTS /usr/local/cuda/bin/nvcc)
    set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc)
  endif()
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    # Must be set before enable_language: CMake otherwise probes nvcc's default arch.
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES OR CMAKE_CUDA_ARCHITECTURES STREQUAL "")
      # Hopper (H100/H200, GH200) and Blackwell (B200, GB200); PTX for newer parts.
      set(CMAKE_CUDA_ARCHITECTURES 90 100)
    endif()
    enable_language(CUDA)
    find_package(CUDAToolkit REQUIRED)
    set(LINKPERF_HAVE_CUDA ON)
  elseif(LINKPERF_CUDA STREQUAL "ON")
    message(FATAL_ERROR "LINKPERF_CUDA=ON but no CUDA compiler was found")
  endif()
endif()

if(LINKPERF_HAVE_CUDA)
  # CMake 3.25 knows no CUDA20 dialect for nvcc; device code needs only C++17.
  set(CMAKE_CUDA_STANDARD 17)
  set(CMAKE_CUDA_STANDARD_REQUIRED ON)
  find_library(LINKPERF_NCCL_LIBRARY nccl HINTS ${CUDAToolkit_LIBRARY_DIR})
  find_path(LINKPERF_NCCL_INCLUDE nccl.h HINTS ${CUDAToolkit_INCLUDE_DIRS})
  add_library(linkperf_cuda_flags INTERFACE)
  target_compile_options(linkperf_cuda_flags INTERFACE
    $<$<COMPILE_LANGUAGE:CUDA>:-Xcompiler=-Wall,-Wextra --expt-relaxed-constexpr>)
  if(LINKPERF_WERROR)
    target_compile_options(linkperf_cuda_flags INTERFACE
      $<$<COMPILE_LANGUAGE:CUDA>:-Werror all-warnings -Xcompiler=-Werror>)
  endif()
  message(STATUS "linkperf: CUDA layer ON (nvcc ${CMAKE_CUDA_COMPILER_VERSION}, archs ${CMAKE_CUDA_ARCHITECTURES})")
else()
  message(STATUS "linkperf: CUDA layer OFF (GPU paths will report 'built without CUDA')")
endif()
