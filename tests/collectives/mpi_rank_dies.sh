#!/usr/bin/env bash
# A rank killed mid-run (SIGKILL): the other ranks must exit non-zero within the timeout.
set -euo pipefail
source "$(dirname "$0")/common.sh"
timeout_s=10
"${MPIRUN[@]}" -np 3 "$LINKPERF_COLL" all_reduce -b 1M -e 1M -w 2 -n 100000000 --budget 0 -c 0 \
    -T "$timeout_s" --out "$work/r.json" >"$work/stdout" 2>"$err_file" &
mp=$!
signal_rank_mid_run KILL
[ "$rc" -ne 0 ] || fail "the job exited 0 after a rank was killed"
[ "$elapsed" -lt $(((timeout_s + 10) * 1000)) ] || fail "the job took ${elapsed} ms to end"
leftover=$(pgrep -P "$mp" || true)
[ -z "$leftover" ] || fail "ranks left running: $leftover"
echo "killed rank 1; the job exited $rc after ${elapsed} ms"
