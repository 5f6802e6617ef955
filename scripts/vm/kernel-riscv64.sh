#!/usr/bin/env bash
# Prints the path of the riscv64 guest's kernel Image, built from Debian's linux-source-6.1 with
# Debian's cross compiler (gcc-riscv64-linux-gnu): `make ARCH=riscv tinyconfig`, then the delta of
# scripts/vm/kernel-riscv64.config, then olddefconfig. Built once and cached in
# CACHE/kernel-riscv64/<key>/Image, the key hashing the delta and the source tarball's version, so
# editing the delta rebuilds and nothing else does. Build output goes to CACHE/.../build.log.
# Usage: kernel-riscv64.sh CACHE [--cached]   (--cached: print the path if built, else exit 1;
# never build). Env: LINKPERF_JOBS (default nproc). scripts/riscv-vm.sh runs it under nice.
# Exit 77 with one line on stdout when the packages are missing; 1 when the build fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=$1/kernel-riscv64
delta=$here/kernel-riscv64.config
tarball=$(ls /usr/src/linux-source-6.1.tar.xz 2>/dev/null || true)
[ -n "$tarball" ] || { echo "no /usr/src/linux-source-6.1.tar.xz (package linux-source-6.1)"; exit 77; }
command -v riscv64-linux-gnu-gcc >/dev/null || { echo "no riscv64-linux-gnu-gcc (package gcc-riscv64-linux-gnu)"; exit 77; }
for tool in make bc flex bison; do
    command -v "$tool" >/dev/null || { echo "no $tool to build the kernel (scripts/packages/riscv-vm.txt)"; exit 77; }
done
version=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || stat -c %s "$tarball")
key=$( { echo "$version"; grep -v '^#' "$delta"; riscv64-linux-gnu-gcc -dumpversion; } | sha256sum | cut -c1-16)
dir=$cache/$key
if [ -s "$dir/Image" ]; then
    echo "$dir/Image"
    exit 0
fi
[ "${2:-}" != --cached ] || exit 1
mkdir -p "$cache"
# One build at a time per key: a second run waits for the first (flock), then finds the Image.
exec 9>"$cache/$key.lock"
flock 9
if [ -s "$dir/Image" ]; then
    echo "$dir/Image"
    exit 0
fi
tmp=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
log=$cache/$key.build.log
started=$(date +%s)
built() { # the failure's last lines, then exit 1
    tail -20 "$log" >&2
    echo "kernel-riscv64: build failed: $* (log: $log)"
    exit 1
}
: >"$log"
# The whole tree: Kconfig sources files of other architectures and of Documentation/.
tar -xJf "$tarball" -C "$tmp" >>"$log" 2>&1 || built "unpacking $tarball"
src=$(ls -d "$tmp"/linux-source-*)
kmake=(make -C "$src" ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu- -j"${LINKPERF_JOBS:-$(nproc)}")
"${kmake[@]}" tinyconfig >>"$log" 2>&1 || built "make tinyconfig"
grep '^CONFIG_' "$delta" >"$tmp/delta.config"
"$src/scripts/kconfig/merge_config.sh" -m -O "$src" "$src/.config" "$tmp/delta.config" >>"$log" 2>&1 ||
    built "merging $delta"
"${kmake[@]}" olddefconfig >>"$log" 2>&1 || built "make olddefconfig"
# Every line of the delta must have survived olddefconfig (a dependency missing drops it).
lost=$(grep -vxF -f "$src/.config" "$tmp/delta.config" || true)
[ -z "$lost" ] || built "did not survive olddefconfig:" $lost
"${kmake[@]}" Image >>"$log" 2>&1 || built "make Image"
mkdir -p "$tmp/out"
cp "$src/arch/riscv/boot/Image" "$tmp/out/Image"
cp "$src/.config" "$tmp/out/config"
rm -rf "$dir"
mv "$tmp/out" "$dir" # atomic: runs may share the cache
echo "built in $(($(date +%s) - started)) s" >>"$log"
echo "$dir/Image"
