#!/usr/bin/env bash
# The device tree edits of scripts/riscv-vm.sh (scripts/vm/riscv64/edit_dts.py: shapes b and c, run ao)
# on QEMU 7.2's own riscv64 virt tree (2 nodes x 2 harts, recorded in tests/data/riscv64/):
# dtc must accept each result and hold what the guest's kernel is meant to read; a tree without
# what an edit needs is refused with one line. No QEMU or kernel needed; dtc (package
# device-tree-compiler) or the test is skipped.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
edit=$root/scripts/vm/riscv64/edit_dts.py
tree=$root/tests/data/riscv64/qemu7.2-virt-2node.dts
command -v dtc >/dev/null || { echo "no dtc (package device-tree-compiler, scripts/packages/riscv-vm.txt)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "edit_dts_test: FAIL: $*" >&2; exit 1; }
# round DTS: the tree as dtc reads it back from the blob it compiles (the kernel's view).
round() {
    dtc -q -I dts -O dtb -o "$work/x.dtb" "$1" || fail "dtc refuses $1"
    dtc -q -I dtb -O dts "$work/x.dtb"
}

python3 "$edit" sockets-caches "$tree" "$work/b.dts"
round "$work/b.dts" >"$work/b.out"
for want in 'socket0 {' 'socket1 {' 'l2-cache0 {' 'l2-cache1 {' 'cache-size = <0x100000>;' 'cache-level = <0x02>;'; do
    grep -qF "$want" "$work/b.out" || fail "sockets-caches: no '$want'"
done
[ "$(grep -c 'd-cache-size = <0x8000>;' "$work/b.out")" = 4 ] || fail "sockets-caches: not 4 harts with an L1 d-cache"
[ "$(grep -c 'next-level-cache' "$work/b.out")" = 4 ] || fail "sockets-caches: not 4 harts with a next-level cache"
# Each socket holds one cluster of 2 cores, and the harts of node N point at L2 N.
python3 - "$work/b.out" <<'PY' || fail "sockets-caches: harts and their L2 caches"
import re, sys
t = open(sys.argv[1]).read()
l2 = {int(n): p for n, p in re.findall(r"l2-cache(\d) \{[^}]*phandle = <(0x[0-9a-f]+)>", t)}
harts = re.findall(r"cpu@\d \{[^{]*?numa-node-id = <(0x[0-9a-f]+)>;.*?next-level-cache = <(0x[0-9a-f]+)>", t, re.S)
assert len(harts) == 4 and all(l2[int(n, 16)] == p for n, p in harts), (l2, harts)
PY

python3 "$edit" memory-node "$tree" "$work/c.dts" 17,28
round "$work/c.dts" >"$work/c.out"
python3 - "$work/c.out" <<'PY' || fail "memory-node: the third node"
import re, sys
t = open(sys.argv[1]).read()
mems = {int(n, 16): (int(b, 16), int(s, 16)) for n, b, s in re.findall(
    r"numa-node-id = <(0x[0-9a-f]+)>;\s*device_type = \"memory\";\s*reg = <0x00 (0x[0-9a-f]+) 0x00 (0x[0-9a-f]+)>", t)}
# Node 1's 512 MiB became 256 MiB for node 1 and 256 MiB for node 2 right after it.
assert mems[1][1] == mems[2][1] == 256 << 20 and mems[2][0] == mems[1][0] + mems[1][1], mems
m = [int(x, 16) for x in re.search(r"distance-matrix = <([^>]*)>", t).group(1).split()]
d = {(m[i], m[i + 1]): m[i + 2] for i in range(0, len(m), 3)}
assert d[(0, 2)] == d[(2, 0)] == 17 and d[(1, 2)] == d[(2, 1)] == 28 and d[(2, 2)] == 10, d
assert not re.search(r"cpu@\d \{[^{]*numa-node-id = <0x02>", t)  # no hart on node 2
PY

# cpu-order: the same harts, nodes and properties, the cpu nodes in the order asked (Linux
# numbers the CPUs other than the boot hart in this order).
python3 "$edit" cpu-order "$tree" "$work/o.dts" 0,2,1,3
round "$work/o.dts" >"$work/o.out"
[ "$(grep -o 'cpu@[0-9] {' "$work/o.out" | tr -d ' {' | paste -sd,)" = "cpu@0,cpu@2,cpu@1,cpu@3" ] ||
    fail "cpu-order: cpu nodes in the order $(grep -o 'cpu@[0-9] {' "$work/o.out" | paste -sd,)"
cmp -s <(sort "$tree") <(sort "$work/o.dts") || fail "cpu-order: lines other than the order changed"
if python3 "$edit" cpu-order "$tree" "$work/out.dts" 0,2,1 2>"$work/err"; then fail "a cpu order without hart 3 was accepted"; fi
[ "$(wc -l <"$work/err")" = 1 ] || fail "no one-line refusal: $(cat "$work/err")"

# Refusals: one line, non-zero.
sed '/cpu-map {/,$d' "$tree" >"$work/nomap.dts"
if python3 "$edit" sockets-caches "$work/nomap.dts" "$work/out.dts" 2>"$work/err"; then fail "a tree without cpu-map was edited"; fi
[ "$(wc -l <"$work/err")" = 1 ] || fail "no one-line refusal: $(cat "$work/err")"
if python3 "$edit" memory-node "$tree" "$work/out.dts" 17 2>"$work/err"; then fail "one distance for two nodes was accepted"; fi
grep -q "1 distances for 2 nodes" "$work/err" || fail "refusal said: $(cat "$work/err")"
echo "edit_dts_test: sockets and caches, a memory-only node and a cpu order, as the riscv64 guest needs them"
