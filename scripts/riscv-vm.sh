#!/usr/bin/env bash
# A live RISC-V host: boots a riscv64 Linux with NUMA under qemu-system-riscv64 (TCG) and runs
# the cross-built linkperf inside it, then checks what came back (tests/numa_vm/riscv_guest.py)
# and joins the guest's results by role with an x86 run. Shapes:
#   a: QEMU's own device tree, 2 nodes x 2 harts, the boot hart left to OpenSBI (it varies under
#      TCG, and Linux numbers CPUs from it): booted LINKPERF_RISCV_VM_BOOTS_A times (3), then
#      once more (run "ao") with its cpu nodes in the order 0,2,1,3, which numbers the CPUs of
#      each node apart (node 0: 0,2) when hart 0 boots, as most boots do here;
#   b: that device tree edited: one socket per node, L1 caches per hart and an L2 per socket;
#   c: 2 CPU nodes + 1 memory-only node (device tree edited: QEMU's command line refuses it).
# Everything comes from Debian packages (scripts/packages/riscv-vm.txt): the kernel from
# linux-source-6.1 built with gcc-riscv64-linux-gnu (tinyconfig + scripts/vm/kernel-riscv64.config,
# scripts/vm/kernel-riscv64.sh, cached by its config), qemu-system-misc, opensbi's fw_dynamic,
# device-tree-compiler; the guest's userland is a static init (scripts/vm/riscv64/init.c) and
# linkperf with the cross libc's libraries (scripts/vm/initramfs-riscv64.sh).
# Usage: scripts/riscv-vm.sh [--kernel-only] [RESULTS_DIR]
#   --kernel-only: build (or find) the kernel, print its path and the seconds it took, exit.
#   RESULTS_DIR: keep what came back, the consoles and the joins.
# Env: LINKPERF_RISCV_BIN (default build-riscv64/linkperf/bin/linkperf: scripts/test.sh
#      --riscv64 builds it), LINKPERF_BIN (the x86 linkperf of the join, default
#      build/bin/linkperf), LINKPERF_X86_VM_RESULTS (an x86 guest's kept results,
#      scripts/numa-vm.sh DIR: joined by role too when present), LINKPERF_RISCV_VM_RUNS (only
#      these runs, e.g. "b c": no comparison of boots, no joins), LINKPERF_RISCV_VM_APPEND (more
#      kernel arguments, e.g. norandmaps), LINKPERF_VM_CACHE (default
#      ~/.cache/linkperf/numa-vm), LINKPERF_RISCV_VM_SECONDS (the boots' whole limit, 900;
#      one boot: LINKPERF_RISCV_VM_BOOT_SECONDS, 300), LINKPERF_RISCV_KERNEL_SECONDS (the
#      kernel build before them, 1800).
# Exit: 0 pass, 1 fail, 77 skipped (one line says why: a package or the riscv64 build missing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
kernel_only=0
if [ "${1:-}" = --kernel-only ]; then
    kernel_only=1
    shift
fi
keep=${1:-}
rvbin=${LINKPERF_RISCV_BIN:-$root/build-riscv64/linkperf/bin/linkperf}
x86bin=${LINKPERF_BIN:-$root/build/bin/linkperf}
cache=${LINKPERF_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/linkperf/numa-vm}
opensbi=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
check=$root/tests/numa_vm/riscv_guest.py

skip() {
    echo "riscv-vm: skipped: $*"
    exit 77
}
fail() {
    echo "riscv-vm: FAIL: $*" >&2
    exit 1
}

[ "${LINKPERF_CROSS:-0}" != 1 ] || skip "cross build: the host side of the test runs on the build machine"
command -v qemu-system-riscv64 >/dev/null ||
    skip "no qemu-system-riscv64 (package qemu-system-misc, scripts/packages/riscv-vm.txt)"
[ -f "$opensbi" ] || skip "no $opensbi (package opensbi, scripts/packages/riscv-vm.txt)"
command -v dtc >/dev/null || skip "no dtc (package device-tree-compiler, scripts/packages/riscv-vm.txt)"
command -v cpio >/dev/null || skip "no cpio (package cpio, scripts/packages/riscv-vm.txt)"
command -v riscv64-linux-gnu-g++ >/dev/null || skip "no riscv64-linux-gnu-g++ (scripts/packages/riscv.txt)"

# The riscv64 build first: without it nothing would boot, so no kernel is built for nothing.
if [ "$kernel_only" -eq 0 ]; then
    [ -x "$rvbin" ] || skip "no riscv64 linkperf at $rvbin (scripts/test.sh --riscv64 builds it; or set LINKPERF_RISCV_BIN)"
    file "$rvbin" | grep -q "RISC-V" || fail "$rvbin is not a riscv64 binary: $(file "$rvbin")"
    [ -x "$x86bin" ] || fail "no linkperf at $x86bin for the join (build it, or set LINKPERF_BIN)"
fi
if [ -z "${LINKPERF_RISCV_VM_BOUNDED:-}" ]; then
    t0=$(date +%s)
    kernel=$(timeout -k 15 "${LINKPERF_RISCV_KERNEL_SECONDS:-1800}" nice -n 10 "$here/vm/kernel-riscv64.sh" "$cache") ||
        { rc=$?; [ $rc -eq 77 ] && skip "$kernel"; fail "kernel (exit $rc): $kernel"; }
    echo "riscv-vm: kernel $kernel (ready in $(($(date +%s) - t0)) s)"
    [ "$kernel_only" -eq 0 ] || exit 0
fi
limit=${LINKPERF_RISCV_VM_SECONDS:-900}
. "$here/lib/bounded.sh"
bound_script LINKPERF_RISCV_VM_BOUNDED "$limit" "$0" "$@"

work=$(mktemp -d)
qemu_pid=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    # qemu runs under its own `timeout`, which leads a process group of its own: end the group.
    [ -z "$qemu_pid" ] || kill -KILL -- "-$qemu_pid" 2>/dev/null || kill -KILL "$qemu_pid" 2>/dev/null || true
    # A failed run keeps what it has (consoles, unpacked results) for a look.
    if [ "$rc" -ne 0 ] && [ -n "$keep" ]; then
        mkdir -p "$keep" && cp -r "$work"/. "$keep"/ 2>/dev/null || true
        echo "riscv-vm: what the failed run left is in $keep" >&2
    fi
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'echo "riscv-vm: FAIL: interrupted (SIGINT/SIGTERM; limit $limit s)" >&2; exit 143' INT TERM

t0=$(date +%s)
kernel=$("$here/vm/kernel-riscv64.sh" "$cache") || fail "kernel: $kernel"
initrd=$("$here/vm/initramfs-riscv64.sh" "$cache" "$rvbin") || fail "initramfs"
echo "riscv-vm: kernel $kernel, initramfs $initrd ($(($(du -k "$initrd" | cut -f1) / 1024)) MiB)"

machine=(-M virt -accel tcg,thread=multi -cpu rv64 -smp 4)
# numa SHAPE: the memory and NUMA options of a shape (c: node 1's 512 MiB become nodes 1 and 2).
numa() {
    local m1=256M
    [ "$1" != c ] || m1=512M
    echo "-m $([ "$1" = c ] && echo 768M || echo 512M)" \
        "-object memory-backend-ram,id=m0,size=256M -object memory-backend-ram,id=m1,size=$m1" \
        "-numa node,nodeid=0,cpus=0-1,memdev=m0 -numa node,nodeid=1,cpus=2-3,memdev=m1" \
        "-numa dist,src=0,dst=1,val=21"
}
# dtb RUN: QEMU's device tree for the run's shape, edited (ao, b, c) with
# scripts/vm/riscv64/edit_dts.py.
dtb() {
    local run=$1 shape=${1:0:1}
    # shellcheck disable=SC2046
    qemu-system-riscv64 "${machine[@]}" $(numa "$shape") -M "virt,dumpdtb=$work/$shape.dtb" \
        -display none >/dev/null 2>&1 || fail "shape $shape: qemu could not dump its device tree"
    dtc -q -I dtb -O dts -o "$work/$shape.dts" "$work/$shape.dtb"
    case "$run" in
    ao) python3 "$here/vm/riscv64/edit_dts.py" cpu-order "$work/$shape.dts" "$work/$run.edited.dts" 0,2,1,3 ;;
    b*) python3 "$here/vm/riscv64/edit_dts.py" sockets-caches "$work/$shape.dts" "$work/$run.edited.dts" ;;
    c*) python3 "$here/vm/riscv64/edit_dts.py" memory-node "$work/$shape.dts" "$work/$run.edited.dts" 17,28 ;;
    esac
    dtc -q -I dts -O dtb -o "$work/$run.edited.dtb" "$work/$run.edited.dts"
    echo "$work/$run.edited.dtb"
}

# boot RUN SHAPE: boots the guest for one shape; its console (with the results) goes to
# $work/console-RUN.log. Returns QEMU's status.
boot() {
    local run=$1 shape=$2 tree=()
    case "$run" in
    a[0-9]*) ;; # QEMU's own tree
    *) tree=(-dtb "$(dtb "$run")") ;;
    esac
    : >"$work/console-$run.log"
    # shellcheck disable=SC2046
    timeout -k 5 "${LINKPERF_RISCV_VM_BOOT_SECONDS:-300}" qemu-system-riscv64 "${machine[@]}" $(numa "$shape") "${tree[@]}" \
        -bios "$opensbi" -nodefaults -display none -monitor none -no-reboot \
        -kernel "$kernel" -initrd "$initrd" \
        -append "console=ttyS0 earlycon=sbi loglevel=1 panic=-1 linkperf.shape=$shape linkperf.epoch=$(date +%s) ${LINKPERF_RISCV_VM_APPEND:-}" \
        -serial "file:$work/console-$run.log" &
    qemu_pid=$!
    local rc=0
    wait "$qemu_pid" || rc=$?
    qemu_pid=""
    return "$rc"
}

runs=()
for i in $(seq 1 "${LINKPERF_RISCV_VM_BOOTS_A:-3}"); do runs+=("a$i"); done
runs+=(ao b c)
# LINKPERF_RISCV_VM_RUNS="b c" (say): only these runs, each checked, without the comparison of
# shape a's boots and the joins (to chase a failure of one shape).
[ -z "${LINKPERF_RISCV_VM_RUNS:-}" ] || read -r -a runs <<<"$LINKPERF_RISCV_VM_RUNS"
for run in "${runs[@]}"; do
    shape=${run:0:1}
    start=$(date +%s)
    # Linux gives a secondary hart 1 s to come up; under TCG on a loaded host one sometimes
    # misses it and stays offline (no CPU hotplug in this kernel to retry it): boot again.
    for try in 1 2 3; do
        rc=0
        boot "$run" "$shape" || rc=$?
        online=$(grep -a '^linkperf-guest: up:' "$work/console-$run.log" | tr -d '\r' | sed -n 's/.*, \([0-9]*\) CPUs$/\1/p')
        if [ "${online:-0}" = 4 ] || [ "$try" -ge 3 ]; then break; fi
        echo "riscv-vm: $run: ${online:-no} of 4 CPUs came online (a secondary hart missed Linux's 1 s start limit under TCG): booting again"
    done
    grep -a '^linkperf-guest:' "$work/console-$run.log" | sed "s/^/  [$run] /"
    python3 "$check" --unpack "$work/console-$run.log" "$work/$run" || {
        tail -30 "$work/console-$run.log" >&2
        fail "$run: no complete results came back from the guest (qemu exit $rc)"
    }
    hart=$(grep -a 'Boot HART ID' "$work/console-$run.log" | tr -d '\r' | awk '{print $NF}')
    echo "riscv-vm: $run: guest booted (hart ${hart:-?}), ran and powered off in $(($(date +%s) - start)) s"
    python3 "$check" --shape "$shape" "$work/$run" || fail "$run: the guest's results"
done
if [ -n "${LINKPERF_RISCV_VM_RUNS:-}" ]; then
    [ -z "$keep" ] || { mkdir -p "$keep" && cp -r "$work"/. "$keep"/; }
    echo "riscv-vm: runs ${runs[*]} passed (LINKPERF_RISCV_VM_RUNS: no comparison of boots, no joins)"
    exit 0
fi
adirs=()
for run in "${runs[@]}"; do [ "${run:0:1}" != a ] || adirs+=("$work/$run"); done
python3 "$check" --same-verdicts "${adirs[@]}" || fail "shape a: the boot hart changed a verdict"

# The guest's run from node 1 joins an x86 run by role: this host's single-node run (local cases
# meet although their node ids differ) and, when given, the x86 guest's run from its node 1
# (local and far cases meet).
"$x86bin" run --numa 0:0 --sizes 64K --threads 1 --filter 'host\.(copy|read|write|latency)' \
    --out "$work/host.json" >"$work/host.out" 2>&1 || { cat "$work/host.out" >&2; fail "the host run"; }
"$x86bin" report "$work/host.json" "$work/a1/node1.json" --csv "$work/join.csv" \
    --md "$work/join.md" >"$work/join.out" 2>&1 || { cat "$work/join.out" >&2; fail "linkperf report"; }
python3 "$root/tests/numa_vm/check_guest.py" --join "$work/join.csv" "$work/host.json" "$work/a1/node1.json" ||
    fail "the join by role with this host"
x86_guest=${LINKPERF_X86_VM_RESULTS:-}
if [ -n "$x86_guest" ] && [ -f "$x86_guest/a/node1.json" ]; then
    "$x86bin" report "$x86_guest/a/node1.json" "$work/a1/node1.json" --csv "$work/join-x86-guest.csv" \
        --md "$work/join-x86-guest.md" >"$work/join-x86.out" 2>&1 ||
        { cat "$work/join-x86.out" >&2; fail "linkperf report with the x86 guest"; }
    python3 "$check" --join-guests "$work/join-x86-guest.csv" "$x86_guest/a/node1.json" "$work/a1/node1.json" ||
        fail "the join by role with the x86 guest"
else
    echo "riscv-vm: no x86 guest results (LINKPERF_X86_VM_RESULTS=${x86_guest:-unset}): joined with this host only"
fi

if [ -n "$keep" ]; then
    mkdir -p "$keep"
    cp -r "$work"/. "$keep"/
fi
echo "riscv-vm: passed in $(($(date +%s) - t0)) s (TCG, -accel tcg,thread=multi -cpu rv64)"
