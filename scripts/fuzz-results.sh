#!/usr/bin/env bash
# Fuzzes the results loader (and, for inputs that load, the gate and every report writer) with
# libFuzzer + AddressSanitizer + UndefinedBehaviorSanitizer for SECONDS (default 60), starting
# from the committed corpus tests/data/fuzz-corpus/. Builds the CMake target results_loader_fuzz
# (fuzz/CMakeLists.txt, LINKPERF_FUZZ=ON) with clang into build-fuzz/: a build of its own, as
# libFuzzer needs clang and every object instrumented. A compiler launcher given as
# CMAKE_CXX_COMPILER_LAUNCHER (ccache) is used as in any CMake build.
# Exit 0: no crash, no leak, no sanitizer report. Needs the packages in scripts/packages/reports.txt.
# Usage: scripts/fuzz-results.sh [SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-60}
case $seconds in '' | *[!0-9]*) echo "fuzz-results: SECONDS must be a number" >&2; exit 2 ;; esac
out=$root/build-fuzz
cxx=${CXX_FUZZ:-}
if [ -z "$cxx" ]; then
  for c in clang++ clang++-16 clang++-15 clang++-14; do
    if command -v "$c" >/dev/null 2>&1; then cxx=$c; break; fi
  done
fi
if [ -z "$cxx" ]; then
  echo "fuzz-results: no clang++ (scripts/install-deps.sh reports)" >&2
  exit 3
fi
cc=${cxx/clang++/clang} # clang++-14 -> clang-14: the project has C sources too
mkdir -p "$out/corpus" "$out/artifacts"
# CC/CXX choose the compilers when the build directory is new; the fuzz target needs only the
# report side (results, gate, reports) and the core, so neither CUDA nor the tests are configured.
CC=$cc CXX=$cxx cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Debug -DLINKPERF_FUZZ=ON \
  -DLINKPERF_CUDA=OFF -DLINKPERF_BUILD_TESTS=OFF >"$out/configure.log" 2>&1 ||
  { cat "$out/configure.log" >&2; exit 1; }
cmake --build "$out" -j"$(nproc)" --target results_loader_fuzz
bin=$out/bin/results_loader_fuzz

# The committed corpus is read-only input; new inputs go to build-fuzz/corpus.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
echo "fuzz-results: fuzzing for ${seconds}s (corpus tests/data/fuzz-corpus, findings in $out/artifacts)"
"$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/artifacts/" \
  "$out/corpus" "$root/tests/data/fuzz-corpus"
