#!/usr/bin/env bash
# Two hosts, really: linkperf-coll across two "hosts" made on this machine, each its own network
# and UTS namespace (hostname node0, node1) joined by a veth pair whose addresses exist only
# inside them. mpirun runs on node0 and starts its daemon on node1 through
# scripts/multinode/rsh-agent.sh (plm_rsh_agent); a hostfile names the hosts; ranks talk over
# TCP only (pml ob1, btl tcp,self: no shared memory between hosts).
#  1. every op (all_reduce, all_gather, alltoall, broadcast, reduce_scatter, p2p.latency,
#     p2p.bw), 2 hosts x 2 ranks, --scaling 2 -> 4 ranks (1 -> 2 hosts): exit 0, 0 wrong, node
#     count and per-rank host in the results file, the inter-host bytes seen on the veth;
#  2. a rank on node1 killed (SIGKILL): mpirun ends the job at once, non-zero, results file kept;
#  3. a rank on node1 hung (SIGSTOP): the watchdogs end the job within --timeout, exit 4.
# Everything it creates (namespaces, veth, temp dir) is removed on exit, also on failure.
# Usage: scripts/multinode.sh [RESULTS_DIR]   (RESULTS_DIR: keep the results files and outputs)
# Env: LINKPERF_COLL (default build/bin/linkperf-coll), MPIEXEC (default mpirun),
#      LINKPERF_MULTINODE_SECONDS (whole-script limit, default 240).
# Exit: 0 pass, 1 fail, 77 skipped (one line says why: not root, no namespaces, no MPI, cross).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
limit=${LINKPERF_MULTINODE_SECONDS:-240}
. "$here/lib/bounded.sh"
bound_script LINKPERF_MN_BOUNDED "$limit" "$0" "$@"
keep=${1:-}
coll=${LINKPERF_COLL:-$root/build/bin/linkperf-coll}
mpirun=${MPIEXEC:-$(command -v mpirun || true)}
check=$root/tests/collectives/check_coll_results.py
agent=$here/multinode/rsh-agent.sh

skip() {
    echo "multinode: skipped: $*"
    exit 77
}
fail() {
    echo "multinode: FAIL: $*" >&2
    exit 1
}

[ "${LINKPERF_CROSS:-0}" != 1 ] || skip "cross build: mpirun cannot start emulated ranks"
[ "${LINKPERF_COLL_HAVE_MPI:-1}" != 0 ] || skip "linkperf-coll was built without MPI"
[ -n "$mpirun" ] && command -v "$mpirun" >/dev/null || skip "no mpirun (scripts/packages/coll.txt)"
[ -x "$coll" ] || fail "no linkperf-coll at $coll (build it, or set LINKPERF_COLL)"
command -v ip >/dev/null && command -v unshare >/dev/null ||
    skip "no ip or unshare (iproute2, util-linux)"
[ "$(id -u)" = 0 ] || skip "network namespaces need root"

prefix="lpmn$$-"
hosts=(node0 node1)
work=$(mktemp -d)
made=()
cleanup() {
    local rc=$? ns pids
    trap - EXIT INT TERM
    for ns in "${made[@]}"; do
        # Whatever still runs in a host (an orted, a rank) goes with it.
        pids=$(ip netns pids "$ns" 2>/dev/null || true)
        [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
        ip netns del "$ns" 2>/dev/null || echo "multinode: could not delete namespace $ns" >&2
    done
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'echo "multinode: FAIL: interrupted (SIGINT/SIGTERM; limit $limit s)" >&2; exit 143' INT TERM

# Namespaces left by a run killed outright (its pid is gone) are this script's to remove.
for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^lpmn[0-9]+-node[0-9]+$' || true); do
    pid=${ns#lpmn}
    pid=${pid%%-*}
    kill -0 "$pid" 2>/dev/null || ip netns del "$ns" 2>/dev/null || true
done

for i in "${!hosts[@]}"; do
    ip netns add "$prefix${hosts[$i]}" 2>"$work/err" ||
        skip "cannot create a network namespace: $(head -1 "$work/err")"
    made+=("$prefix${hosts[$i]}")
    ip -n "$prefix${hosts[$i]}" link set lo up
done
# One cable between the two hosts: eth0 on each side, 10.77.0.1 and .2, nowhere else.
ip link add eth0 netns "${prefix}node0" type veth peer name eth0 netns "${prefix}node1" 2>"$work/err" ||
    skip "cannot create a veth pair: $(head -1 "$work/err")"
ip netns exec "${prefix}node0" unshare --uts hostname node0 2>"$work/err" ||
    skip "cannot create a UTS namespace: $(head -1 "$work/err")"
for i in "${!hosts[@]}"; do
    ip -n "$prefix${hosts[$i]}" addr add "10.77.0.$((i + 1))/24" dev eth0
    ip -n "$prefix${hosts[$i]}" link set eth0 up
done
printf '%s slots=2\n' "${hosts[@]}" >"$work/hostfile"
mkdir "$work/tmp"
export LINKPERF_MN_PREFIX=$prefix
MPIRUN=("$agent" --argv node0 "$mpirun" --allow-run-as-root --hostfile "$work/hostfile"
    --map-by ppr:2:node --bind-to none --mca plm_rsh_agent "$agent"
    --mca pml ob1 --mca btl tcp,self
    --mca btl_tcp_if_include 10.77.0.0/24 --mca oob_tcp_if_include 10.77.0.0/24
    --mca mpi_yield_when_idle 1 --mca orte_tmpdir_base "$work/tmp")
echo "multinode: hosts ${hosts[*]} (namespaces ${made[*]}), veth 10.77.0.1 <-> 10.77.0.2," \
    "mpirun $("$mpirun" --version 2>/dev/null | head -1)"

# rx_bytes HOST: bytes received on HOST's eth0 (only traffic from the other host crosses it).
rx_bytes() {
    ip netns exec "$prefix$1" cat /sys/class/net/eth0/statistics/rx_bytes
}

# 1. Every op, 2 hosts x 2 ranks, scaling from 1 host (2 ranks) to 2 hosts (4 ranks).
ops=(all_reduce all_gather alltoall broadcast reduce_scatter p2p.latency p2p.bw)
rx0=$(rx_bytes node1)
start=$(date +%s)
set +e
"${MPIRUN[@]}" -np 4 "$coll" "$(
    IFS=,
    echo "${ops[*]}"
)" --scaling -b 64 -e 16K -f 256 -w 1 -n 3 -T 60 --out "$work/all.json" >"$work/all.out" 2>"$work/all.err"
rc=$?
set -e
rx1=$(rx_bytes node1)
cat "$work/all.out"
[ "$rc" -eq 0 ] || { cat "$work/all.err" >&2; fail "every-op run exited $rc"; }
tables=$(grep -c "^# Out of bounds values : 0 OK" "$work/all.out" || true)
[ "$tables" -eq $((2 * ${#ops[@]})) ] || fail "$tables of $((2 * ${#ops[@]})) tables report 0 wrong"
grep -Eq "^#  Rank +3 Pid +[0-9]+ on +node1 " "$work/all.out" || fail "rank 3 is not on node1"
grep -q "^# scaling: all_reduce out-of-place, busbw (GB/s) and efficiency vs 2 ranks" \
    "$work/all.out" || fail "no scaling table"
python3 "$check" "$work/all.json" --ranks 2 4 --ops "${ops[@]}" --sizes 64 16384
python3 - "$work/all.json" "$((rx1 - rx0))" <<'PY' || fail "results file"
import json, sys
doc = json.load(open(sys.argv[1]))
rx = int(sys.argv[2])
job = doc["context"]["linkperf"]["collectives"]
assert job["nodes"] == 2, "context nodes %r" % job["nodes"]
assert job["hostnames"] == ["node0", "node0", "node1", "node1"], job["hostnames"]
need = 0
for b in doc["benchmarks"]:
    x = b["linkperf"]["extra"]
    hosts = {2: ["node0", "node0"], 4: ["node0", "node0", "node1", "node1"]}[x["ranks"]]
    assert x["nodes"] == x["ranks"] // 2, "%s: nodes %r" % (b["name"], x["nodes"])
    assert x["hostnames"] == hosts, "%s: hostnames %r" % (b["name"], x["hostnames"])
    assert x["ranks_per_node"] == 2, b["name"]
    assert x["scaling_base_ranks"] == 2 and x["scaling_efficiency"] > 0, b["name"]
    if x["ranks"] == 4 and x["op"] == "all_gather":
        # node1's two ranks each receive node0's two blocks (size/4 each) per op.
        need += b["linkperf"]["size_bytes"] * (x["iters"] + x["warmup_iters"])
assert need > 0
assert rx >= need, "node1 received %d B over the veth, the 4-rank all_gathers alone need %d" % (rx, need)
print("multinode: results: 2 nodes, per-rank hosts, scaling 1 -> 2 hosts; node1 received "
      "%d B over TCP (all_gather alone needs %d)" % (rx, need))
PY
echo "multinode: every op on 2 hosts x 2 ranks: 0 wrong ($(($(date +%s) - start)) s)"

. "$root/tests/collectives/rank_pid.sh"
# rank_pid HOST RANK: the pid of that rank among the processes of HOST's namespace.
rank_pid() {
    # shellcheck disable=SC2046 # one pid per word
    rank_among "$2" $(ip netns pids "$prefix$1")
}

# fault NAME SIGNAL TIMEOUT: all_reduce on 2 hosts x 2 ranks, SIGNAL to rank 3 (on node1) once
# the timed ops run; sets fault_rc and fault_ms (from the signal to the end of mpirun).
fault() {
    local name=$1 sig=$2 t=$3 mp victim start
    "${MPIRUN[@]}" -np 4 "$coll" all_reduce -b 64 -e 64 -w 1 -n 100000000 --budget 0 -c 0 -T "$t" \
        --out "$work/$name.json" >"$work/$name.out" 2>"$work/$name.err" &
    mp=$!
    for _ in $(seq 600); do
        grep -q "(elements)" "$work/$name.out" 2>/dev/null && break
        sleep 0.1
    done
    grep -q "(elements)" "$work/$name.out" || { cat "$work/$name.err" >&2; fail "$name: the run did not start"; }
    sleep 1
    victim=$(rank_pid node1 3) || fail "$name: rank 3 not found on node1"
    start=$(date +%s%N)
    kill "-$sig" "$victim"
    set +e
    wait "$mp"
    fault_rc=$?
    set -e
    fault_ms=$((($(date +%s%N) - start) / 1000000))
    sed -n '/^linkperf-coll\|noticed that/p' "$work/$name.err"
    sleep 1
    local left
    left=$(ip netns pids "${prefix}node0"; ip netns pids "${prefix}node1")
    [ -z "$left" ] || fail "$name: processes left on the hosts: $left"
    python3 - "$work/$name.json" <<'PY' || fail "$name: results file"
import json, sys
doc = json.load(open(sys.argv[1]))
c = doc["context"]["linkperf"]
assert c["collectives"]["nodes"] == 2 and not c.get("complete"), c.get("complete")
PY
}

# 2. A rank killed on node1: mpirun notices (its daemon on node1 reports the signal) and ends
# the job at once with its own code, 128 + 9 (docs/collectives.md, "Faults and bad input").
t=10
fault killed KILL "$t"
[ "$fault_rc" -ne 0 ] || fail "killed: the job exited 0"
grep -Eq "process rank 3 with PID [0-9]+ on node node1 exited on signal 9" "$work/killed.err" ||
    fail "killed: mpirun did not name rank 3 on node1"
[ "$fault_ms" -lt $((t * 1000)) ] || fail "killed: the job took $fault_ms ms (--timeout $t s)"
echo "multinode: rank 3 killed on node1: the job exited $fault_rc after $fault_ms ms (--timeout $t s)," \
    "results file kept"

# 3. A rank hung on node1: the other ranks' watchdogs abort the job within --timeout: exit 4.
fault hung STOP "$t"
[ "$fault_rc" -eq 4 ] || { cat "$work/hung.err" >&2; fail "hung: exit $fault_rc, want 4"; }
grep -q "made no progress for $t s (--timeout)" "$work/hung.err" || fail "hung: no watchdog message"
[ "$fault_ms" -lt $(((t + 15) * 1000)) ] || fail "hung: the job took $fault_ms ms (--timeout $t s)"
echo "multinode: rank 3 hung on node1: the job exited 4 after $fault_ms ms (--timeout $t s)," \
    "results file kept"

if [ -n "$keep" ]; then
    mkdir -p "$keep"
    cp "$work"/*.json "$work"/*.out "$work"/*.err "$keep"/
fi
echo "multinode: passed"
