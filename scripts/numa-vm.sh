#!/usr/bin/env bash
# A multi-NUMA machine, live: boots a small Debian guest under qemu-system-x86_64 with several
# NUMA nodes and runs linkperf inside it (scripts/vm/guest.sh), then checks what came back
# (tests/numa_vm/check_guest.py) and joins the guest's results with a run on this host by role.
#   shape a: 2 nodes x 2 CPUs (2 packages), distances 10/21
#   shape b: 2 CPU nodes + 1 memory-only node (GPU or CXL memory), distances 21, 17, 28
# Everything comes from Debian packages: qemu-system-x86, the kernel of linux-image-*-cloud-amd64
# (apt-get download + dpkg-deb -x, scripts/vm/kernel.sh), a busybox-static initramfs with linkperf
# and its libraries (scripts/vm/initramfs.sh); both cached in $LINKPERF_VM_CACHE.
# Usage: scripts/numa-vm.sh [RESULTS_DIR]   (RESULTS_DIR: keep what came back and the consoles)
# Env: LINKPERF_BIN (default build/bin/linkperf), LINKPERF_VM_PRELOAD (the misplacing test
#      library, default build/lib/liblinkperf_test_misplace.so), LINKPERF_VM_CACHE (default
#      ~/.cache/linkperf/numa-vm), LINKPERF_VM_ACCEL (tcg: default; kvm; auto: KVM when a probe
#      boot reaches the guest's init, else TCG), LINKPERF_NUMA_VM_SECONDS (whole limit, 280).
# Exit: 0 pass, 1 fail, 77 skipped (one line says why: no qemu, no kernel package, cross build).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
limit=${LINKPERF_NUMA_VM_SECONDS:-280}
. "$here/lib/bounded.sh"
bound_script LINKPERF_VM_BOUNDED "$limit" "$0" "$@"
keep=${1:-}
linkperf=${LINKPERF_BIN:-$root/build/bin/linkperf}
preload=${LINKPERF_VM_PRELOAD:-$root/build/lib/liblinkperf_test_misplace.so}
cache=${LINKPERF_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/linkperf/numa-vm}
accel_mode=${LINKPERF_VM_ACCEL:-tcg}
check=$root/tests/numa_vm/check_guest.py

skip() {
    echo "numa-vm: skipped: $*"
    exit 77
}
fail() {
    echo "numa-vm: FAIL: $*" >&2
    exit 1
}

[ "${LINKPERF_CROSS:-0}" != 1 ] || skip "cross build: the guest runs x86-64 binaries"
[ "$(uname -m)" = x86_64 ] || skip "the guest is x86-64 and this host is $(uname -m)"
command -v qemu-system-x86_64 >/dev/null ||
    skip "no qemu-system-x86_64 (package qemu-system-x86, scripts/packages/numa-vm.txt)"
[ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 ||
    skip "no static /bin/busybox (package busybox-static, scripts/packages/numa-vm.txt)"
[ -x "$linkperf" ] || fail "no linkperf at $linkperf (build it, or set LINKPERF_BIN)"
[ -f "$preload" ] || fail "no misplacing test library at $preload (set LINKPERF_VM_PRELOAD)"

work=$(mktemp -d)
qemu_pid=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    # qemu runs under its own `timeout`, which leads a process group of its own: end the group.
    [ -z "$qemu_pid" ] || kill -KILL -- "-$qemu_pid" 2>/dev/null || kill -KILL "$qemu_pid" 2>/dev/null || true
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'echo "numa-vm: FAIL: interrupted (SIGINT/SIGTERM; limit $limit s)" >&2; exit 143' INT TERM

t0=$(date +%s)
kernel=$("$here/vm/kernel.sh" "$cache") || { [ $? -eq 77 ] && skip "$kernel"; fail "kernel: $kernel"; }
initrd=$("$here/vm/initramfs.sh" "$cache" "$linkperf" "$preload")
echo "numa-vm: kernel $kernel, initramfs $initrd ($(($(du -k "$initrd" | cut -f1) / 1024)) MiB), ready in $(($(date +%s) - t0)) s"

tcg=(-accel tcg,thread=multi -cpu max)
kvm=(-accel kvm -cpu host)

# boot SHAPE SECONDS ACCEL...: runs the guest; its console goes to $work/console-SHAPE.log and
# its second serial port (the results) to $work/data-SHAPE.txt. Returns QEMU's status.
boot() {
    local shape=$1 seconds=$2 numa
    shift 2
    case "$shape" in
    a | probe)
        numa=(-smp 4,sockets=2,cores=2,threads=1 -m 512M
            -object memory-backend-ram,id=m0,size=256M -object memory-backend-ram,id=m1,size=256M
            -numa node,nodeid=0,cpus=0-1,memdev=m0 -numa node,nodeid=1,cpus=2-3,memdev=m1
            -numa dist,src=0,dst=1,val=21) ;;
    b)
        numa=(-smp 4,sockets=2,cores=2,threads=1 -m 640M
            -object memory-backend-ram,id=m0,size=256M -object memory-backend-ram,id=m1,size=256M
            -object memory-backend-ram,id=m2,size=128M
            -numa node,nodeid=0,cpus=0-1,memdev=m0 -numa node,nodeid=1,cpus=2-3,memdev=m1
            -numa node,nodeid=2,memdev=m2
            -numa dist,src=0,dst=1,val=21 -numa dist,src=0,dst=2,val=17
            -numa dist,src=1,dst=2,val=28) ;;
    esac
    : >"$work/console-$shape.log"
    : >"$work/data-$shape.txt"
    timeout -k 5 "$seconds" qemu-system-x86_64 "$@" -nodefaults -display none -monitor none \
        -no-reboot -kernel "$kernel" -initrd "$initrd" \
        -append "console=ttyS0 loglevel=3 panic=-1 numa_balancing=disable linkperf.shape=$shape" \
        -serial "file:$work/console-$shape.log" -serial "file:$work/data-$shape.txt" \
        "${numa[@]}" &
    qemu_pid=$!
    local rc=0
    wait "$qemu_pid" || rc=$?
    qemu_pid=""
    return "$rc"
}

# The accelerator: TCG by default. /dev/kvm may be nested KVM that crashes stock kernels (kvm-pvm
# here), so KVM is used only when asked and a probe boot reaches the guest's init.
accel=("${tcg[@]}")
accel_text="TCG (-accel tcg,thread=multi -cpu max)"
if [ "$accel_mode" = kvm ] || [ "$accel_mode" = auto ]; then
    if [ -w /dev/kvm ] && boot probe 30 "${kvm[@]}" && grep -q "linkperf-guest: done" "$work/console-probe.log"; then
        accel=("${kvm[@]}")
        accel_text="KVM (-accel kvm -cpu host)"
    elif [ "$accel_mode" = kvm ]; then
        tail -5 "$work/console-probe.log" >&2 || true
        fail "LINKPERF_VM_ACCEL=kvm but a KVM guest does not boot here"
    else
        accel_text="TCG (-accel tcg,thread=multi -cpu max; a KVM probe boot did not reach init)"
    fi
fi
echo "numa-vm: accelerator: $accel_text"

for shape in a b; do
    start=$(date +%s)
    rc=0
    boot "$shape" 200 "${accel[@]}" || rc=$?
    sed -n '/^linkperf-guest:/p' "$work/console-$shape.log" | sed "s/^/  [$shape] /"
    if ! grep -q "^LINKPERF-RESULTS-END" "$work/data-$shape.txt"; then
        tail -30 "$work/console-$shape.log" >&2
        fail "shape $shape: no results came back from the guest (qemu exit $rc)"
    fi
    mkdir "$work/$shape"
    sed -n '/^LINKPERF-RESULTS-BEGIN/,/^LINKPERF-RESULTS-END/p' "$work/data-$shape.txt" |
        tr -d '\r' | sed '1d;$d' | base64 -d | tar -xz -C "$work/$shape" ||
        fail "shape $shape: the results archive is damaged"
    echo "numa-vm: shape $shape: guest booted, ran and powered off in $(($(date +%s) - start)) s"
    python3 "$check" --shape "$shape" "$work/$shape" || fail "shape $shape: the guest's results"
done

# The guest's run from node 1 (local = node 1, far = node 0) joins a single-node run of this host
# by role: local cases meet although their node ids differ, far ones exist in the guest only.
"$linkperf" run --numa 0:0 --sizes 64K --threads 1 --filter 'host\.(copy|read|write|latency)' \
    --out "$work/host.json" >"$work/host.out" 2>&1 || { cat "$work/host.out" >&2; fail "the host run"; }
"$linkperf" report "$work/host.json" "$work/a/node1.json" --csv "$work/join.csv" \
    --md "$work/join.md" >"$work/join.out" 2>&1 || { cat "$work/join.out" >&2; fail "linkperf report"; }
cat "$work/join.out"
python3 "$check" --join "$work/join.csv" "$work/host.json" "$work/a/node1.json" || fail "the join by role"

if [ -n "$keep" ]; then
    mkdir -p "$keep"
    cp -r "$work"/a "$work"/b "$work"/console-*.log "$work"/host.json "$work"/join.* "$keep"/
fi
echo "numa-vm: passed in $(($(date +%s) - t0)) s ($accel_text)"
