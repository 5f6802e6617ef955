#!/usr/bin/env bash
# Prints the path of a Debian x86-64 kernel for the NUMA guest: the image of the package that
# linux-image-cloud-amd64 (else linux-image-amd64) depends on, fetched with `apt-get download`
# and unpacked with `dpkg-deb -x` into CACHE/kernel/<package>/ (never installed into /boot).
# Offline, the newest kernel already in CACHE is used. Usage: kernel.sh CACHE
# Exit 77 with one line on stdout when no kernel can be had.
set -euo pipefail
cache=$1/kernel
mkdir -p "$cache"
pkg=""
for meta in linux-image-cloud-amd64 linux-image-amd64; do
    pkg=$(apt-cache depends "$meta" 2>/dev/null | awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ {print $2; exit}')
    [ -z "$pkg" ] || break
done
if [ -n "$pkg" ] && [ ! -s "$cache/$pkg/vmlinuz" ]; then
    tmp=$(mktemp -d "$cache/download.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
    if (cd "$tmp" && apt-get download -q "$pkg") >"$tmp/log" 2>&1 &&
        dpkg-deb -x "$tmp"/*.deb "$tmp/root"; then
        mkdir -p "$cache/$pkg"
        cp "$tmp"/root/boot/vmlinuz-* "$cache/$pkg/vmlinuz.part.$$"
        mv "$cache/$pkg/vmlinuz.part.$$" "$cache/$pkg/vmlinuz" # atomic: runs may share the cache
    else
        echo "numa-vm: apt-get download $pkg failed: $(tail -1 "$tmp/log")" >&2
    fi
fi
if [ -n "$pkg" ] && [ -s "$cache/$pkg/vmlinuz" ]; then
    echo "$cache/$pkg/vmlinuz"
    exit 0
fi
newest=$(ls -t "$cache"/*/vmlinuz 2>/dev/null | head -1 || true)
[ -n "$newest" ] || { echo "no Debian kernel package reachable (apt-get download linux-image-*-cloud-amd64)"; exit 77; }
echo "$newest"
