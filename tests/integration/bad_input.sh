#!/usr/bin/env bash
# Every kind of bad input gives its documented exit code and one line on stderr; no crash.
set -u
lp=${LINKPERF:?set LINKPERF to the linkperf binary}
root=$(cd "$(dirname "$0")/../.." && pwd)
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
expect 2 "run --seed without --repeat (nothing to order)" -- run --seed 3 --filter host.copy
expect 2 "run --repeat 0" -- run --repeat 0 --filter host.copy
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
expect 3 "every case skipped: nothing measured is not a pass" -- run --filter 'host.copy' --sizes "$too_big" --threads 1 --out "$tmp/none.json"
grep -q 'nothing measured: all' "$tmp/err" && grep -q '"status": "skipped"' "$tmp/none.json" || { echo "FAIL: a run that measured nothing does not say so, or wrote no results file"; fails=$((fails + 1)); }

[ -e /nonexistent-dir/r.json ] && { echo "FAIL: wrote into a missing directory"; fails=$((fails + 1)); }

# --- option values that must not fall back to defaults or overflow ---------------
expect 2 "empty --sizes" -- run --sizes "" --out "$tmp/refused.json"
expect 2 "empty --cpus" -- run --cpus "" --out "$tmp/refused.json"
expect 2 "empty --out" -- run --filter host.read --sizes 4K --out ""
expect 2 "empty --prom" -- run --filter host.read --sizes 4K --out "$tmp/refused.json" --prom ""
expect 2 "size 2^64-1" -- run --filter host.copy --sizes 18446744073709551615 --out "$tmp/refused.json"
expect 2 "size range to 2^64-1" -- list --sizes 4K:18446744073709551615
expect 2 "empty --criterion" -- run --criterion "" --out "$tmp/refused.json"
expect 2 "unknown --criterion" -- run --criterion foo --out "$tmp/refused.json"
expect 2 "--threads 0" -- run --threads 0 --out "$tmp/refused.json"
expect 2 "--threads -1" -- run --threads -1 --out "$tmp/refused.json"
expect 2 "--threads huge" -- run --threads 99999999999999999999 --out "$tmp/refused.json"
for flag in --benchmark_repetitions=-1 --benchmark_repetitions=abc --benchmark_min_time=abc \
    --benchmark_format=xml --benchmark_out=/tmp/x --benchmark_nope --frobnicate plain-word; do
  expect 2 "Google Benchmark flag $flag" -- run --filter host.read --sizes 4K --out "$tmp/refused.json" -- "$flag"
done
[ -e "$tmp/refused.json" ] && { echo "FAIL: a refused run wrote its results file"; fails=$((fails + 1)); }
expect 2 "nfd --out empty" -- nfd --out "" --topology "$root/tests/data/topologies/$(ls "$root/tests/data/topologies" | head -1)"

# --- outputs: nothing the user points linkperf at is destroyed (docs/outputs.md) -----------
res=$root/tests/data/results/host-small-x86_64.json
base=$tmp/base.json
cp "$res" "$base"
check() { # check DESCRIPTION COMMAND...: a condition that must hold
  local what=$1
  shift
  total=$((total + 1))
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fails=$((fails + 1)); fi
}
is_char() { [ -c "$1" ] && [ ! -L "$1" ]; }
devices=1
if ! mknod "$tmp/full" c 1 7 2>/dev/null || ! mknod "$tmp/null" c 1 3 2>/dev/null ||
  ! mknod "$tmp/zero" c 1 5 2>/dev/null; then
  devices=0
  echo "note: mknod not permitted (not root): device cases left out"
fi
if [ "$devices" -eq 1 ]; then
  expect 2 "run --out on a full device" -- run --filter host.read --sizes 4K --threads 1 --out "$tmp/full"
  check "the full device is still a device" is_char "$tmp/full"
  expect 0 "run --out on a null device" -- run --filter host.read --sizes 4K --threads 1 --out "$tmp/null"
  check "the null device is still a device" is_char "$tmp/null"
  expect 2 "report --md on a full device" -- report "$res" --md "$tmp/full"
  expect 2 "report of a char device (zero)" -- report "$tmp/zero"
  check "the zero device is still a device" is_char "$tmp/zero"
  total=$((total + 1))
  "$lp" report "$res" >"$tmp/full" 2>"$tmp/err"
  got=$?
  if [ "$got" -eq 2 ] && [ "$(grep -c . "$tmp/err")" -eq 1 ] && grep -q '^linkperf:' "$tmp/err"; then
    echo "ok: stdout on a full device -> 2: $(cat "$tmp/err")"
  else
    echo "FAIL: stdout on a full device: exit $got"; cat "$tmp/err"; fails=$((fails + 1))
  fi
fi
if [ -z "${LINKPERF_EMULATOR:-}" ]; then # qemu-user itself would take a closed descriptor
  total=$((total + 1))
  "$lp" report "$res" >&- 2>"$tmp/err"
  got=$?
  if [ "$got" -eq 2 ] && [ "$(grep -c . "$tmp/err")" -eq 1 ] && grep -q '^linkperf:' "$tmp/err"; then
    echo "ok: closed stdout -> 2: $(cat "$tmp/err")"
  else
    echo "FAIL: closed stdout: exit $got"; cat "$tmp/err"; fails=$((fails + 1))
  fi
fi
echo "x" >"$tmp/target.md"
ln -s target.md "$tmp/link.md"
expect 0 "report --md through a symlink" -- report "$res" --md "$tmp/link.md"
check "the link is kept and its target replaced" test -L "$tmp/link.md" -a "$(head -c 2 "$tmp/target.md")" = "##"
ln -s "$base" "$tmp/base-link.json"
expect 2 "report --md naming its input" -- report "$base" --md "$base"
expect 2 "report --md naming its input through a symlink" -- report "$base" --md "$tmp/base-link.json"
expect 2 "compare --junit naming its baseline" -- compare "$base" "$res" --junit "$base"
expect 2 "compare --md naming its candidate" -- compare "$res" "$base" --md "$tmp/./base.json"
check "the input is untouched" cmp -s "$res" "$base"
expect 2 "run --out and --prom naming one file" -- run --filter host.read --sizes 4K --out "$tmp/same.out" --prom "$tmp/same.out"
check "nothing was written" test ! -e "$tmp/same.out"
expect 2 "two outputs on stdout" -- report "$res" --md - --csv -
expect 0 "report --csv - writes CSV to stdout" -- report "$res" --csv -
check "stdout holds the CSV" grep -q '^run,role,file,host' "$tmp/out"
expect 2 "baseline named index" -- baseline save "$res" index --dir "$tmp/store"
expect 0 "baseline save" -- baseline save "$res" kept --dir "$tmp/store"
expect 2 "baseline named INDEX" -- baseline save "$res" INDEX --dir "$tmp/store"
check "the store's index survives" python3 -c "import json,sys; json.load(open(sys.argv[1]))['baselines'][0]['name'] == 'kept' or sys.exit(1)" "$tmp/store/index.json"
mkfifo "$tmp/fifo"
expect 2 "run --out on a FIFO nobody reads" -- run --filter host.read --sizes 4K --threads 1 --out "$tmp/fifo"
cat "$tmp/fifo" >"$tmp/from-fifo" &
reader=$!
expect 0 "report --md on a FIFO with a reader" -- report "$res" --md "$tmp/fifo"
wait "$reader"
check "the reader got the report, the FIFO is still a FIFO" test -p "$tmp/fifo" -a -s "$tmp/from-fifo"
expect 2 "report of a FIFO" -- report "$tmp/fifo"
expect 2 "nfd --results from a FIFO" -- nfd --results "$tmp/fifo" --verdict pass --topology "$root/tests/data/topologies/$(ls "$root/tests/data/topologies" | head -1)"
if command -v flock >/dev/null 2>&1; then
  # Another linkperf writing busy.json holds .busy.json.lock (docs/outputs.md).
  flock "$tmp/.busy.json.lock" sleep 5 &
  holder=$!
  sleep 0.3
  expect 2 "a second writer of the same --out" -- run --filter host.read --sizes 4K --threads 1 --out "$tmp/busy.json"
  kill "$holder" 2>/dev/null
  wait "$holder" 2>/dev/null
fi

# --- inputs: bounded, typed, and never echoed raw -----------------------------------------
truncate -s 300M "$tmp/huge.json"
expect 2 "a results file over the size cap" -- report "$tmp/huge.json"
python3 -c "print('[' * 100000 + ']' * 100000)" >"$tmp/deep.json"
expect 2 "JSON nested 100k deep" -- report "$tmp/deep.json"
mutate() { # mutate OUT PYTHON-STATEMENT-ON-d
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); lp=d['benchmarks'][0]['linkperf']; $2; json.dump(d, open(sys.argv[3], 'w'))" "$res" "$2" "$1"
}
mutate "$tmp/path5.json" "lp['path'] = 5"
expect 2 "\"path\": 5" -- report "$tmp/path5.json"
mutate "$tmp/norole.json" "del lp['source']['role']"
expect 2 "a missing source.role" -- report "$tmp/norole.json"
mutate "$tmp/negative.json" "lp['samples'] = [-s for s in lp['samples']]"
expect 2 "negative samples with a positive median" -- report "$tmp/negative.json"
mutate "$tmp/hostile.json" "d['context']['linkperf']['hostname'] = 'evil\x1b]0;owned\x07\x00\x1b[2J'; lp['error'] = '\x1b[31m'"
expect 0 "report of a hostile hostname (Markdown on stdout)" -- report "$tmp/hostile.json"
raw_controls() { python3 -c "import sys; b=open(sys.argv[1],'rb').read(); sys.exit(1 if any(c < 32 and c not in (9, 10, 13) or c == 127 for c in b) else 0)" "$1"; }
check "no raw control character in the Markdown" raw_controls "$tmp/out"
expect 0 "report --csv - of a hostile hostname" -- report "$tmp/hostile.json" --csv -
check "no raw control character in the CSV" raw_controls "$tmp/out"
expect 1 "compare of a hostile hostname (terminal lines)" -- compare "$res" "$(mutate "$tmp/hostile-slow.json" "d['context']['linkperf']['hostname'] = 'x\x1b[2J\x07'; [e['linkperf'].update(samples=[s * 3 for s in e['linkperf']['samples']], stats={k: v * 3 for k, v in e['linkperf']['stats'].items()}) for e in d['benchmarks'] if e['linkperf']['metric'] == 'latency']"; echo "$tmp/hostile-slow.json")"
check "no raw control character on stdout or stderr" raw_controls "$tmp/out"
check "no raw control character on stderr" raw_controls "$tmp/err"

# --- review of this round: inputs that hang, values silently ignored, dates that do not exist -
topo=$root/tests/data/topologies/$(ls "$root/tests/data/topologies" | head -1)
for cmd in list topo nfd; do
  expect 2 "$cmd --topology on a FIFO (would block)" -- $cmd --topology "$tmp/fifo"
done
expect 2 "run --topology on a FIFO" -- run --topology "$tmp/fifo" --filter host.read --sizes 4K --out "$tmp/refused2.json"
mkfifo "$tmp/fifo.json"
expect 2 "compare --config on a FIFO (would block)" -- compare "$res" "$res" --config "$tmp/fifo.json"
if [ "$devices" -eq 1 ]; then
  expect 2 "topo --topology on a char device" -- topo --topology "$tmp/zero"
  mknod "$tmp/zero.toml" c 1 5
  expect 2 "compare --config on a char device (would read without end)" -- compare "$res" "$res" --config "$tmp/zero.toml"
fi
mkdir -p "$tmp/not-sysfs"
expect 2 "topo --sysfs of an empty directory" -- topo --sysfs "$tmp/not-sysfs"
expect 2 "topo --check --sysfs of an empty directory (no silent ok)" -- topo --check --sysfs "$tmp/not-sysfs"
expect 2 "nfd --sysfs of an empty directory" -- nfd --sysfs "$tmp/not-sysfs" --topology "$topo"
for d in 2026-13-45 2026-02-30 0000-00-00 2026-1x-01; do
  expect 2 "nfd --date $d" -- nfd --verdict pass --date "$d" --topology "$topo"
done
expect 0 "nfd --date 2028-02-29 (a leap day)" -- nfd --verdict pass --date 2028-02-29 --topology "$topo"
expect 2 "nfd --node empty" -- nfd --node "" --topology "$topo"
expect 2 "run --knee empty" -- list --sweep threads --knee ""
expect 2 "report --knee empty" -- report "$res" --knee ""
expect 2 "--knee outside a saturation study" -- list --suite quick --knee 0.9
expect 2 "--sweep with an explicit --suite quick" -- list --suite quick --sweep threads
expect 0 "--sweep alone implies saturation" -- list --sweep threads --sizes 4K
expect 0 "--knee with --sweep" -- list --sweep threads --knee 0.9 --sizes 4K
for o in --html --json --csv --baseline --baselines-dir; do
  expect 2 "fleet $o empty" -- fleet "$res" $o ""
done
expect 2 "report --baselines-dir empty" -- report "$res" --baselines-dir ""
expect 2 "report --baseline empty" -- report "$res" --baseline ""
expect 2 "compare --baselines-dir empty" -- compare "$res" "$res" --baselines-dir ""
expect 2 "baseline save --dir empty" -- baseline save "$res" x --dir ""
expect 2 "baseline list --dir empty" -- baseline list --dir ""
echo "$((total - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
