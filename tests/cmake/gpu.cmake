# GPU tests, label gpu: one Catch2 binary that exits 77 where no CUDA device can be
# used, which ctest reports as skipped (never passed). Built with and without CUDA, so a build
# without it reports the tests skipped too.
set(_gpu ${CMAKE_CURRENT_SOURCE_DIR}/gpu)
add_executable(linkperf_gpu_tests ${_gpu}/gpu_main.cpp ${_gpu}/gpu_device_tests.cpp)
target_link_libraries(linkperf_gpu_tests PRIVATE linkperf_gpu linkperf_platform linkperf_core Catch2::Catch2
  nlohmann_json::nlohmann_json linkperf_warnings)
target_compile_definitions(linkperf_gpu_tests PRIVATE LINKPERF_BINARY="$<TARGET_FILE:linkperf>")
add_dependencies(linkperf_gpu_tests linkperf)

add_test(NAME "gpu: device layer" COMMAND linkperf_gpu_tests "~[run]")
add_test(NAME "gpu: linkperf run of the GPU paths" COMMAND linkperf_gpu_tests "[run]")
set_tests_properties("gpu: device layer" "gpu: linkperf run of the GPU paths" PROPERTIES
  LABELS gpu SKIP_RETURN_CODE 77 TIMEOUT 600 RUN_SERIAL TRUE)

# The key-figure printout of the GPU checks (`linkperf gpu-figures`) names the nvbandwidth
# testcase of every key figure. No GPU needed; label gpu-tools, not gpu.
add_test(NAME "gpu-tools: key figures name their nvbandwidth testcase"
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/gpu/key_figures_test.sh ${LINKPERF_EXE})
set_tests_properties("gpu-tools: key figures name their nvbandwidth testcase" PROPERTIES
  LABELS gpu-tools)
add_test(NAME "gpu-tools: the shared measuring step (scripts/gpu-measure.sh)"
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/gpu/measure_step_test.sh
    ${PROJECT_SOURCE_DIR}/scripts/gpu-measure.sh ${LINKPERF_EXE})
set_tests_properties("gpu-tools: the shared measuring step (scripts/gpu-measure.sh)" PROPERTIES
  LABELS gpu-tools TIMEOUT 120)

# The bundle's up-front checks (scripts/gpu-preflight.sh, linkperf-gpu-preflight) against fake
# driver libraries built by the test: one line and one exit code each. No GPU needed. Native
# builds only: the test builds its fake libcuda.so.1 with the host's compiler and runs the
# preflight binary directly (the bundle is an x86_64 one).
if(NOT CMAKE_CROSSCOMPILING)
  add_test(NAME "gpu-tools: up-front driver, GPU and glibc checks"
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/gpu/preflight_test.sh
      ${PROJECT_SOURCE_DIR}/scripts/gpu-preflight.sh $<TARGET_FILE_DIR:linkperf-gpu-preflight>)
  set_tests_properties("gpu-tools: up-front driver, GPU and glibc checks" PROPERTIES
    LABELS gpu-tools SKIP_RETURN_CODE 77)
endif()

# The GPU bundle (scripts/gpu-bundle.sh) from this build's binaries, no rebuild: clean
# directory, under 64 MiB, libraries found inside it, "no CUDA device" reported the documented
# way with this machine's copies of its libraries masked. Label gpu-bundle (gpu-check.sh selects
# exactly label gpu). Needs a native CUDA build; skipped in cross builds.
set(_bundle_test "gpu-bundle: self-contained bundle from this build")
if(LINKPERF_HAVE_CUDA AND NOT CMAKE_CROSSCOMPILING)
  add_test(NAME "${_bundle_test}" COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/gpu/bundle_test.sh
    ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  set_tests_properties("${_bundle_test}" PROPERTIES LABELS gpu-bundle TIMEOUT 300)
else()
  add_test(NAME "${_bundle_test}" COMMAND sh -c
    "echo 'gpu-bundle: SKIPPED: needs a native CUDA build'; exit 77")
  set_tests_properties("${_bundle_test}" PROPERTIES LABELS gpu-bundle SKIP_RETURN_CODE 77)
endif()
