#!/usr/bin/env bash
# Ctrl-C on linkperf-coll: rank 0 records the interrupt in the results file (complete: false,
# interrupted_by, every finished entry), prints one line saying where the partial results are,
# and leaves no ".NAME.lock" or temporary file beside it. One process gets SIGINT itself (exit
# 130); under mpirun a Ctrl-C reaches mpirun, which sends the ranks SIGTERM.
set -euo pipefail
source "$(dirname "$0")/common.sh"
[ "$LINKPERF_COLL_HAVE_MPI" = 1 ] || { echo "SKIP: built without MPI"; exit 77; }
C=$LINKPERF_COLL
# Enough large cases (50 batches of 20 ops each) that the run is still going when signalled.
args=(all_reduce -b 64K -e 64M -f 2 -w 1 -n 20 --batches 50 --max-batches 50 -T 60)

# has_entries FILE: the results file exists and holds at least one entry.
has_entries() {
    python3 -c "import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))['benchmarks'] else 1)" \
        "$1" 2>/dev/null
}

# interrupt NAME SIGNAL WANT_CODE CMD...: starts CMD writing $work/NAME.json, sends SIGNAL to it
# once an entry is written, and checks the exit code (or any non-zero one for "nonzero"), the
# line, the file and that nothing is left beside it.
interrupt() {
    local name=$1 sig=$2 want=$3 got
    shift 3
    local out="$work/$name.json"
    "$@" --out "$out" >"$work/$name.stdout" 2>"$work/$name.stderr" &
    local pid=$!
    for _ in $(seq 600); do
        has_entries "$out" && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    has_entries "$out" || { cat "$work/$name.stderr" >&2; fail "$name: no entry written"; }
    kill "-$sig" "$pid" || fail "$name: the run ended before it could be interrupted"
    set +e
    wait "$pid"
    got=$?
    set -e
    cat "$work/$name.stderr"
    if [ "$want" = nonzero ]; then
        [ "$got" -ne 0 ] || fail "$name: exit 0 after an interrupt"
    else
        [ "$got" -eq "$want" ] || fail "$name: exit $got, want $want"
    fi
    grep -Eq "^linkperf-coll: interrupted by SIG(INT|TERM): partial results \([0-9]+ entries, complete: false\) in $out\$" \
        "$work/$name.stderr" || fail "$name: no line saying where the partial results are"
    python3 - "$out" <<'PY' || fail "$name: the results file does not record the interrupt"
import json, sys
d = json.load(open(sys.argv[1]))
l = d["context"]["linkperf"]
sys.exit(0 if d["benchmarks"] and l["complete"] is False and l["interrupted_by"] in
         ("SIGINT", "SIGTERM") else 1)
PY
    local left
    left=$(ls -A "$work" | grep -F "$name.json" | grep -vx "$name.json" || true)
    [ -z "$left" ] || fail "$name: left beside the results: $left"
}

interrupt single INT 130 "$C" "${args[@]}"
interrupt term TERM 143 "$C" "${args[@]}"
interrupt mpirun INT nonzero "${MPIRUN[@]}" -np 2 "$C" "${args[@]}"
# Ctrl-C to mpirun during a long first size, before any entry is written, at several moments:
# every rank ends, rank 0 says so in one line, a results file (when one was opened) is whole
# JSON recording the interrupt, and no lock or temporary file is left.
first=(all_reduce -b 64M -e 64M -w 1 -n 20 --batches 50 --max-batches 50 -T 60)
for delay in 0 0.3 1 2; do
    out="$work/first-$delay.json"
    "${MPIRUN[@]}" -np 2 "$C" "${first[@]}" --out "$out" >"$work/first.stdout" \
        2>"$work/first.stderr" &
    pid=$!
    # The ranks are in the first size once rank 0 has printed the table's header.
    for _ in $(seq 300); do
        grep -q "^#" "$work/first.stdout" 2>/dev/null && break
        sleep 0.1
    done
    grep -q "^#" "$work/first.stdout" || fail "first size: the run printed no table header"
    sleep "$delay"
    kill -INT "$pid" 2>/dev/null || true
    set +e
    wait "$pid"
    got=$?
    set -e
    [ "$got" -ne 0 ] || fail "first size, ${delay}s: exit 0 after an interrupt"
    grep -q "^linkperf-coll: \(interrupted\|stopped\) by SIG" "$work/first.stderr" ||
        { cat "$work/first.stderr" >&2; fail "first size, ${delay}s: no line from rank 0"; }
    if [ -e "$out" ]; then
        python3 -c "import json,sys; l=json.load(open(sys.argv[1]))['context']['linkperf']; sys.exit(0 if l['complete'] is False and l.get('interrupted_by') in ('SIGINT', 'SIGTERM') else 1)" "$out" ||
            fail "first size, ${delay}s: the results file does not record the interrupt"
    fi
    left=$(ls -A "$work" | grep -F "first-$delay.json" | grep -vx "first-$delay.json" || true)
    [ -z "$left" ] || fail "first size, ${delay}s: left beside the results: $left"
done
sleep 1
if pgrep -f "$C .*--out $work/" >/dev/null; then
    fail "a rank outlived the interrupted job"
fi
echo "interrupt: partial results kept and named, no lock left (1 process SIGINT/SIGTERM, mpirun)"
