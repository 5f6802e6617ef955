#!/usr/bin/env bash
# Builds, here (no GPU needed), a self-contained bundle for the first run on a bare GPU machine:
# one that has the driver and nothing else (no toolkit, no Debian dev packages, no python3, no
# network). DIR gets
#   bin/       linkperf, linkperf-coll and the GPU test binary (SASS for sm_90 and sm_100, as far
#              as this nvcc supports them, plus PTX), linked with libstdc++ and libgcc static
#              (target linkperf_bundle_binaries, cmake/LinkperfStaticCxx.cmake), so that they
#              need no glibc newer than 2.35 (Ubuntu 22.04)
#   lib/       every shared library they load except glibc's and the driver's (from ldd):
#              hwloc, numa, fmt, Google Benchmark, Open MPI, the CUDA runtime, libgcc_s ...;
#              lib/stdcxx/libstdc++.so.6 holds libstdc++'s version names and no code: the
#              shared C++ libraries (fmt, Google Benchmark, NCCL) bind to the programs' copy
#   tests/     the NCCL end-to-end test with its helpers and result checker
#   gpu-preflight.sh (the up-front checks), gpu-measure.sh (the measuring step), REQUIRES (the
#   CUDA version, the glibc the programs gpu-check.sh runs need, and linkperf-coll's own glibc
#   floor: Open MPI's libevent needs 2.36 on Debian 12), MANIFEST, gpu-check.sh
# DIR/gpu-check.sh RESULTS.json runs there: the up-front checks (glibc, driver, GPU), the GPU
# tests, the key figures of every GPU first (`linkperf gpu-figures`: each next to its
# nvbandwidth testcase, with the targets), then the other GPU paths as the budget allows
# (scripts/gpu-measure.sh), with only DIR on LD_LIBRARY_PATH and no python3 needed.
# Usage: scripts/gpu-bundle.sh DIR [--prebuilt BUILD_DIR]
#   --prebuilt: take the binaries of an existing CUDA build of this tree (its programs built;
#               the bundle's static-libstdc++ links are made there, no compile) instead of
#               building into $LINKPERF_BUNDLE_BUILD_DIR (default build-bundle).
# Exit: 0 bundle written; 1 build or bundle failed (DIR over 64 MiB, a library not found, an
# architecture missing); 2 usage or a prerequisite missing (nvcc, cuobjdump).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
usage() {
  echo "usage: scripts/gpu-bundle.sh DIR [--prebuilt BUILD_DIR]" >&2
  exit 2
}
[ $# -ge 1 ] || usage
dir=$1
shift
prebuilt=""
if [ $# -gt 0 ]; then
  [ "$1" = --prebuilt ] && [ $# -eq 2 ] || usage
  prebuilt=$2
fi
limit=$((64 << 20))
die() {
  echo "gpu-bundle: $*" >&2
  exit 1
}

nvcc=$(command -v nvcc || true)
[ -n "$nvcc" ] || nvcc=/usr/local/cuda/bin/nvcc
[ -x "$nvcc" ] || { echo "gpu-bundle: nvcc not found (PATH, /usr/local/cuda/bin)" >&2; exit 2; }
command -v strings >/dev/null 2>&1 || { echo "gpu-bundle: strings (binutils) not found" >&2; exit 2; }
# The bundle's architectures: sm_90 (H100/H200, GH200) and sm_100 (B200, GB200), those this
# nvcc can build.
# Captured first: under pipefail, `cmd | grep -q` is false when grep's early exit makes cmd's
# next write fail (SIGPIPE), a race that made this script skip Open MPI under load.
archs=()
gpu_archs=$("$nvcc" --list-gpu-arch 2>/dev/null || true)
for a in 90 100; do
  if grep -qx "compute_$a" <<<"$gpu_archs"; then
    archs+=("$a")
  fi
done
[ "${#archs[@]}" -gt 0 ] || die "$nvcc builds neither sm_90 nor sm_100"

if [ -n "$prebuilt" ]; then
  build=$(cd "$prebuilt" && pwd)
else
  build=${LINKPERF_BUNDLE_BUILD_DIR:-$root/build-bundle}
  mkdir -p "$build"
  arch_list=$(IFS=';'; echo "${archs[*]}")
  echo "gpu-bundle: building into $build (CUDA architectures $arch_list)"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLINKPERF_CUDA=ON \
    -DLINKPERF_BUILD_TESTS=ON "-DCMAKE_CUDA_ARCHITECTURES=$arch_list" \
    >"$build/configure.log" 2>&1 || { cat "$build/configure.log" >&2; die "configure failed"; }
  cmake --build "$build" -j"$(nproc)" --target linkperf linkperf-coll linkperf_gpu_tests \
    linkperf-gpu-preflight >"$build/build.log" 2>&1 ||
    { tail -50 "$build/build.log" >&2; die "build failed"; }
fi
# The programs again from the same objects, libstdc++ and libgcc static (three links).
grep -qs '/linkperf_bundle_binaries\.dir$' "$build/CMakeFiles/TargetDirectories.txt" ||
  die "$build has no target linkperf_bundle_binaries (a native CUDA build with GCC of this tree)"
cmake --build "$build" --target linkperf_bundle_binaries >"$build/bundle-link.log" 2>&1 ||
  { tail -50 "$build/bundle-link.log" >&2; die "linking the static-libstdc++ programs failed"; }
binaries=("$build/static-cxx/linkperf" "$build/static-cxx/linkperf-coll"
  "$build/static-cxx/linkperf_gpu_tests" "$build/bin/linkperf-gpu-preflight")
for b in "${binaries[@]}"; do
  [ -x "$b" ] || die "$b is missing (a CUDA build with tests: -DLINKPERF_BUILD_TESTS=ON)"
done
# Every GPU binary carries code for every bundle architecture: the fatbinary keeps the ptxas
# options of each cubin ("-arch sm_90 -m 64 ..."); not every toolkit ships cuobjdump.
for b in "$build/static-cxx/linkperf" "$build/static-cxx/linkperf_gpu_tests"; do
  options=$(strings -a "$b" | grep -- '-arch sm_' || true)
  for a in "${archs[@]}"; do
    grep -q -- "-arch sm_$a " <<<"$options" ||
      die "$b has no sm_$a code (build with CMAKE_CUDA_ARCHITECTURES 90;100)"
  done
done

# A fresh directory: nothing of an earlier bundle survives.
[ ! -e "$dir" ] || [ -z "$(ls -A "$dir")" ] || die "$dir exists and is not empty"
mkdir -p "$dir/bin" "$dir/lib" "$dir/tests"
cp "${binaries[@]}" "$dir/bin/"

# Libraries the target has anyway: glibc's (the dynamic loader must match the host's libc, so
# glibc cannot travel) and the driver's (libcuda, libnvidia-*, installed with the driver); and
# libstdc++, which the programs carry (lib/stdcxx, below).
system_lib() {
  case "$1" in
    linux-vdso.so* | ld-linux*.so* | libc.so* | libm.so* | libdl.so* | libpthread.so* | \
      librt.so* | libutil.so* | libresolv.so* | libcuda.so* | libnvidia-*.so* | \
      libstdc++.so*) return 0 ;;
  esac
  return 1
}
# Open MPI's runtime: linkperf-coll calls MPI_Init in every run (also with --backend nccl), and
# MPI_Init loads its components (MCA plugins), help texts and parameters from the installation.
# They travel under DIR/openmpi; DIR/gpu-check.sh points Open MPI there (OPAL_* variables).
ompi_dir() { ompi_info --path "$1" 2>/dev/null | awk -F': ' '{ print $2 }'; }
plugins=()
coll_libs=$(ldd "$build/bin/linkperf-coll")
if grep -q 'libmpi\.so' <<<"$coll_libs"; then
  command -v ompi_info >/dev/null 2>&1 || die "linkperf-coll uses Open MPI, but ompi_info is missing"
  pkglib=$(ompi_dir pkglibdir)
  pkgdata=$(ompi_dir pkgdatadir)
  sysconf=$(ompi_dir sysconfdir)
  [ -d "$pkglib" ] && [ -d "$pkgdata" ] || die "Open MPI's components or data not found"
  mkdir -p "$dir/openmpi/lib" "$dir/openmpi/share" "$dir/openmpi/etc"
  cp -rL "$pkglib" "$dir/openmpi/lib/components"
  cp -rL "$pkgdata" "$dir/openmpi/share/openmpi"
  [ ! -d "$sysconf" ] || cp -rL "$sysconf/." "$dir/openmpi/etc/"
  mapfile -t plugins < <(find "$dir/openmpi/lib/components" -name '*.so')
fi

# Every library of the binaries and plugins (ldd resolves the whole tree), copied once, symlinks
# resolved.
for b in "${binaries[@]}" "${plugins[@]}"; do
  while read -r name arrow path _; do
    [ "$arrow" = "=>" ] || continue
    system_lib "$name" && continue
    [ "$path" != "not" ] || die "$b needs $name, which is not found here"
    [ -e "$dir/lib/$name" ] || cp -L "$path" "$dir/lib/$name"
  done < <(ldd "$b")
done

# libstdc++.so.6 as the shared C++ libraries see it: every version name of this machine's
# libstdc++ (their DT_NEEDED and version checks pass) and no code: each of their libstdc++
# symbols binds to the whole static libstdc++ the programs carry and export. Checked here:
# every libstdc++ symbol a bundled library needs is one linkperf exports.
real_stdcxx=$("${CXX:-c++}" -print-file-name=libstdc++.so.6)
[ -e "$real_stdcxx" ] || die "libstdc++.so.6 not found (${CXX:-c++} -print-file-name)"
mkdir -p "$dir/lib/stdcxx"
objdump -p "$real_stdcxx" | awk '/^Version definitions:/ { f = 1; next } /^$/ { f = 0 }
  f && $4 ~ /^(GLIBCXX|CXXABI)_/ { print $4 " { };" }' >"$build/stdcxx-versions.map"
[ -s "$build/stdcxx-versions.map" ] || die "no version names in $real_stdcxx"
echo 'int linkperf_stdcxx_version_names;' >"$build/stdcxx-versions.c"
"${CC:-cc}" -shared -fPIC -nostdlib -o "$dir/lib/stdcxx/libstdc++.so.6" \
  -Wl,-soname,libstdc++.so.6 -Wl,--version-script="$build/stdcxx-versions.map" \
  "$build/stdcxx-versions.c" || die "building lib/stdcxx/libstdc++.so.6 failed"
exported=$(nm -D --defined-only "$dir/bin/linkperf" | awk '{ print $3 }' | sort -u)
for l in "$dir"/lib/*.so* "${plugins[@]}"; do
  needed=$(objdump -T "$l" | awk '$2 != "w" && / \*UND\*/ && /(GLIBCXX|CXXABI)_/ { print $NF }' |
    sort -u)
  missing=$(comm -23 <(echo "$needed") <(echo "$exported") | grep . || true)
  [ -z "$missing" ] || die "$(basename "$l") needs libstdc++ symbols linkperf does not carry: $missing"
done

cp "$root/scripts/gpu-measure.sh" "$root/scripts/gpu-preflight.sh" "$dir/"
cp "$root/tests/collectives/nccl_single_rank.sh" "$root/tests/collectives/common.sh" \
  "$root/tests/collectives/rank_pid.sh" "$root/tests/collectives/check_coll_results.py" "$dir/tests/"

cat >"$dir/gpu-check.sh" <<'CHECK'
#!/usr/bin/env bash
# The GPU check of a linkperf bundle (scripts/gpu-bundle.sh): the GPU tests, the key figures of
# every GPU into RESULTS and printed next to their nvbandwidth testcases with their targets,
# then every other GPU path at 4K, 1M and 256M into RESULTS-rest.json as the budget allows
# (gpu-measure.sh), with nothing installed but the driver (python3 only for the NCCL test's
# checker).
# Before anything is measured, one line and one exit code each (gpu-preflight.sh): glibc as new
# as the bundle needs, an NVIDIA driver, one new enough for the bundle's CUDA, a visible GPU.
# linkperf-coll has its own glibc floor (REQUIRES: glibc_needed_coll, Open MPI's libraries):
# on an older glibc the NCCL test, which runs it, is skipped with one line.
# Logs go to RESULTS.logs/ (nothing is left in a temporary directory).
# Usage: ./gpu-check.sh RESULTS.json
# Environment: LINKPERF_GPU_CHECK_DEVICES  GPUs measured (CUDA_VISIBLE_DEVICES), default 0,1
#              LINKPERF_GPU_MEASURE_SECONDS the measuring budget (default 420)
#              LINKPERF_NCCL_LIBRARY       libnccl.so.2 for the NCCL test (else the usual paths)
# Exit: 0 every case ran or was skipped with a reason; 1 a case or test failed or no results;
# 2 usage; 3 no GPU visible (no usable CUDA device); 4 the run passed its time limit (results
# partial); 5 a key figure missed its target; 6 no NVIDIA driver found; 7 the driver is too old
# for this bundle's CUDA; 8 glibc older than the bundle needs.
set -euo pipefail
out=${1:?usage: ./gpu-check.sh RESULTS.json}
here=$(cd "$(dirname "$0")" && pwd)
export CUDA_VISIBLE_DEVICES=${LINKPERF_GPU_CHECK_DEVICES:-0,1}
export LINKPERF_BINARY="$here/bin/linkperf"
start=$SECONDS
step() { echo "== [$((SECONDS - start))s] $*"; }
. "$here/REQUIRES"
"$here/gpu-preflight.sh" "$here/bin" "$cuda_needed" "$glibc_needed" "$glibc_needed_coll" # exits 3, 6, 7 or 8
. "$here/bundle-env.sh"
logs=$out.logs
rm -rf "$logs"
mkdir -p "$logs"

step "GPU tests (bundle: $(head -1 "$here/MANIFEST"))"
tests_rc=0
skipped=0
for filter in "~[run]" "[run]"; do
  rc=0
  "$here/bin/linkperf_gpu_tests" "$filter" >"$logs/gpu-tests.log" 2>&1 || rc=$?
  case $rc in
    0) echo "gpu tests $filter: passed" ;;
    77) skipped=1; echo "gpu tests $filter: $(head -1 "$logs/gpu-tests.log")" ;;
    *) tests_rc=1; echo "gpu tests $filter: FAILED (exit $rc)"; tail -30 "$logs/gpu-tests.log" ;;
  esac
done
if [ "$skipped" = 1 ]; then
  echo "gpu-check: GPU tests were skipped: no usable CUDA device here" >&2
  exit 3
fi
# The preflight's own glibc figure and comparison decide (one place).
host_glibc=""
coll_glibc_ok=1
if host_glibc=$("$here/gpu-preflight.sh" --glibc-below "$glibc_needed_coll"); then
  coll_glibc_ok=0
fi
nccl=${LINKPERF_NCCL_LIBRARY:-}
if [ -z "$nccl" ]; then
  nccl=$( (ldconfig -p 2>/dev/null || true) | awk '/libnccl\.so\.2 / { print $NF; exit }')
  [ -n "$nccl" ] || for c in /usr/local/cuda/lib64/libnccl.so.2 /usr/lib/x86_64-linux-gnu/libnccl.so.2 \
    /usr/lib/aarch64-linux-gnu/libnccl.so.2; do [ -e "$c" ] && { nccl=$c; break; }; done
fi
if [ "$coll_glibc_ok" = 0 ]; then
  echo "coll: nccl single rank end to end: skipped: linkperf-coll needs glibc" \
    "$glibc_needed_coll (Open MPI's libraries), this host has $host_glibc"
elif [ -n "$nccl" ] && ! command -v python3 >/dev/null 2>&1; then
  echo "coll: nccl single rank end to end: skipped: its result checker needs python3"
elif [ -n "$nccl" ]; then
  rc=0
  LINKPERF_NCCL_LIBRARY=$nccl LINKPERF_COLL="$here/bin/linkperf-coll" LINKPERF_COLL_HAVE_NCCL=1 \
    LINKPERF_COLL_HAVE_MPI=0 MPIEXEC=false LINKPERF_CHECK_RESULTS="$here/tests/check_coll_results.py" \
    bash "$here/tests/nccl_single_rank.sh" >"$logs/nccl.log" 2>&1 || rc=$?
  case $rc in
    0) echo "coll: nccl single rank end to end: passed ($nccl)" ;;
    77) echo "coll: nccl single rank end to end: skipped: $(tail -1 "$logs/nccl.log")" ;;
    *) tests_rc=1; echo "coll: nccl single rank end to end: FAILED"; tail -30 "$logs/nccl.log" ;;
  esac
else
  echo "coll: nccl single rank end to end: skipped: no libnccl.so.2 (set LINKPERF_NCCL_LIBRARY)"
fi

LINKPERF_GPU_CHECK_ELAPSED=$((SECONDS - start)) exec "$here/gpu-measure.sh" \
  "$here/bin/linkperf" "$out" "$logs" "$tests_rc" "$logs/gpu-tests.log"
CHECK
chmod +x "$dir/gpu-check.sh"
cat >"$dir/bundle-env.sh" <<'ENV'
# Source this (". DIR/bundle-env.sh") to run the bundle's programs by hand: its libraries, and
# Open MPI from the bundle (linkperf-coll calls MPI_Init): components, help texts, parameters,
# and a singleton that needs no orted daemon.
bundle=$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)
export LD_LIBRARY_PATH="$bundle/lib" PATH="$bundle/bin:$PATH"
export OPAL_PKGLIBDIR="$bundle/openmpi/lib/components"
export OPAL_PKGDATADIR="$bundle/openmpi/share/openmpi" OPAL_SYSCONFDIR="$bundle/openmpi/etc"
export OMPI_MCA_ess_singleton_isolated=1
ENV

# The glibc floors: the newest glibc symbol version of an ELF file and of what it loads. The
# programs gpu-check.sh runs (linkperf, the GPU tests, the preflight) and their libraries set
# glibc_needed; linkperf-coll has its own, glibc_needed_coll: Open MPI's libraries (libevent
# calls arc4random, glibc 2.36 on Debian 12) cannot be relinked, so on an older glibc only the
# NCCL test, which runs linkperf-coll, is skipped (gpu-check.sh says so).
newest_glibc() {
  objdump -T "$@" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1 | sed 's/^GLIBC_//'
}
loaded_by() { # the bundled ELF files loads, itself included
  echo "$1"
  env -i LD_LIBRARY_PATH="$dir/lib" ldd "$1" | awk -v d="$dir/" 'index($3, d) == 1 { print $3 }'
}
mapfile -t main_elfs < <(for b in linkperf linkperf_gpu_tests linkperf-gpu-preflight; do
  loaded_by "$dir/bin/$b"; done | sort -u)
mapfile -t all_elfs < <(find "$dir/bin" "$dir/lib" "$dir/openmpi" -type f -exec sh -c \
  'head -c4 "$1" | grep -q ELF' _ {} \; -print 2>/dev/null)
glibc=$(newest_glibc "${main_elfs[@]}")
glibc_coll=$(newest_glibc "${all_elfs[@]}")
# What gpu-check.sh checks before it measures (gpu-preflight.sh): the CUDA version as the
# driver API counts it (1000 x major + 10 x minor) and the newest glibc symbol versions needed.
cuda_release=$("$nvcc" --version | grep -o 'release [0-9.]*' | cut -d' ' -f2)
printf 'cuda_needed=%d\nglibc_needed=%s\nglibc_needed_coll=%s\n' \
  "$((${cuda_release%%.*} * 1000 + ${cuda_release#*.} * 10))" "$glibc" "$glibc_coll" \
  >"$dir/REQUIRES"
{
  echo "linkperf GPU bundle ($(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown))"
  echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) with $("$nvcc" --version | grep -o 'release [0-9.]*')"
  echo "architectures: ${archs[*]/#/sm_} (+ PTX)"
  echo "needs on the target: NVIDIA driver for CUDA $cuda_release or newer, glibc" \
    "$glibc or newer; linkperf-coll (the NCCL test) glibc $glibc_coll or newer (Open MPI's" \
    "libraries; python3 only for the NCCL test)"
  echo "NCCL is not bundled (over 200 MiB): the NCCL test uses the target's libnccl.so.2"
  echo "files:"
  (cd "$dir" && find . -type f | sort | sed 's/^/  /')
} >"$dir/MANIFEST"

size=$(du -sb "$dir" | cut -f1)
[ "$size" -le "$limit" ] || die "$dir is $((size >> 20)) MiB, over the 64 MiB limit"
echo "gpu-bundle: $dir: $((size >> 20)) MiB, ${#archs[@]} architecture(s) (${archs[*]/#/sm_}), $(ls "$dir/lib" | wc -l) libraries"
