#!/usr/bin/env bash
# A rank killed mid-run (SIGKILL): the other ranks must exit non-zero within the timeout.
set -euo pipefail
source "$(dirname "$0")/common.sh"
timeout_s=10
"${MPIRUN[@]}" -np 3 "$LINKPERF_COLL" all_reduce -b 1M -e 1M -w 2 -n 100000000 -c 0 \
    -T "$timeout_s" --out "$work/r.json" >"$work/stdout" 2>"$err_file" &
mp=$!
for _ in $(seq 600); do
    grep -q "(elements)" "$work/stdout" 2>/dev/null && break
    sleep 0.1
done
grep -q "(elements)" "$work/stdout" || { kill -KILL "$mp"; fail "the run did not start"; }
sleep 1
victim=$(rank_pid "$mp" 1) || { kill -KILL "$mp"; fail "rank 1 not found"; }
start=$(date +%s%N)
kill -KILL "$victim"
set +e
wait "$mp"
rc=$?
set -e
elapsed=$((($(date +%s%N) - start) / 1000000))
cat "$err_file"
[ "$rc" -ne 0 ] || fail "the job exited 0 after a rank was killed"
[ "$elapsed" -lt $(((timeout_s + 10) * 1000)) ] || fail "the job took ${elapsed} ms to end"
leftover=$(pgrep -P "$mp" || true)
[ -z "$leftover" ] || fail "ranks left running: $leftover"
echo "killed rank 1; the job exited $rc after ${elapsed} ms"
