#!/usr/bin/env bash
# Ctrl-C or SIGTERM during `linkperf run`: the run stops after the case in flight,
# the results file holds the finished cases with complete=false and the signal's name, one
# stderr line says where the partial results are, and the exit status is 128 + the signal.
# Under user-mode emulation (cross builds) the runner's unit test covers the same path.
set -euo pipefail
lp=${LINKPERF:?set LINKPERF to the linkperf binary}
if [ "${LINKPERF_EMULATED:-0}" = 1 ]; then
  echo "emulated build: signal delivery through qemu-user is not what is tested here"; exit 77
fi
tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
filter='^host\.(copy|read|write)/'
planned=$("$lp" list --suite quick --filter "$filter" 2>/dev/null | awk '/ cases$/{print $1}')
[ "${planned:-0}" -gt 3 ] || { echo "expected more than 3 planned cases, got '$planned'"; exit 1; }

# entries FILE: the cases written so far (0 while the file is not there yet).
entries() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["benchmarks"]))' "$1" 2>/dev/null || echo 0; }

check() { # SIGNAL STATUS
  local sig=$1 want=$2 out=$tmp/$1.json rc=0
  "$lp" run --suite quick --filter "$filter" --out "$out" >"$tmp/$sig.stdout" 2>"$tmp/$sig.stderr" &
  pid=$!
  # Signal as soon as the first case is on disk: the run is then certainly under way, and
  # every later case is still to come (a loaded machine only makes the run slower).
  for _ in $(seq 1 1200); do
    [ "$(entries "$out")" -ge 1 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -"$sig" "$pid" || { echo "$sig: the run ended before the signal"; cat "$tmp/$sig.stderr"; exit 1; }
  wait "$pid" || rc=$?
  pid=""
  [ "$rc" -eq "$want" ] || { echo "$sig: exit $rc, expected $want"; cat "$tmp/$sig.stderr"; exit 1; }
  grep -q "^linkperf: interrupted by SIG$sig: partial results (.* of $planned cases) in $out\$" \
    "$tmp/$sig.stderr" || { echo "$sig: no partial-results line"; cat "$tmp/$sig.stderr"; exit 1; }
  [ "$(grep -c interrupted "$tmp/$sig.stderr")" -eq 1 ] || { echo "$sig: not one line"; cat "$tmp/$sig.stderr"; exit 1; }
  python3 - "$out" "SIG$sig" "$planned" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
lp = doc["context"]["linkperf"]
assert lp["complete"] is False, "complete must be false"
assert lp["interrupted_by"] == sys.argv[2], lp.get("interrupted_by")
assert "stopped_at" in lp and "finished_at" not in lp
n = len(doc["benchmarks"])
assert 1 <= n < int(sys.argv[3]), f"{n} cases written of {sys.argv[3]}"
for b in doc["benchmarks"]:
    assert b["linkperf"]["status"] == "ok", (b["name"], b["linkperf"]["error"])
    assert not b["linkperf"]["error"].startswith("not run"), b["name"]
print(f"{sys.argv[2]}: {n} of {sys.argv[3]} cases kept, complete=false")
PY
}
check INT 130
check TERM 143
