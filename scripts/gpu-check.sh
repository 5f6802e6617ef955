#!/usr/bin/env bash
# The GPU check, on a machine with a CUDA device: builds linkperf with CUDA for the GPU that is
# there, runs the GPU tests (ctest -L gpu: they must run, not skip), then (scripts/gpu-measure.sh)
# the key figures of every GPU into RESULTS, printed against the targets of docs/gpu-paths.md,
# each next to the nvbandwidth testcase it corresponds to (`linkperf gpu-figures`), then every
# other GPU path at 4 KiB, 1 MiB and 256 MiB (suite full) into RESULTS-rest.json as the budget
# allows. Budget: under 8 minutes on one H200 (about 1.5 build, 1 tests, 4-5 measuring).
# Usage: scripts/gpu-check.sh RESULTS.json     (e.g. baselines/x86_64-h200.json)
# Environment: LINKPERF_GPU_CHECK_DEVICES  GPUs measured (CUDA_VISIBLE_DEVICES), default 0,1:
#                the full suite over every pair of 8 GPUs is ~2100 cases, hours, not minutes
#              LINKPERF_GPU_BUILD_DIR      build directory (default build-gpu-check)
# Exit: 0 when every case ran or was skipped with a reason, 1 when a case failed, a test did or
# the run wrote no results, 2 when a prerequisite is missing, 3 when there is no usable CUDA
# device, 4 when the measuring ran past its time limit (results partial: what finished is kept),
# 5 when a key figure missed its target.
set -euo pipefail
out=${1:?usage: scripts/gpu-check.sh RESULTS.json}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LINKPERF_GPU_BUILD_DIR:-$root/build-gpu-check}
export CUDA_VISIBLE_DEVICES=${LINKPERF_GPU_CHECK_DEVICES:-0,1}
start=$SECONDS
step() { echo "== [$((SECONDS - start))s] $*"; }

# Prerequisites first, all of them named at once, rather than a failure minutes into a build.
missing=()
if ! command -v cmake >/dev/null 2>&1; then
  missing+=("cmake >= 3.25 (not found)")
else
  cmake_version=$(cmake --version | awk 'NR == 1 { print $3 }')
  if [ "$(printf '%s\n3.25\n' "$cmake_version" | sort -V | head -1)" != 3.25 ]; then
    missing+=("cmake >= 3.25 (found $cmake_version)")
  fi
fi
if ! command -v nvcc >/dev/null 2>&1 && [ ! -x /usr/local/cuda/bin/nvcc ]; then
  missing+=("nvcc (the CUDA toolkit: not on PATH nor in /usr/local/cuda/bin)")
fi
# Catch2 v2 is the single header catch2/catch.hpp (v3, packaged as catch2 on newer Ubuntu, has
# none): from the package, else anywhere under /usr or /opt.
if ! dpkg -L catch2 2>/dev/null | grep '/catch2/catch\.hpp$' >/dev/null &&
  [ -z "$(find /usr /opt -path '*/catch2/catch.hpp' -print -quit 2>/dev/null)" ]; then
  missing+=("Catch2 v2 (catch2/catch.hpp: Debian 12 package catch2, or Catch2 2.x from source)")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  printf 'gpu-check: missing prerequisite: %s\n' "${missing[@]}" >&2
  exit 2
fi

# Build for the GPU that is here (one architecture: a faster build); without a visible GPU the
# defaults for this nvcc (cmake/LinkperfCudaArchitectures.cmake), and the tests below report the
# missing device.
arch_flag=()
archs="nvcc defaults"
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L; then
  archs=native
  arch_flag=(-DCMAKE_CUDA_ARCHITECTURES=native)
fi
step "configure and build (CUDA architectures: $archs; GPUs measured: $CUDA_VISIBLE_DEVICES)"
mkdir -p "$build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLINKPERF_CUDA=ON \
  -DLINKPERF_BUILD_TESTS=ON "${arch_flag[@]}" >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log" >&2; exit 1; }
# ctest -L gpu also selects the NCCL end-to-end test of linkperf-coll (labels coll;gpu): build
# that program too where this tree has it.
targets=(linkperf linkperf_gpu_tests)
if grep -qs '/linkperf-coll\.dir$' "$build/CMakeFiles/TargetDirectories.txt"; then
  targets+=(linkperf-coll)
fi
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}" >"$build/build.log" 2>&1 ||
  { tail -50 "$build/build.log" >&2; exit 1; }

step "GPU tests (ctest -L gpu)"
tests_log="$build/ctest-gpu.log"
tests_rc=0
(cd "$build" && ctest -L "^gpu$" --output-on-failure --timeout 300) >"$tests_log" 2>&1 || tests_rc=$?
grep -E "tests passed|Test +#|FAILED|Skipped" "$tests_log" || true
if grep -qE "gpu: .*\(Skipped\)" "$tests_log"; then
  echo "gpu-check: GPU tests were skipped: no usable CUDA device here" >&2
  exit 3
fi
# A failing test is reported at the end; the measurements still run (a lent GPU is scarce).

LINKPERF_GPU_CHECK_ELAPSED=$((SECONDS - start)) exec "$root/scripts/gpu-measure.sh" \
  "$build/bin/linkperf" "$out" "$build" "$tests_rc" "$tests_log"
