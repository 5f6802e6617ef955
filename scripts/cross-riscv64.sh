#!/usr/bin/env bash
# Cross-builds linkperf for riscv64 (or --arch aarch64) and runs it under user-mode qemu:
#   1. the cross toolchain and qemu-user-static (scripts/packages/riscv.txt);
#   2. a sysroot in build-<arch>/sysroot with hwloc, libnuma, fmt, Google Benchmark and Catch2
#      (its Catch2WithMain is a library) built from Debian's source packages (apt-get source)
#      and the header-only CLI11 and nlohmann_json copied from the build machine's Debian
#      packages; reused when present;
#   3. linkperf without CUDA or MPI (cmake/toolchains/<arch>-linux-gnu.cmake);
#   4. the whole ctest suite under emulation, then `linkperf topo` and
#      `linkperf run --suite quick`, whose results file must say <arch> and emulated.
# Prints the seconds each step took. Exits non-zero on any failure.
# Usage: scripts/cross-riscv64.sh [--arch riscv64|aarch64] [--build-only] [--target T]...
#        [ctest arguments...]   (--target: build only these targets, e.g. for scripts/riscv-vm.sh)
# Environment: LINKPERF_CROSS_DIR (default build-<arch>), LINKPERF_JOBS (default nproc).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

arch=riscv64
build_only=0
targets=()
ctest_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --arch) arch=${2:?--arch needs riscv64 or aarch64}; shift 2 ;;
    --build-only) build_only=1; shift ;;
    --target) targets+=(--target "${2:?--target needs a target}"); build_only=1; shift 2 ;;
    *) ctest_args+=("$1"); shift ;;
  esac
done
case "$arch" in
  riscv64) debarch=riscv64 ;;
  aarch64) debarch=arm64 ;;
  *) echo "cross: unknown --arch $arch (riscv64 or aarch64)" >&2; exit 2 ;;
esac
triple=$arch-linux-gnu
toolchain=$root/cmake/toolchains/$triple.cmake
work=${LINKPERF_CROSS_DIR:-$root/build-$arch}
sysroot=$work/sysroot
jobs=${LINKPERF_JOBS:-$(nproc)}
libc=/usr/$triple
qemu=(env "LINKPERF_EMULATOR=qemu-$arch" "qemu-$arch-static" -L "$libc")
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

started=$(date +%s)
step_start=$started
step() {
  local now
  now=$(date +%s)
  echo "cross-$arch: [$((now - step_start)) s] done; $* (total $((now - started)) s)"
  step_start=$now
}

# 1. Packages. riscv64's (and the tools every ISA's sysroot needs) are in
# scripts/packages/riscv.txt, aarch64's compiler in aarch64.txt (CI installs both); other ISAs'
# compilers are installed on demand.
"$root/scripts/install-deps.sh" core riscv
if [ "$arch" != riscv64 ]; then
  missing=()
  for p in "g++-$triple" "libc6-dev-$debarch-cross"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/tmp/linkperf-apt-cross.log
  fi
fi
step "packages"

# 2a. Debian sources. apt-get source needs deb-src entries: add them for this release when the
# machine has none (deb822 format, like Debian 12's own debian.sources).
mkdir -p "$work/src" "$sysroot"
sources=(hwloc numactl fmtlib benchmark catch2)
need_src=0
for s in "${sources[@]}"; do
  [ -f "$work/src/$s.stamp" ] || need_src=1
done
if [ "$need_src" -eq 1 ]; then
  if ! apt-get source --print-uris hwloc >/dev/null 2>&1; then
    if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
      codename=$(. /etc/os-release && echo "$VERSION_CODENAME")
      echo "cross: adding deb-src entries for $codename (/etc/apt/sources.list.d/linkperf-deb-src.sources)"
      printf '%s\n' "Types: deb-src" "URIs: http://deb.debian.org/debian" \
        "Suites: $codename $codename-updates" "Components: main" \
        "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" |
        $sudo tee /etc/apt/sources.list.d/linkperf-deb-src.sources >/dev/null
    fi
    $sudo apt-get update -qq >/dev/null
  fi
  for s in "${sources[@]}"; do
    if [ ! -f "$work/src/$s.stamp" ]; then
      (cd "$work/src" && apt-get source -qq "$s" >"$work/src/$s.log" 2>&1) ||
        { echo "cross: apt-get source $s failed:"; cat "$work/src/$s.log"; exit 1; }
      touch "$work/src/$s.stamp"
    fi
  done
fi
srcdir() { # the unpacked tree of source package $1 (apt-get source names it <pkg>-<version>)
  find "$work/src" -mindepth 1 -maxdepth 1 -type d -name "$1-*" | sort | tail -n 1
}
step "sources"

# 2b. The sysroot. Static libraries: nothing of ours has to be found at run time beside the
# cross glibc and libstdc++ that qemu loads from $libc.
cmake_dep() { # name source-dir cmake-options...
  local name=$1 src=$2
  shift 2
  cmake -S "$src" -B "$work/deps/$name" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
    -DLINKPERF_CROSS_SYSROOT="$sysroot" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$sysroot/usr" -DCMAKE_INSTALL_LIBDIR=lib \
    -DBUILD_SHARED_LIBS=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON "$@" >"$work/deps/$name.log" 2>&1
  cmake --build "$work/deps/$name" -j"$jobs" >>"$work/deps/$name.log" 2>&1
  cmake --install "$work/deps/$name" >>"$work/deps/$name.log" 2>&1
}
autotools_dep() { # name source-dir configure-options...
  local name=$1 src=$2
  shift 2
  mkdir -p "$work/deps/$name"
  # Some upstream tarballs (numactl) ship configure.ac only, as Debian runs dh_autoreconf.
  if [ ! -x "$src/configure" ]; then
    (cd "$src" && autoreconf -fi) >"$work/deps/$name.log" 2>&1 || return 1
  fi
  (cd "$work/deps/$name" &&
    "$src/configure" --host="$triple" --prefix="$sysroot/usr" --libdir="$sysroot/usr/lib" \
      --enable-static --disable-shared "$@" &&
    make -j"$jobs" && make install) >>"$work/deps/$name.log" 2>&1
}
sysroot_changed=0
build_dep() { # name function args...: once per sysroot, with its log shown on failure
  local name=$1
  shift
  [ -f "$sysroot/.$name.done" ] && return 0
  mkdir -p "$work/deps"
  rm -rf "${work:?}/deps/$name"
  if ! "$@"; then
    echo "cross: building $name for $arch failed; the end of $work/deps/$name.log:"
    tail -n 40 "$work/deps/$name.log"
    exit 1
  fi
  touch "$sysroot/.$name.done"
  sysroot_changed=1
  step "sysroot: $name"
}
# Only what linkperf uses: the topology from sysfs (Linux backend, PCI devices included) and
# hwloc's own XML parser for saved topologies.
build_dep hwloc autotools_dep hwloc "$(srcdir hwloc)" --disable-libxml2 --disable-cairo \
  --disable-pci --disable-libudev --disable-opencl --disable-cuda --disable-nvml --disable-rsmi \
  --disable-levelzero --disable-gl --disable-plugin-dlopen --disable-doxygen --without-x
numactl_dep() {
  autotools_dep numactl "$(srcdir numactl)" || return 1
  # libnuma's bitmask helpers use byte-sized atomics, which riscv64 GCC leaves to libatomic; a
  # shared libnuma records that itself, the static one needs it on the link line.
  local undefined
  undefined=$("$triple-nm" -u "$sysroot/usr/lib/libnuma.a")
  if grep -q '__atomic_' <<<"$undefined"; then
    sed -i 's/^Libs: \(.*\)$/Libs: \1 -latomic/' "$sysroot/usr/lib/pkgconfig/numa.pc"
  fi
}
build_dep numactl numactl_dep
build_dep fmt cmake_dep fmt "$(srcdir fmtlib)" -DFMT_TEST=OFF -DFMT_DOC=OFF
# Debian's benchmark reads its version from -DGIT_VERSION (debian/rules), not from git.
bench_src=$(srcdir benchmark)
build_dep benchmark cmake_dep benchmark "$bench_src" -DGIT_VERSION="${bench_src##*/benchmark-}" \
  -DBENCHMARK_ENABLE_TESTING=OFF \
  -DBENCHMARK_ENABLE_GTEST_TESTS=OFF -DBENCHMARK_ENABLE_WERROR=OFF -DBENCHMARK_ENABLE_LTO=OFF \
  -DBENCHMARK_INSTALL_DOCS=OFF
build_dep catch2 cmake_dep catch2 "$(srcdir catch2)" -DCATCH_BUILD_TESTING=OFF \
  -DCATCH_INSTALL_DOCS=OFF -DCATCH_INSTALL_HELPERS=ON
headers_dep() { # header-only packages are architecture independent: copy their files
  local pkg f
  for pkg in libcli11-dev nlohmann-json3-dev; do
    dpkg -L "$pkg" | grep -E '^/usr/(include|lib/cmake|share/cmake|share/pkgconfig)/' |
      while read -r f; do
        [ -f "$f" ] && cp --parents "$f" "$sysroot"
      done
  done
  echo "copied into $sysroot" >"$work/deps/headers.log"
}
build_dep headers headers_dep

# 3. linkperf. A rebuilt sysroot invalidates the cached pkg-config and package results.
build=$work/linkperf
[ "$sysroot_changed" -eq 1 ] && rm -f "$build/CMakeCache.txt"
cmake -S "$root" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$toolchain" \
  -DLINKPERF_CROSS_SYSROOT="$sysroot" -DLINKPERF_CUDA=OFF -DLINKPERF_BUILD_TESTS=ON \
  -DLINKPERF_WERROR=ON -DCMAKE_BUILD_TYPE=Release >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; exit 1; }
cmake --build "$build" -j"$jobs" "${targets[@]}"
file "$build/bin/linkperf" | grep -q "ELF 64-bit.*$(case $arch in riscv64) echo RISC-V ;; aarch64) echo aarch64 ;; esac)" ||
  { echo "cross: $build/bin/linkperf is not a $arch binary: $(file "$build/bin/linkperf")"; exit 1; }
step "linkperf built"
[ "$build_only" -eq 1 ] && exit 0

# 4. The suite under emulation. Our binaries run under qemu; the tools the tests call (bash,
# python3, hwloc-calc, lstopo) are the build machine's own and run natively. The results
# checker compares the file's ISA with LINKPERF_EXPECT_ISA (uname -m would say x86_64 here).
# Left out under emulation, each for a reason of qemu-user's, not of linkperf's:
# - qemu-user implements neither move_pages nor get_mempolicy (ENOSYS), so where a buffer's
#   pages landed cannot be asked; the NUMA buffer test checks exactly that.
emulation_excluded='^unit:a buffer on each node of this host lands there and is verified$'
export LINKPERF_EXPECT_ISA=$arch LINKPERF_EMULATOR=qemu-$arch
(cd "$build" && ctest --output-on-failure -j"$jobs" --timeout 900 -E "$emulation_excluded" \
  "${ctest_args[@]}")
step "ctest under qemu-$arch"

"${qemu[@]}" "$build/bin/linkperf" topo
out=$work/quick-$arch.json
rm -f "$out"
"${qemu[@]}" "$build/bin/linkperf" run --suite quick --out "$out"
python3 - "$out" "$arch" <<'EOF'
import json, sys
path, arch = sys.argv[1], sys.argv[2]
lp = json.load(open(path))["context"]["linkperf"]
problems = []
if lp.get("isa") != arch:
    problems.append(f"isa is {lp.get('isa')!r}, not {arch!r}")
if lp.get("emulated") is not True:
    problems.append("emulated is not true")
if not lp.get("complete"):
    problems.append("the run is not complete")
if problems:
    sys.exit(f"cross: {path}: " + "; ".join(problems))
print(f"cross: {path}: isa {lp['isa']}, emulated by {lp.get('emulator')}, "
      f"isa_features {lp.get('isa_features')}")
EOF
step "linkperf topo and run --suite quick under qemu-$arch"
echo "cross-$arch: everything passed in $(($(date +%s) - started)) s"
