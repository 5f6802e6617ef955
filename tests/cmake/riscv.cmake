# Per-ISA code: on every native CI run, the ISA-specific platform file compiles with
# Debian's riscv64 and aarch64 cross compilers (warnings as errors) and holds the instructions
# each ISA is meant to use. The full cross build and emulated suite is scripts/cross-riscv64.sh.
# A missing cross compiler reports the test skipped (77), never passed.
if(NOT CMAKE_CROSSCOMPILING)
  set(_isa_sources ${PROJECT_SOURCE_DIR}/platform/cache_control.cpp)
  set(_isa_flags "-std=c++20 -O2 -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Werror")

  # linkperf_isa_compile_test(NAME TRIPLE MARCH INSTRUCTION...): compiles the file for TRIPLE
  # and finds every INSTRUCTION (a mnemonic; operands follow a tab) in the disassembly.
  function(linkperf_isa_compile_test name triple march)
    set(out ${CMAKE_CURRENT_BINARY_DIR}/isa-${name})
    set(script "command -v ${triple}-g++ >/dev/null || { echo 'no ${triple}-g++ (scripts/packages/riscv.txt)'; exit 77; }
set -e; mkdir -p ${out}; cd ${out}
for f in ${_isa_sources}; do ${triple}-g++ ${_isa_flags} ${march} -I${PROJECT_SOURCE_DIR} -c \"$f\" -o \"$(basename \"$f\" .cpp).o\"; done
${triple}-objdump -d *.o > disassembly.txt")
    foreach(insn ${ARGN})
      string(REPLACE " " "[[:space:]]+" pattern "${insn}")
      string(APPEND script "\ngrep -Eq '${pattern}' disassembly.txt || { echo 'no ${insn} in the ${name} build'; exit 1; }\necho 'found ${insn}'")
    endforeach()
    string(JOIN ", " shown ${ARGN})
    add_test(NAME "isa: ${name} code compiles and uses ${shown}" COMMAND bash -c "${script}")
    set_tests_properties("isa: ${name} code compiles and uses ${shown}" PROPERTIES
      LABELS isa SKIP_RETURN_CODE 77 TIMEOUT 120)
  endfunction()

  linkperf_isa_compile_test(riscv64-zicbom riscv64-linux-gnu -march=rv64gc_zicbom "cbo.flush")
  linkperf_isa_compile_test(aarch64 aarch64-linux-gnu "" "dc civac")
endif()
