#!/usr/bin/env bash
# Prints the path of the riscv64 guest's initramfs (gzip'd newc cpio): /init (riscv64/init.c,
# static), the steps of each shape as /steps/SHAPE, the riscv64 linkperf with the shared
# libraries it needs from Debian's cross libc (/usr/riscv64-linux-gnu/lib) in /lib, and the test
# library that misplaces memory (tests/numa_vm/misplace_preload.cpp) as /lib/misplace.so, and
# /lib/clock-syscall.so (riscv64/clock_syscall.c: the clock without this kernel's vDSO bug).
# Cached in CACHE as riscv64-initrd-<hash>.cpio.gz, the hash over its sources and binaries; the
# three newest are kept. Usage: initramfs-riscv64.sh CACHE LINKPERF
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=$1 linkperf=$2
libc=/usr/riscv64-linux-gnu/lib
misplace=$root/tests/numa_vm/misplace_preload.cpp
mkdir -p "$cache"
key=$(sha256sum "$here"/riscv64/init.c "$here"/riscv64/clock_syscall.c "$here"/riscv64/steps-* "$linkperf" "$misplace" "$0" |
    awk '{print $1}' | sha256sum | cut -c1-16)
out=$cache/riscv64-initrd-$key.cpio.gz
if [ ! -s "$out" ]; then
    stage=$(mktemp -d)
    trap 'rm -rf "$stage" "$out.part.$$"' EXIT
    mkdir -p "$stage"/{bin,lib,steps,out,tmp,proc,sys,dev}
    riscv64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror -o "$stage/init" "$here/riscv64/init.c"
    riscv64-linux-gnu-g++ -shared -fPIC -O2 -Wall -Wextra -Werror -o "$stage/lib/misplace.so" \
        "$misplace" -ldl
    riscv64-linux-gnu-gcc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$stage/lib/clock-syscall.so" \
        "$here/riscv64/clock_syscall.c"
    cp "$linkperf" "$stage/bin/linkperf"
    for s in "$here"/riscv64/steps-*; do
        cp "$s" "$stage/steps/${s##*/steps-}"
    done
    # The libraries: NEEDED entries, followed transitively, found in the cross libc's directory.
    interp=$(riscv64-linux-gnu-readelf -l "$linkperf" | sed -n 's/.*interpreter: \(.*\)]/\1/p')
    [ -n "$interp" ] || { echo "initramfs-riscv64: $linkperf has no interpreter" >&2; exit 1; }
    cp -L "$libc/${interp##*/}" "$stage/lib/"
    [ "${interp%/*}" = /lib ] || { mkdir -p "$stage${interp%/*}" && cp -L "$libc/${interp##*/}" "$stage$interp"; }
    pending=("$linkperf" "$stage/lib/misplace.so")
    while [ ${#pending[@]} -gt 0 ]; do
        f=${pending[0]}
        pending=("${pending[@]:1}")
        for lib in $(riscv64-linux-gnu-readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
            [ -e "$stage/lib/$lib" ] && continue
            [ -e "$libc/$lib" ] || { echo "initramfs-riscv64: $lib (needed by $f) not in $libc" >&2; exit 1; }
            cp -L "$libc/$lib" "$stage/lib/$lib"
            pending+=("$stage/lib/$lib")
        done
    done
    (cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.part.$$"
    mv "$out.part.$$" "$out" # atomic: runs may share the cache
    ls -t "$cache"/riscv64-initrd-*.cpio.gz | tail -n +4 | xargs -r rm -f
fi
echo "$out"
