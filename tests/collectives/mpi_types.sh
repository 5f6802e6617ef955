#!/usr/bin/env bash
# float64 with max, int32 with sum and a non-zero root, on 3 ranks (not a power of two), and
# -c 0 (no check: #wrong is N/A and nothing is recorded as verified).
set -euo pipefail
source "$(dirname "$0")/common.sh"
ops="all_reduce reduce_scatter reduce broadcast"
expect_code 0 "${MPIRUN[@]}" -np 3 "$LINKPERF_COLL" all_reduce,reduce_scatter,reduce,broadcast \
    --sizes 96,3K -d float64 -o max -r 2 -w 1 -n 3 --budget 0.02 -T 60 --out "$work/f64.json"
grep -q "  double     max       2" "$work/stdout" || fail "no float64/max/root 2 row"
python3 "$LINKPERF_CHECK_RESULTS" "$work/f64.json" --ranks 3 --ops $ops --sizes 96 3072 \
    --type float64
expect_code 0 "${MPIRUN[@]}" -np 3 "$LINKPERF_COLL" all_reduce,reduce_scatter,reduce,broadcast \
    --sizes 48,1536 -d int32 -r 1 -w 1 -n 3 --budget 0.02 -T 60 --out "$work/i32.json"
python3 "$LINKPERF_CHECK_RESULTS" "$work/i32.json" --ranks 3 --ops $ops --sizes 48 1536 \
    --type int32
expect_code 0 "${MPIRUN[@]}" -np 2 "$LINKPERF_COLL" all_reduce -b 1K -e 1K -c 0 -w 1 -n 3 --budget 0.02 \
    --out "$work/unchecked.json"
grep -q "N/A" "$work/stdout" || fail "-c 0 does not print N/A for #wrong"
python3 "$LINKPERF_CHECK_RESULTS" "$work/unchecked.json" --ranks 2 --ops all_reduce \
    --sizes 1024 --unchecked
# nccl-tests' -o prod/min and -d int8/uint8/int64/uint64 run on MPI, every result checked (0
# wrong), on 3 ranks; -a 1 reports the average over ranks.
for spec in "int8 prod" "uint8 min" "int64 prod" "uint64 min" "float32 min"; do
    read -r t red <<<"$spec"
    expect_code 0 "${MPIRUN[@]}" -np 3 "$LINKPERF_COLL" all_reduce,reduce_scatter,reduce \
        --sizes 96,3K -d "$t" -o "$red" -a 1 -w 1 -n 3 --budget 0.02 -T 60 --out "$work/$t.json"
    name=$t
    [ "$t" = float32 ] && name=float # nccl-tests' name in the table
    grep -q " $name  *$red " "$work/stdout" || fail "no $t/$red row"
    python3 "$LINKPERF_CHECK_RESULTS" "$work/$t.json" --ranks 3 \
        --ops all_reduce reduce_scatter reduce --sizes 96 3072 --type "$t"
    python3 - "$work/$t.json" <<'PY' || fail "-a 1: time_us is not the average over ranks"
import json, sys
for e in json.load(open(sys.argv[1]))["benchmarks"]:
    x = e["linkperf"]["extra"]
    assert x["rank_time"] == "avg" and x["time_us"] == x["time_us_avg"], x
    assert x["mpi_call"].startswith("MPI_"), x
PY
done
# MPI has no average: refused with its reason.
expect_code 2 "${MPIRUN[@]}" -np 2 "$LINKPERF_COLL" all_reduce -o avg -c 0 --out "$work/avg.json"
expect_message "MPI has no such reduction"
