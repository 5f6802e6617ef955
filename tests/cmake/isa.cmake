# Per-ISA code, on every native run (scripts/test.sh, so every CI run; label isa), without
# emulation: the ISA-specific sources compile with Debian's riscv64 and aarch64 cross compilers
# (warnings as errors) and hold the instructions each ISA is meant to use -- the cache flush
# (platform/cache_control.cpp) and the host kernels (bench/host/host_kernels.cpp for the
# spin-wait hint, bench/host/host_kernels_arm.cpp for aarch64's non-temporal stores), a few
# seconds each. The full cross build and emulated suite is scripts/cross-riscv64.sh (and
# scripts/cross-aarch64.sh). A missing cross compiler reports the test skipped (77), never passed.
if(NOT CMAKE_CROSSCOMPILING)
  set(_isa_flags "-std=c++20 -O2 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror")

  # linkperf_isa_compile_test(NAME TRIPLE MARCH PACKAGES LIST SOURCES FILE... INSTRUCTIONS
  # INSN...): compiles each FILE for TRIPLE and finds every INSN (a mnemonic; operands follow a
  # tab) in the disassembly. LIST names scripts/packages/LIST.txt, which installs the compiler.
  function(linkperf_isa_compile_test name triple march)
    cmake_parse_arguments(PARSE_ARGV 3 _isa "" "PACKAGES" "SOURCES;INSTRUCTIONS")
    set(out ${CMAKE_CURRENT_BINARY_DIR}/isa-${name})
    list(TRANSFORM _isa_SOURCES PREPEND ${PROJECT_SOURCE_DIR}/)
    list(JOIN _isa_SOURCES " " sources)
    set(script "command -v ${triple}-g++ >/dev/null || { echo 'no ${triple}-g++ (scripts/packages/${_isa_PACKAGES}.txt)'; exit 77; }
set -e; mkdir -p ${out}; cd ${out}; rm -f *.o
for f in ${sources}; do ${triple}-g++ ${_isa_flags} ${march} -I${PROJECT_SOURCE_DIR} -c \"$f\" -o \"$(basename \"$f\" .cpp).o\"; echo \"compiled $f\"; done
${triple}-objdump -d *.o > disassembly.txt")
    foreach(insn ${_isa_INSTRUCTIONS})
      string(REPLACE " " "[[:space:]]+" pattern "${insn}")
      string(APPEND script "\ngrep -Eq '${pattern}' disassembly.txt || { echo 'no ${insn} in the ${name} build'; exit 1; }\necho 'found ${insn}'")
    endforeach()
    string(JOIN ", " shown ${_isa_INSTRUCTIONS})
    add_test(NAME "isa: ${name} code compiles and uses ${shown}" COMMAND bash -c "${script}")
    set_tests_properties("isa: ${name} code compiles and uses ${shown}" PROPERTIES
      LABELS isa SKIP_RETURN_CODE 77 TIMEOUT 180)
  endfunction()

  linkperf_isa_compile_test(riscv64-zicbom riscv64-linux-gnu -march=rv64gc_zicbom PACKAGES riscv
    SOURCES platform/cache_control.cpp bench/host/host_kernels.cpp
    INSTRUCTIONS "cbo.flush")
  linkperf_isa_compile_test(aarch64 aarch64-linux-gnu "" PACKAGES aarch64
    SOURCES platform/cache_control.cpp bench/host/host_kernels.cpp bench/host/host_kernels_arm.cpp
    INSTRUCTIONS "dc civac" "stnp" "yield")
endif()
