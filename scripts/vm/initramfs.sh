#!/usr/bin/env bash
# Prints the path of the NUMA guest's initramfs (gzip'd newc cpio): busybox-static, /init and
# /guest.sh (this directory), the linkperf binary with every shared library ldd lists, and the
# test library that misplaces memory (tests/numa_vm/misplace_preload.cpp). hwloc needs no data
# files on Linux (it reads the guest kernel's sysfs). Cached in CACHE as initrd-<hash>.cpio.gz,
# the hash over every file it holds; the three newest are kept.
# Usage: initramfs.sh CACHE LINKPERF PRELOAD_LIBRARY
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=$1 linkperf=$2 preload=$3
busybox=/bin/busybox
mkdir -p "$cache"
libs=$(ldd "$linkperf" "$preload" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $1 !~ /:$/ {print $1}' | sort -u)
key=$(sha256sum "$busybox" "$here/init" "$here/guest.sh" "$linkperf" "$preload" $libs |
    awk '{print $1}' | sha256sum | cut -c1-16)
out=$cache/initrd-$key.cpio.gz
if [ ! -s "$out" ]; then
    stage=$(mktemp -d)
    trap 'rm -rf "$stage" "$out.part.$$"' EXIT
    mkdir -p "$stage"/{bin,lib64,lib/x86_64-linux-gnu,lib/linkperf-test,out,tmp}
    cp "$busybox" "$stage/bin/busybox"
    cp "$here/init" "$stage/init"
    cp "$here/guest.sh" "$stage/guest.sh"
    cp "$linkperf" "$stage/bin/linkperf"
    cp "$preload" "$stage/lib/linkperf-test/misplace.so"
    for l in $libs; do
        case "$l" in
        */ld-linux-x86-64.so.2) cp -L "$l" "$stage/lib64/" ;;
        *) cp -L "$l" "$stage/lib/x86_64-linux-gnu/" ;;
        esac
    done
    chmod 755 "$stage/init" "$stage/guest.sh"
    (cd "$stage" && find . | "$busybox" cpio -o -H newc 2>/dev/null | gzip -1) >"$out.part.$$"
    mv "$out.part.$$" "$out" # atomic: runs may share the cache
    ls -t "$cache"/initrd-*.cpio.gz | tail -n +4 | xargs -r rm -f
fi
echo "$out"
