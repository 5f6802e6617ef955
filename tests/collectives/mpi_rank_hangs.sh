#!/usr/bin/env bash
# A rank that hangs (SIGSTOP) mid-run: the others' per-op timeout must abort the job with a
# message naming the op and size, exit 4, within --timeout (plus the abort's own time); rank 0
# records the timeout in its results file and leaves no lock beside it.
set -euo pipefail
source "$(dirname "$0")/common.sh"
timeout_s=5
"${MPIRUN[@]}" -np 3 "$LINKPERF_COLL" all_reduce -b 1M -e 1M -w 2 -n 100000000 --budget 0 -c 0 \
    -T "$timeout_s" --out "$work/r.json" >"$work/stdout" 2>"$err_file" &
mp=$!
victim=""
cleanup() {
    # Only the processes this test started: mpirun and its stopped rank.
    [ -n "$victim" ] && kill -KILL "$victim" 2>/dev/null || true
    kill -KILL "$mp" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
signal_rank_mid_run STOP
[ "$rc" -eq 4 ] || fail "the job exited $rc, want 4 (timeout)"
grep -Eq "all_reduce at 1M \(out-of-place, timed phase\) made no progress for 5 s" "$err_file" ||
    fail "the message does not name the op and size"
[ "$elapsed" -lt $(((timeout_s + 15) * 1000)) ] || fail "the job took ${elapsed} ms to end"
# Rank 0 recorded the stop and closed its results file before the abort: no lock left.
grep -q "interrupted by timeout" "$err_file" || fail "no line saying where the partial results are"
python3 - "$work/r.json" <<'PY' || fail "the results file does not record the timeout"
import json, sys
lp = json.load(open(sys.argv[1]))["context"]["linkperf"]
sys.exit(0 if lp.get("interrupted_by") == "timeout" and lp.get("complete") is False else 1)
PY
[ ! -e "$work/.r.json.lock" ] || fail "the results file's lock was left behind"
echo "stopped rank 1; the job exited $rc after ${elapsed} ms"
