#!/usr/bin/env bash
# Every op on N ranks (argument) under mpirun: exit 0, 0 wrong in every table and entry.
set -euo pipefail
source "$(dirname "$0")/common.sh"
np=$1
ops="all_reduce all_gather reduce_scatter broadcast reduce alltoall sendrecv p2p.latency p2p.bw"
expect_code 0 "${MPIRUN[@]}" -np "$np" "$LINKPERF_COLL" all -b 64 -e 256K -f 8 -w 2 -n 5 --budget 0.02 -T 60 \
    --out "$work/r.json"
cat "$work/stdout"
ok=$(grep -c "^# Out of bounds values : 0 OK" "$work/stdout")
[ "$ok" -eq 9 ] || fail "$ok of 9 tables report 0 wrong"
grep -q "^# all_reduce ($np ranks, timed call MPI_Allreduce)" "$work/stdout" || fail "no all_reduce table for $np ranks"
python3 "$LINKPERF_CHECK_RESULTS" "$work/r.json" --ranks "$np" --ops $ops \
    --sizes 64 512 4096 32768 262144
