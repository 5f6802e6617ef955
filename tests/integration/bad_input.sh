#!/usr/bin/env bash
# Every kind of bad input gives its documented exit code and one line on stderr; no crash.
set -u
lp=${LINKPERF:?set LINKPERF to the linkperf binary}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
total=0

expect() { # expect CODE DESCRIPTION -- ARGS...
  local want=$1 what=$2
  total=$((total + 1))
  shift 3
  "$lp" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  local lines
  # Progress lines and the run-time note about skipped GPU paths are not error lines.
  lines=$(grep -v -E '^\[[0-9]+/[0-9]+\]|^no CUDA device|^built without CUDA' "$tmp/err" | grep -c .)
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: $what: exit $got, want $want (linkperf $*)"; cat "$tmp/err"; fails=$((fails + 1))
  elif [ "$want" -ne 0 ] && ! grep -q '^linkperf:' "$tmp/err"; then
    echo "FAIL: $what: no 'linkperf:' error line on stderr"; cat "$tmp/err"; fails=$((fails + 1))
  elif [ "$want" -ne 0 ] && [ "$lines" -ne 1 ]; then
    echo "FAIL: $what: $lines lines on stderr, want one clear line"; cat "$tmp/err"; fails=$((fails + 1))
  else
    echo "ok: $what -> $got: $(head -1 "$tmp/err")"
  fi
}

free_kib=$(awk '/MemAvailable/{print $2}' /proc/meminfo)
too_big="$(( free_kib / 1024 / 1024 * 4 + 64 ))G"

expect 0 "version" -- --version
expect 0 "help" -- run --help
expect 2 "no subcommand" --
expect 2 "unknown subcommand" -- frobnicate
expect 2 "unknown flag" -- run --frobnicate
expect 2 "malformed size 12Q" -- run --sizes 12Q --out "$tmp/r.json"
expect 2 "negative size" -- run --sizes -1 --out "$tmp/r.json"
expect 2 "zero range 1:0" -- run --sizes 1:0 --out "$tmp/r.json"
expect 2 "unknown suite" -- run --suite huge --out "$tmp/r.json"
expect 2 "bad regex" -- run --filter '([' --out "$tmp/r.json"
expect 2 "filter matching nothing" -- run --filter 'no-such-path' --out "$tmp/r.json"
expect 2 "unwritable --out" -- run --filter host.copy --sizes 4K --out /nonexistent-dir/r.json
expect 2 "missing topology file" -- list --topology /nonexistent.xml
expect 2 "bad NUMA pair" -- run --numa x:1 --out "$tmp/r.json"
expect 2 "bad cpu list" -- run --cpus 3-1 --out "$tmp/r.json"
expect 3 "NUMA node that does not exist" -- run --filter host.read --sizes 4K --numa 63:0 --out "$tmp/r.json"
expect 3 "core that does not exist" -- run --filter host.read --sizes 4K --cpus 4095 --out "$tmp/r.json"
expect 0 "size larger than free memory: skipped, the run goes on" -- run --filter 'host.copy' --sizes "4K,$too_big" --threads 1 --out "$tmp/r.json"
grep -q '"status": "skipped"' "$tmp/r.json" && grep -q '"status": "ok"' "$tmp/r.json" || { echo "FAIL: the too-big case is not skipped beside a measured one"; fails=$((fails + 1)); }

[ -e /nonexistent-dir/r.json ] && { echo "FAIL: wrote into a missing directory"; fails=$((fails + 1)); }
echo "$((total - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
