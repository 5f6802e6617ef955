#!/usr/bin/env bash
# Fuzzes the results loader (and, for inputs that load, the gate and every report writer) with
# libFuzzer + AddressSanitizer + UndefinedBehaviorSanitizer for SECONDS (default 60), starting
# from the committed corpus tests/data/fuzz-corpus/. Builds with clang into build-fuzz/.
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
mkdir -p "$out/generated/linkperf" "$out/obj" "$out/corpus" "$out/artifacts"
sha=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
version=$(sed -n 's/^project(linkperf VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
sed -e "s/@PROJECT_VERSION@/${version:-0}/" -e "s/@LINKPERF_GIT_SHA@/$sha/" \
  "$root/cmake/version.hpp.in" >"$out/generated/linkperf/version.hpp"

flags=(-std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined
       -fno-sanitize-recover=undefined -I"$root" -I"$out/generated")
sources=("$root"/reports/*.cpp "$root/harness/statistics.cpp" "$root/harness/units.cpp"
         "$root/harness/measurement.cpp" "$root/harness/saturation.cpp")
bin=$out/results_loader_fuzz
# Rebuild everything when any source or header changed since the last build (headers too, so
# no object is ever stale); compile in parallel.
if [ ! -x "$bin" ] || [ -n "$(find "$root/reports" "$root/harness" "$root/fuzz" -name '*.[ch]pp' \
    -newer "$bin" -print -quit)" ]; then
  rm -f "$out"/obj/*.o
  jobs=$(nproc 2>/dev/null || echo 2)
  pids=()
  for src in "${sources[@]}"; do
    # baselines write files through the harness; the loader and the writers do not need them
    [ "$(basename "$src")" = baseline_store.cpp ] && continue
    "$cxx" "${flags[@]}" -c "$src" -o "$out/obj/$(basename "${src%.cpp}").o" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$jobs" ]; then
      wait "${pids[0]}"
      pids=("${pids[@]:1}")
    fi
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  "$cxx" "${flags[@]}" -fsanitize=fuzzer "$root/fuzz/results_loader_fuzz.cpp" "$out"/obj/*.o \
    -lfmt -o "$bin"
fi

# The committed corpus is read-only input; new inputs go to build-fuzz/corpus.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
echo "fuzz-results: fuzzing for ${seconds}s (corpus tests/data/fuzz-corpus, findings in $out/artifacts)"
"$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/artifacts/" \
  "$out/corpus" "$root/tests/data/fuzz-corpus"
