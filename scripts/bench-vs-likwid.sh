#!/usr/bin/env bash
# Benchmark (not a test): the acceptance benchmark of the host links (docs/benchmarks.md).
#  1. multi-threaded host.copy at 1 GiB against `likwid-bench -t copy_mem_avx` with the same
#     threads on the same CPUs and NUMA node. likwid counts bytes read + bytes written, linkperf
#     counts bytes copied once, so likwid's MByte/s is halved (and MByte = 10^6, GB = 10^9).
#  2. single-thread host.copy at 1 GiB against mbw's memcpy of 1024 MiB arrays, pinned to the
#     same CPU; mbw reports MiB/s (2^20 bytes), converted to GB/s. mbw 1.2.2 (Debian 12) swaps
#     its tests: `-t0` prints "MEMCPY" but runs the b[i] = a[i] loop, and `-t1` prints "DUMB" but
#     calls memcpy (mbw.c worker(): `if (type == 1) memcpy(...)`). Both run; the faster one is
#     the reference.
# A shared host's load changes between rounds, not within a pair: each round runs its pairs
# back to back in ABBA order and the median over rounds of the within-round ratio is judged.
# Exits 1 when linkperf misses a target: >= 90% of likwid, >= 100% of mbw.
# Usage: scripts/bench-vs-likwid.sh [ROUNDS]          (default 7)
# env: LINKPERF       the linkperf binary (default build/bin/linkperf, built when missing)
#      BENCH_NODE     NUMA node whose CPUs and memory are used (default 0)
#      BENCH_THREADS  threads of the multi-threaded pair (default: every core of the node)
#      BENCH_KEEP     a directory to keep the raw outputs in
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-7}
node=${BENCH_NODE:-0}
"$root/scripts/install-deps.sh" host
for tool in likwid-bench mbw python3; do
    if ! command -v "$tool" >/dev/null; then
        echo "bench-vs-likwid: $tool is missing (apt-get install likwid mbw python3)" >&2
        exit 3
    fi
done
lp=${LINKPERF:-$root/build/bin/linkperf}
if [ ! -x "$lp" ]; then
    LINKPERF_BUILD_DIR="$root/build" "$root/scripts/build.sh" -DLINKPERF_BUILD_TESTS=OFF >/dev/null
    lp=$root/build/bin/linkperf
fi
work=${BENCH_KEEP:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

# The thread count linkperf sweeps up to on this node: one thread per core.
threads=${BENCH_THREADS:-$("$lp" list --numa "$node:$node" --sizes 1G --filter '^host\.copy/' \
    2>/dev/null | sed -n 's/.*threads:\([0-9]*\).*/\1/p' | sort -n | tail -1)}
# likwid's kB is 10^3 B and it rounds to its loop length: two streams of 1073741312 B, 512 B
# short of 1 GiB each.
size_kb=2147483
likwid=(likwid-bench -t copy_mem_avx -w "M$node:${size_kb}kB:$threads")
# likwid pins its threads itself; linkperf then gets the same CPUs in the same order.
cpus=$("${likwid[@]}" 2>&1 | sed -n 's/.*Global Thread \([0-9]*\) running on hwthread \([0-9]*\).*/\1 \2/p' |
    sort -n | awk '{print $2}' | paste -sd, -)
if [ -z "$cpus" ]; then
    echo "bench-vs-likwid: likwid-bench did not run:" >&2
    "${likwid[@]}" >&2 || true
    exit 3
fi
cpu0=${cpus%%,*}
lp_run=("$lp" run --suite quick --sizes 1G --numa "$node:$node" --cpus "$cpus"
    --threads "$threads")

run_likwid() {
    "${likwid[@]}" >"$work/likwid-$1.txt" 2>&1
    awk '/^MByte\/s:/ {mb=$2} /^Size \(Byte\):/ {sz=$3}
         END {printf "%.4f %d\n", mb / 2 / 1000, sz / 2}' "$work/likwid-$1.txt" >>"$work/likwid.txt"
}
# Appends "GB/s of -t0, GB/s of -t1" (each the average of mbw's 10 iterations).
run_mbw() {
    taskset -c "$cpu0" mbw -t0 -t1 -n 10 1024 >"$work/mbw-$1.txt" 2>&1
    awk '/^AVG/ {for (i = 1; i <= NF; i++) if ($i == "Copy:") v[$3] = $(i + 1)}
         END {printf "%.4f %.4f\n", v["MEMCPY"] * 1048576 / 1e9, v["DUMB"] * 1048576 / 1e9}' \
        "$work/mbw-$1.txt" >>"$work/mbw.txt"
}
# $1: round, $2: threads. Appends the median GB/s and the store kind linkperf used.
run_linkperf() {
    "${lp_run[@]}" --filter "^host\\.copy/.*/threads:$2\$" --out "$work/linkperf-$2-$1.json" \
        >"$work/linkperf-$2-$1.txt" 2>&1
    python3 - "$work/linkperf-$2-$1.json" >>"$work/linkperf-$2.txt" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))["benchmarks"]
assert len(b) == 1, f"expected one host.copy case, got {len(b)}"
l = b[0]["linkperf"]
assert l["status"] == "ok" and l["data_verified"], l["error"]
print(f'{l["stats"]["median"]:.4f} {l["extra"]["stores"]} {l["placement"]["verified"]}')
PY
}

echo "host.copy at 1 GiB, node $node, $threads threads on CPUs $cpus, $rounds rounds" >&2
for r in $(seq "$rounds"); do
    if [ $((r % 2)) -eq 1 ]; then
        run_likwid "$r"
        run_linkperf "$r" "$threads"
        run_mbw "$r"
        run_linkperf "$r" 1
    else
        run_linkperf "$r" "$threads"
        run_likwid "$r"
        run_linkperf "$r" 1
        run_mbw "$r"
    fi
    echo "round $r/$rounds done" >&2
done

python3 - "$work" "$threads" "$cpus" "$("$lp" --version)" <<'PY'
import statistics, sys
work, threads, cpus, version = sys.argv[1:5]
rows = lambda f: [l.split() for l in open(f"{work}/{f}") if l.strip()]
lik, mbw = rows("likwid.txt"), rows("mbw.txt")
lpt, lp1 = rows(f"linkperf-{threads}.txt"), rows("linkperf-1.txt")
print(f"{version}; likwid-bench copy_mem_avx {int(lik[0][1])} B per stream; mbw 1024 MiB")
print(f"GB/s   likwid/2 linkperf x{threads:<2} ratio |  mbw -t0  mbw -t1 linkperf x1  ratio")
r_mt, r_st = [], []
for i, (l, a, m, b) in enumerate(zip(lik, lpt, mbw, lp1), 1):
    r_mt.append(float(a[0]) / float(l[0]))
    r_st.append(float(b[0]) / max(float(m[0]), float(m[1])))
    print(f"{i:5d} {float(l[0]):9.2f} {float(a[0]):11.2f} {r_mt[-1]:6.3f} |"
          f" {float(m[0]):8.2f} {float(m[1]):8.2f} {float(b[0]):11.2f} {r_st[-1]:6.3f}")
med = statistics.median
print(f"median {med(float(l[0]) for l in lik):8.2f} {med(float(a[0]) for a in lpt):11.2f}"
      f" {med(r_mt):6.3f} | {med(float(m[0]) for m in mbw):8.2f}"
      f" {med(float(m[1]) for m in mbw):8.2f} {med(float(b[0]) for b in lp1):11.2f}"
      f" {med(r_st):6.3f}")
stores = sorted({a[1] for a in lpt + lp1})
placed = all(a[2] == "True" for a in lpt + lp1)
print(f"linkperf stores: {', '.join(stores)}; placement verified: {placed}")
ok_mt, ok_st = med(r_mt) >= 0.90, med(r_st) >= 1.00
print(f"multi-threaded: linkperf/likwid = {med(r_mt):.3f} (target >= 0.90): "
      f"{'met' if ok_mt else 'MISSED'}")
print(f"single-thread:  linkperf/mbw    = {med(r_st):.3f} (target >= 1.00, "
      f"mbw's faster test): "
      f"{'met' if ok_st else 'MISSED'}")
sys.exit(0 if ok_mt and ok_st else 1)
PY
