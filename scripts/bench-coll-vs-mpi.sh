#!/usr/bin/env bash
# Benchmark (not a test): linkperf-coll's MPI all_reduce against a bare MPI_Allreduce loop
# timed the same way (collectives/reference/bare_allreduce.cpp), at 8 B (time per op) and 64 MiB
# (busbw), and its reduce_scatter at 1 MiB and 16 MiB against the faster of bare
# MPI_Reduce_scatter and MPI_Reduce_scatter_block loops (time per op). Each round runs the
# programs back to back; the median over rounds of the linkperf/bare ratio within a round is
# compared (a shared host's load changes between rounds, not within a pair), and the script
# exits 1 when linkperf is more than 5% worse (all_reduce) or 10% (reduce_scatter).
# Usage: scripts/bench-coll-vs-mpi.sh [NP] [ROUNDS]   (ROUNDS at 64 MiB, 3x at 8 B; default 11)
# env: LINKPERF_BUILD_DIR (default build/), MPIRUN_ARGS (extra mpirun arguments)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
np=${1:-2}
rounds=${2:-11}
build=${LINKPERF_BUILD_DIR:-$root/build}
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target linkperf-coll linkperf-coll-bare-allreduce >/dev/null
coll=$build/bin/linkperf-coll
bare=$build/bin/linkperf-coll-bare-allreduce
# Both programs get the launcher's one-core-per-rank binding, so placement is identical.
read -r -a extra <<<"${MPIRUN_ARGS:-}"
mpirun=(mpirun --allow-run-as-root --bind-to core --map-by core "${extra[@]}" -np "$np")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run_bare SIZE WARMUP ITERS BATCHES CALL; run_coll SIZE WARMUP ITERS BATCHES OP. --budget 0:
# linkperf runs --batches batches of -n ops, exactly what the bare loop runs.
run_bare() {
    "${mpirun[@]}" "$bare" "$1" "$2" "$3" "$4" "$5" >>"$work/bare-$5-$1.txt"
}
run_coll() {
    "${mpirun[@]}" "$coll" "$5" -b "$1" -e "$1" -w "$2" -n "$3" --batches "$4" --budget 0 \
        --out "$work/coll.json" >/dev/null
    python3 - "$work/coll.json" >>"$work/coll-$5-$1.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = next(b for b in d["benchmarks"] if not b["linkperf"]["extra"]["in_place"])
x = e["linkperf"]["extra"]
print(e["linkperf"]["size_bytes"], x["time_us"], x["algbw"], x["busbw"])
PY
}

# op size warmup iters batches rounds. Each round runs the programs back to back (ABBA order),
# so a change in the host's load hits every member of a round. 8 B runs are short and their
# noise large: three times the rounds. reduce_scatter: both MPI calls, bare.
cases=("all_reduce 8 1000 20000 5 $((3 * rounds))" "all_reduce 67108864 5 20 5 $rounds"
    "reduce_scatter 1048576 5 20 5 $rounds" "reduce_scatter 16777216 5 20 5 $rounds")
for c in "${cases[@]}"; do
    read -r op size warmup iters batches n <<<"$c"
    calls=(allreduce)
    [ "$op" = reduce_scatter ] && calls=(reduce_scatter reduce_scatter_block)
    for r in $(seq "$n"); do
        if [ $((r % 2)) -eq 1 ]; then
            for call in "${calls[@]}"; do run_bare $size $warmup $iters $batches $call; done
            run_coll $size $warmup $iters $batches $op
        else
            run_coll $size $warmup $iters $batches $op
            for call in "${calls[@]}"; do run_bare $size $warmup $iters $batches $call; done
        fi
    done
done

python3 - "$work" "$np" "$rounds" <<'PY'
import statistics, sys
work, np, rounds = sys.argv[1], sys.argv[2], sys.argv[3]


def load(name):
    return [list(map(float, l.split())) for l in open(f"{work}/{name}") if l.strip()]


def spread(values):
    """Round-to-round noise: interquartile range over the median."""
    q = statistics.quantiles(values, n=4) if len(values) >= 2 else [values[0]] * 3
    return (q[2] - q[0]) / statistics.median(values) * 100


ok = True
print(f"linkperf-coll vs bare MPI loops, {np} ranks, back-to-back rounds "
      f"({3 * int(rounds)} rounds at 8 B, {rounds} at the other sizes)")
print(f"{'op':>14} {'size':>9} {'metric':>6} {'bare':>12} {'linkperf':>12} {'pair ratio':>10}"
      f" {'bare best':>12} {'linkperf':>12}   noise bare/linkperf (IQR)")
for op, size, col, name, unit, limit in (
        ("all_reduce", 8, 1, "time", "us", 0.05), ("all_reduce", 67108864, 3, "busbw", "GB/s", 0.05),
        ("reduce_scatter", 1048576, 1, "time", "us", 0.10),
        ("reduce_scatter", 16777216, 1, "time", "us", 0.10)):
    coll = [r[col] for r in load(f"coll-{op}-{size}.txt")]
    if op == "all_reduce":
        bare = [r[col] for r in load(f"bare-allreduce-{size}.txt")]
        against = "MPI_Allreduce"
    else:
        # The faster of the two MPI calls within each round.
        rs = [r[col] for r in load(f"bare-reduce_scatter-{size}.txt")]
        rsb = [r[col] for r in load(f"bare-reduce_scatter_block-{size}.txt")]
        bare = [min(a, b) for a, b in zip(rs, rsb)]
        against = "min(MPI_Reduce_scatter, _block)"
        print(f"{op:>14} {size:>9}   bare MPI_Reduce_scatter {statistics.median(rs):.1f} us, "
              f"MPI_Reduce_scatter_block {statistics.median(rsb):.1f} us (medians)")
    # linkperf / bare within each round: the load of the moment cancels out.
    ratio = statistics.median(c / b for b, c in zip(bare, coll))
    best = min if name == "time" else max
    worse = ratio - 1 if name == "time" else 1 - ratio
    ok = ok and worse <= limit
    print(f"{op:>14} {size:>9} {name:>6} {statistics.median(bare):>9.3f} {unit:<2}"
          f" {statistics.median(coll):>9.3f} {unit:<2} {ratio:>10.3f}"
          f" {best(bare):>9.3f} {unit:<2} {best(coll):>9.3f} {unit:<2}"
          f"   {spread(bare):.0f}% / {spread(coll):.0f}%   vs {against}")
    print(f"{'':>24} rounds bare:     {' '.join(f'{v:.3f}' for v in bare)}")
    print(f"{'':>24} rounds linkperf: {' '.join(f'{v:.3f}' for v in coll)}")
print("linkperf within 5% of the bare all_reduce loop and 10% of the faster bare reduce_scatter "
      "call (median pair ratio; time: not slower, busbw: not lower): " + ("yes" if ok else "NO"))
sys.exit(0 if ok else 1)
PY
