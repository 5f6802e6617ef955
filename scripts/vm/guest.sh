#!/bin/sh
# Runs inside the NUMA guest of scripts/numa-vm.sh (busybox sh, PID 1's child). Each step keeps
# its stdout, stderr and exit code in /out as NAME.out, NAME.err, NAME.rc; the host checks them
# (tests/numa_vm/check_guest.py). /out then leaves the guest on the second serial port
# (/dev/ttyS1) as a base64 tar.gz between two marker lines. The shape comes from the kernel
# command line (linkperf.shape=a|b); sizes are small: under TCG the figures mean nothing, the
# test is about placement, roles and verification.
out=/out
mkdir -p "$out"
shape=$(sed -n 's/.*linkperf\.shape=\([a-z]*\).*/\1/p' /proc/cmdline)
size=64K
hostname "numa-vm-$shape"
[ "$shape" != probe ] || exit 0 # the accelerator probe only needs to reach this point

# step NAME COMMAND...: runs COMMAND, keeping its output and exit code under NAME.
step() {
    name=$1
    shift
    t0=$(date +%s)
    "$@" >"$out/$name.out" 2>"$out/$name.err"
    echo $? >"$out/$name.rc"
    echo "linkperf-guest: $name: exit $(cat "$out/$name.rc") ($(($(date +%s) - t0)) s)"
}

cat /sys/devices/system/node/online >"$out/nodes_online"
step topo_json linkperf topo --json
step topo_text linkperf topo
step topo_check linkperf topo --check
step nfd linkperf nfd
case "$shape" in
a)
    # Memory on node 1 from CPUs of node 0 (far), with host.c2c's core pairs.
    step far_1_0 linkperf run --numa 1:0 --sizes "$size" --threads 1 --out "$out/far_1_0.json"
    # Vice versa, from a CPU of node 1: its local memory and node 0's (far).
    step node1 linkperf run --cpus 2 --sizes "$size" --threads 1 \
        --filter 'host\.(copy|read|write|latency)' --out "$out/node1.json"
    # A buffer asked on node 1 but placed on node 0 (tests/numa_vm/misplace_preload.cpp).
    step misplaced env LD_PRELOAD=/lib/linkperf-test/misplace.so LINKPERF_TEST_MISPLACE_TO=0 \
        linkperf run --numa 1:0 --sizes "$size" --threads 1 --filter 'host\.read' \
        --out "$out/misplaced.json"
    ;;
b)
    # Roles of the default plan from node 0: node 2 (CPU-less, distance 17) near, node 1 far.
    step plan linkperf list --sizes "$size" --threads 1
    # From node 1 (distances 21 to node 0, 28 to node 2): node 0 near, node 2 far.
    step plan_node1 linkperf list --cpus 2 --sizes "$size" --threads 1 --filter 'host\.read'
    # Memory on the CPU-less node, measured from node 0.
    step cpuless_mem linkperf run --numa 2:0 --sizes "$size" --threads 1 \
        --filter 'host\.(read|latency)' --out "$out/cpuless_mem.json"
    # Threads on the CPU-less node: an environment error (exit 3), one line.
    step cpuless_cpus linkperf run --numa 0:2 --sizes "$size" --threads 1 --out "$out/cpuless_cpus.json"
    ;;
*)
    echo "linkperf-guest: unknown shape '$shape'"
    ;;
esac

stty -F /dev/ttyS1 raw -echo 2>/dev/null
{
    echo "LINKPERF-RESULTS-BEGIN"
    tar -C "$out" -czf - . | base64
    echo "LINKPERF-RESULTS-END"
} >/dev/ttyS1
