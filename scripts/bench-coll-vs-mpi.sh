#!/usr/bin/env bash
# Benchmark (not a test): linkperf-coll's MPI all_reduce against a bare MPI_Allreduce loop
# timed the same way (collectives/bench/bare_allreduce.cpp), at 8 B (time per op) and 64 MiB
# (busbw). Each round runs the two programs back to back; the median over rounds of the
# linkperf/bare ratio within a round is compared (a shared host's load changes between rounds,
# not within a pair), and the script exits 1 when linkperf is more than 5% worse.
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

run_bare() {
    "${mpirun[@]}" "$bare" "$1" "$2" "$3" "$4" >>"$work/bare-$1.txt"
}
run_coll() {
    "${mpirun[@]}" "$coll" all_reduce -b "$1" -e "$1" -w "$2" -n "$3" --batches "$4" \
        --out "$work/coll.json" >/dev/null
    python3 - "$work/coll.json" >>"$work/coll-$1.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e = next(b for b in d["benchmarks"] if not b["linkperf"]["extra"]["in_place"])
x = e["linkperf"]["extra"]
print(e["linkperf"]["size_bytes"], x["time_us"], x["algbw"], x["busbw"])
PY
}

# size warmup iters batches rounds. Each round runs both programs back to back (ABBA order),
# so a change in the host's load hits both members of a pair. 8 B runs are short and their
# noise large: three times the rounds.
cases=("8 1000 20000 5 $((3 * rounds))" "67108864 5 20 5 $rounds")
for c in "${cases[@]}"; do
    read -r size warmup iters batches n <<<"$c"
    for r in $(seq "$n"); do
        if [ $((r % 2)) -eq 1 ]; then
            run_bare $size $warmup $iters $batches
            run_coll $size $warmup $iters $batches
        else
            run_coll $size $warmup $iters $batches
            run_bare $size $warmup $iters $batches
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
print(f"linkperf-coll vs bare MPI_Allreduce, {np} ranks, back-to-back pairs "
      f"({3 * int(rounds)} rounds at 8 B, {rounds} at 64 MiB)")
print(f"{'size':>9} {'metric':>6} {'bare':>10} {'linkperf':>10} {'pair ratio':>10}"
      f" {'bare best':>10} {'linkperf':>10}   noise bare/linkperf (IQR)")
for size, col, name, unit in ((8, 1, "time", "us"), (67108864, 3, "busbw", "GB/s")):
    bare = [r[col] for r in load(f"bare-{size}.txt")]
    coll = [r[col] for r in load(f"coll-{size}.txt")]
    # linkperf / bare within each pair: the load of the moment cancels out.
    ratio = statistics.median(c / b for b, c in zip(bare, coll))
    best = min if name == "time" else max
    worse = ratio - 1 if name == "time" else 1 - ratio
    ok = ok and worse <= 0.05
    print(f"{size:>9} {name:>6} {statistics.median(bare):>7.3f} {unit:<2}"
          f" {statistics.median(coll):>7.3f} {unit:<2} {ratio:>10.3f}"
          f" {best(bare):>7.3f} {unit:<2} {best(coll):>7.3f} {unit:<2}"
          f"   {spread(bare):.0f}% / {spread(coll):.0f}%")
    print(f"{'':>9} rounds bare:     {' '.join(f'{v:.3f}' for v in bare)}")
    print(f"{'':>9} rounds linkperf: {' '.join(f'{v:.3f}' for v in coll)}")
print("linkperf within 5% of the bare loop (median pair ratio; time: not slower, busbw: not "
      "lower): " + ("yes" if ok else "NO"))
sys.exit(0 if ok else 1)
PY
