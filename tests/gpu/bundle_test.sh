#!/usr/bin/env bash
# The GPU bundle (scripts/gpu-bundle.sh) from this build: written into a clean directory, under
# 64 MiB, every library its programs load found inside it with only it on LD_LIBRARY_PATH, and,
# with this machine's copies of those libraries and of Open MPI's installation masked (a private
# mount namespace, where root may make one), its gpu-check.sh reports "no CUDA device" the
# documented way and linkperf-coll starts MPI from the bundle. Before anything is measured,
# gpu-check.sh says "no NVIDIA driver found" (exit 6) without a driver library and "no GPU
# visible" (exit 3) with a fake one that sees no device, needs no python3 for either, and
# leaves no temporary directory behind. The glibc floor, from every bundled ELF file's symbol
# versions: the programs gpu-check.sh runs and every library they load need no glibc newer than
# 2.35 (Ubuntu 22.04; libstdc++ and libgcc static, no real libstdc++.so.6 in the bundle, which
# would need 2.36) and REQUIRES names it; linkperf-coll's floor (Open MPI's libraries) is
# REQUIRES' glibc_needed_coll. linkperf runs a case through Google Benchmark from the bundle with
# this machine's libstdc++ masked.
# Usage: bundle_test.sh SOURCE_ROOT BUILD_DIR
set -euo pipefail
root=$1
build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
dir=$work/bundle

"$root/scripts/gpu-bundle.sh" "$dir" --prebuilt "$build"
size=$(du -sb "$dir" | cut -f1)
[ "$size" -lt $((64 << 20)) ] || fail "bundle is $size bytes"
for f in bin/linkperf bin/linkperf-coll bin/linkperf_gpu_tests gpu-check.sh bundle-env.sh \
  gpu-preflight.sh REQUIRES bin/linkperf-gpu-preflight gpu-measure.sh MANIFEST tests/nccl_single_rank.sh tests/rank_pid.sh; do
  [ -e "$dir/$f" ] || fail "bundle lacks $f"
done
# A second bundle into the same (now full) directory is refused: nothing stale mixes in.
rc=0
"$root/scripts/gpu-bundle.sh" "$dir" --prebuilt "$build" >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "bundling into a non-empty directory exited $rc, want 1"

# Every library of every program and plugin resolves, and every one that is not glibc's or the
# driver's resolves inside the bundle.
mapfile -t elfs < <(find "$dir/bin" "$dir/lib" "$dir/openmpi" -type f -name '*' \
  -exec sh -c 'head -c4 "$1" | grep -q ELF' _ {} \; -print)
[ "${#elfs[@]}" -gt 10 ] || fail "only ${#elfs[@]} ELF files in the bundle"
for e in "${elfs[@]}"; do
  out=$(env -i LD_LIBRARY_PATH="$dir/lib" ldd "$e" 2>&1 || true)
  ! grep -q "not found" <<<"$out" || fail "$e: $(grep 'not found' <<<"$out")"
  while read -r name arrow path _; do
    [ "$arrow" = "=>" ] || continue
    case "$name" in
      ld-linux*.so* | libc.so* | libm.so* | libdl.so* | libpthread.so* | librt.so* | \
        libutil.so* | libresolv.so* | libcuda.so* | libnvidia-*.so*) continue ;;
      # A library's libstdc++ is the loading program's lib/stdcxx (its DT_RPATH): ldd of
      # the library alone finds this machine's (the programs' own ldd is checked).
      libstdc++.so*) [[ "$e" == "$dir/bin/"* ]] || continue ;;
    esac
    path=$(readlink -f "$path") # lib/stdcxx is found as bin/../lib/stdcxx (DT_RPATH)
    [[ "$path" == "$dir/lib/"* ]] || fail "$e loads $name from $path, outside the bundle"
  done <<<"$out"
done
echo "bundle: ${#elfs[@]} ELF files, every library inside the bundle or glibc's"

# The glibc floors, from the symbol versions of every bundled ELF file (objdump -T).
floor=2.35
newest_of() { objdump -T "$@" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1; }
newer_than_floor() { # the GLIBC_ versions of ELF newer than $floor
  { objdump -T "$1" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' || true; } | sort -uV |
    while read -r v; do
      [ "$(printf '%s\n%s\n' "${v#GLIBC_}" "$floor" | sort -V | tail -1)" = "$floor" ] || echo "$v"
    done
}
# The programs gpu-check.sh runs and every library they load (ldd, inside the bundle).
mapfile -t main_elfs < <(for b in linkperf linkperf_gpu_tests linkperf-gpu-preflight; do
  echo "$dir/bin/$b"
  env -i LD_LIBRARY_PATH="$dir/lib" ldd "$dir/bin/$b" | awk -v d="$dir/" 'index($3, d) == 1 { print $3 }'
done | sort -u)
[ "${#main_elfs[@]}" -gt 5 ] || fail "only ${#main_elfs[@]} ELF files behind the programs"
for e in "${main_elfs[@]}"; do
  over=$(newer_than_floor "$e")
  [ -z "$over" ] || fail "$e needs $(echo $over) (newer than glibc $floor): $(objdump -T "$e" |
    grep -E "$(echo $over | tr ' ' '|')" | awk '{ print $NF }' | sort -u | head -5 | tr '\n' ' ')"
done
newest=$(newest_of "${main_elfs[@]}")
grep -qx "glibc_needed=${newest#GLIBC_}" "$dir/REQUIRES" ||
  fail "REQUIRES says $(grep 'glibc_needed=' "$dir/REQUIRES"), the programs' ELF files need $newest"
newest_all=$(newest_of "${elfs[@]}")
grep -qx "glibc_needed_coll=${newest_all#GLIBC_}" "$dir/REQUIRES" ||
  fail "REQUIRES says $(grep 'glibc_needed_coll' "$dir/REQUIRES"), the bundle needs $newest_all"
grep -qx 'cuda_needed=[0-9]\{4,5\}' "$dir/REQUIRES" || fail "REQUIRES: no cuda_needed"
grep -q "glibc ${newest#GLIBC_} or newer; linkperf-coll (the NCCL test) glibc ${newest_all#GLIBC_}" \
  "$dir/MANIFEST" || fail "MANIFEST does not state the glibc floors"
# libstdc++ and libgcc are in the programs: no real libstdc++ travels (Debian 12's needs 2.36);
# lib/stdcxx/libstdc++.so.6 carries version names only and loads nothing.
for b in linkperf linkperf-coll linkperf_gpu_tests; do
  ! readelf -d "$dir/bin/$b" | grep -qE 'NEEDED.*\[(libstdc\+\+|libgcc_s)' ||
    fail "bin/$b loads libstdc++ or libgcc_s"
  readelf -d "$dir/bin/$b" | grep -qF 'rpath: [$ORIGIN/../lib/stdcxx]' ||
    fail "bin/$b: no DT_RPATH \$ORIGIN/../lib/stdcxx"
done
[ ! -e "$dir/lib/libstdc++.so.6" ] || fail "the bundle carries libstdc++.so.6"
[ -z "$(objdump -T "$dir/lib/stdcxx/libstdc++.so.6" | grep -E ' \*UND\*|DF \.text')" ] ||
  fail "lib/stdcxx/libstdc++.so.6 has code or needs symbols"
echo "bundle: the programs need ${newest} (REQUIRES glibc_needed), linkperf-coll ${newest_all}"
# Nothing but the NCCL test's result checker is python.
[ "$(cd "$dir" && find . -name '*.py')" = ./tests/check_coll_results.py ] ||
  fail "python files in the bundle: $(cd "$dir" && find . -name '*.py')"

# A fake driver library that loads but sees no device.
printf '%s\n' 'int cuDriverGetVersion(int* v) { *v = 99000; return 0; }' \
  'int cuInit(unsigned f) { (void)f; return 100; }' 'int cuDeviceGetCount(int* n) { *n = 0; return 0; }' \
  >"$work/fake.c"
cc -shared -fPIC -o "$work/libcuda-nodevice.so.1" "$work/fake.c"
# A python3 that fails and says so, first on PATH: gpu-check.sh must not need one.
mkdir -p "$work/nopython" "$work/tmp"
printf '#!/bin/sh\necho python3 was called >&2\nexit 127\n' >"$work/nopython/python3"
chmod +x "$work/nopython/python3"

# gpu-check.sh WANT_RC LINE LIBCUDA: the documented run with LIBCUDA as the driver library,
# without python3, exits WANT_RC with a line starting "gpu-check: LINE" before measuring.
gpu_check() {
  local rc=0
  env -i PATH="$work/nopython:/usr/bin:/bin" HOME="$work" TMPDIR="$work/tmp" \
    LINKPERF_LIBCUDA="$3" "$dir/gpu-check.sh" "$work/results.json" >"$work/check.log" 2>&1 || rc=$?
  cat "$work/check.log"
  [ "$rc" = "$1" ] || fail "gpu-check.sh with $3 exited $rc, want $1"
  grep -q "^gpu-check: $2" "$work/check.log" || fail "no 'gpu-check: $2' line"
  ! grep -q "python3 was called" "$work/check.log" || fail "gpu-check.sh called python3"
  [ -z "$(ls -A "$work/tmp")" ] || fail "gpu-check.sh left $(ls "$work/tmp") in TMPDIR"
}

# The documented runs on a host without a device, one line each before anything is measured.
check() {
  gpu_check 6 "no NVIDIA driver found" "$work/none/libcuda.so.1"
  gpu_check 3 "no GPU visible" "$work/libcuda-nodevice.so.1"
  # Past the checks (the test binary on its own): no CUDA device, the documented skip.
  rc=0
  env -i PATH=/usr/bin:/bin HOME="$work" bash -c ". '$dir/bundle-env.sh' && \
    '$dir/bin/linkperf_gpu_tests' '~[run]'" >"$work/tests.log" 2>&1 || rc=$?
  [ "$rc" = 77 ] && grep -q "no CUDA device" "$work/tests.log" ||
    { cat "$work/tests.log"; fail "the GPU tests without a device exited $rc, want 77"; }
  # linkperf runs a host case through Google Benchmark (its libstdc++ the program's own).
  rc=0
  env -i PATH=/usr/bin:/bin HOME="$work" bash -c ". '$dir/bundle-env.sh' && linkperf run \
    --suite quick --sizes 4K --filter '^host\.copy/node0/node0/4K/threads:1\$' \
    --out '$work/host.json'" >"$work/host.log" 2>&1 || rc=$?
  [ "$rc" = 0 ] && grep -q '"status": *"ok"' "$work/host.json" ||
    { cat "$work/host.log"; fail "linkperf from the bundle exited $rc on one host case"; }
  # linkperf-coll gets through MPI_Init on the bundle's Open MPI and reaches the GPU count.
  rc=0
  env -i PATH=/usr/bin:/bin HOME="$work" bash -c ". '$dir/bundle-env.sh' && \
    linkperf-coll --backend nccl all_reduce -b 8 -e 8 -n 1 -w 1 --out '$work/c.json'" \
    >"$work/coll.log" 2>&1 || rc=$?
  grep -q "GPU" "$work/coll.log" && ! grep -q "MPI_Init" "$work/coll.log" ||
    { cat "$work/coll.log"; fail "linkperf-coll from the bundle (exit $rc) did not reach the GPUs"; }
}
export -f check fail gpu_check
export dir work
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  # Mask this machine's copies of everything the bundle carries, and Open MPI's installation.
  empty=$work/empty
  : >"$empty"
  mkdir -p "$work/emptydir"
  masks=()
  for l in "$dir"/lib/* "$dir"/lib/stdcxx/*; do
    n=$(basename "$l")
    for p in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib/riscv64-linux-gnu \
      /usr/local/cuda/lib64 /usr/lib; do
      [ -f "$p/$n" ] && masks+=("$(readlink -f "$p/$n")")
    done
  done
  dirs=()
  for d in pkglibdir pkgdatadir sysconfdir; do
    p=$(ompi_info --path "$d" 2>/dev/null | awk -F': ' '{ print $2 }' || true)
    [ -n "$p" ] && [ -d "$p" ] && dirs+=("$p")
  done
  # Plugins PMIx and UCX load from their own directories.
  for l in libpmix.so.2 libucs.so.0; do
    real=$(readlink -f "$(ldconfig -p | awk -v n="$l" '$1 == n { print $NF; exit }')" 2>/dev/null || true)
    [ -n "$real" ] || continue
    for d in "$(dirname "$real")/pmix" "$(dirname "$real")/ucx"; do
      [ -d "$d" ] && dirs+=("$d")
    done
  done
  command -v orted >/dev/null 2>&1 && masks+=("$(readlink -f "$(command -v orted)")")
  unshare -m --propagation private bash -c '
    set -e
    for f in '"$(printf '%q ' "${masks[@]}")"'; do mount --bind "'"$empty"'" "$f"; done
    for d in '"$(printf '%q ' "${dirs[@]}")"'; do mount --bind "'"$work/emptydir"'" "$d"; done
    check
    cat "'"$work"'/coll.log"'
  echo "bundle: checked with ${#masks[@]} system files and ${#dirs[@]} Open MPI directories masked"
else
  echo "bundle: not root or no mount namespaces: checked without masking this machine's libraries"
  check
fi
echo "bundle: OK"
