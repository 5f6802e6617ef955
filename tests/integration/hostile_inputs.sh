#!/usr/bin/env bash
# The hostile corpus: stdout appended into an input, special and huge files where linkperf reads
# (under --sysfs too), text that is not UTF-8, a user's own lock file, read-only outputs, a regex
# that recursed the stack, terminal escapes in fleet's summary, and signals at any moment. Each
# ends with a documented exit code and one line; nothing hangs, crashes, or is left behind.
# Special files are made with mkfifo/mknod in a temporary directory, never on /dev.
set -u
lp=${LINKPERF:?set LINKPERF to the linkperf binary}
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
# Only this shell removes it: a background job signalled between fork and exec (the signal
# tests below) is still a copy of this shell and would otherwise run this trap.
trap '[ "$BASHPID" = "$$" ] && rm -rf "$tmp"' EXIT
fails=0
total=0
res=$root/tests/data/results/host-small-x86_64.json
res2=$root/tests/data/results/host-small-x86_64-rerun.json
topo=$root/tests/data/topologies/32em64t-2n8c2t-pci-normalio.xml

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# run_lp SECONDS ARGS...: linkperf under a time limit (a hang is exit 124); stdout in $tmp/out
# (vm_kib, when set, bounds its address space)
run_lp() {
  local limit=$1
  shift
  (ulimit -v "${vm_kib:-unlimited}" && exec timeout -k 5 "$limit" "$lp" "$@") >"$tmp/out" 2>"$tmp/err"
}
expect() { # expect CODE DESCRIPTION -- ARGS...: the exit code, and one linkperf: line on error
  local want=$1 what=$2
  shift 3
  total=$((total + 1))
  run_lp 60 "$@"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    fail "$what: exit $got, want $want (linkperf $(echo "$*" | head -c 200))"; head -3 "$tmp/err"
  elif [ "$want" -ne 0 ] && { [ "$(grep -c . "$tmp/err")" -ne 1 ] || ! grep -q '^linkperf:' "$tmp/err"; }; then
    fail "$what: want one 'linkperf:' line on stderr"; head -3 "$tmp/err"
  else
    echo "ok: $what -> $got: $(head -c 160 "$tmp/err" | head -1)"
  fi
}
check() { # check DESCRIPTION COMMAND...
  local what=$1
  shift
  total=$((total + 1))
  if "$@"; then echo "ok: $what"; else fail "$what"; fi
}
no_leftovers() { # no lock or temporary file in DIR
  ! find "$1" -maxdepth 1 -name '.*' ! -name . ! -name '.mine.*' | grep -q .
}
raw_controls() { python3 -c "import sys; b=open(sys.argv[1],'rb').read(); sys.exit(1 if any(c < 32 and c not in (9, 10, 13) or c == 127 for c in b) else 0)" "$1"; }
valid_json() { python3 -c "import json,sys; json.load(open(sys.argv[1], 'rb'))" "$1"; }

# --- standard output appended into an input (fstat stdout against every input) -------------
cp "$res" "$tmp/in.json"
cp "$res2" "$tmp/cand.json"
printf 'threshold = "5%%"\n' >"$tmp/g.toml"
cp "$topo" "$tmp/x.xml"
sum_before=$(cat "$tmp/in.json" "$tmp/cand.json" "$tmp/g.toml" "$tmp/x.xml" | md5sum)
appended() { # appended DESCRIPTION INPUT ARGS...: `linkperf ARGS >> INPUT` is exit 2
  local what=$1 input=$2
  shift 2
  total=$((total + 1))
  timeout -k 5 60 "$lp" "$@" >>"$input" 2>"$tmp/err"
  local got=$?
  if [ "$got" -eq 2 ] && grep -q 'standard output is the input' "$tmp/err"; then
    echo "ok: $what -> 2: $(head -1 "$tmp/err")"
  else
    fail "$what: exit $got"; head -3 "$tmp/err"
  fi
}
appended "report in.json >> in.json" "$tmp/in.json" report "$tmp/in.json"
appended "compare B C >> C" "$tmp/cand.json" compare "$tmp/in.json" "$tmp/cand.json"
appended "compare B C >> B" "$tmp/in.json" compare "$tmp/in.json" "$tmp/cand.json"
appended "compare --config g.toml >> g.toml" "$tmp/g.toml" compare "$tmp/in.json" "$tmp/cand.json" --config "$tmp/g.toml"
appended "nfd --results r >> r" "$tmp/in.json" nfd --results "$tmp/in.json" --topology "$topo"
appended "fleet ... >> r" "$tmp/in.json" fleet "$tmp/in.json" "$tmp/cand.json"
appended "topo --topology x.xml >> x.xml" "$tmp/x.xml" topo --topology "$tmp/x.xml"
appended "list --topology x.xml >> x.xml" "$tmp/x.xml" list --topology "$tmp/x.xml"
check "no input was appended to" test "$(cat "$tmp/in.json" "$tmp/cand.json" "$tmp/g.toml" "$tmp/x.xml" | md5sum)" = "$sum_before"
expect 0 "report > another file is fine" -- report "$tmp/in.json"

# --- special and huge files where linkperf reads ------------------------------------------
sys=$tmp/sys
cp -r "$root/tests/data/sysfs/dgx-h100" "$sys"
gpu=$sys/bus/pci/devices/0000:1b:00.0
devices=1
mknod "$tmp/zero-probe" c 1 5 2>/dev/null || devices=0
rm -f "$tmp/zero-probe"
bounded() { # bounded DESCRIPTION ARGS...: finishes in time, no crash, memory bounded
  local what=$1
  shift
  total=$((total + 1))
  # 1 GiB of address space is far more than linkperf needs and far less than what the
  # unbounded readers took (2 GiB and more).
  vm_kib=1048576 run_lp 30 "$@"
  local got=$?
  if [ "$got" -eq 124 ] || [ "$got" -ge 128 ] || grep -q 'out of memory' "$tmp/err"; then
    fail "$what: exit $got (a hang, a crash or unbounded memory)"; head -3 "$tmp/err"
  else
    echo "ok: $what -> $got"
  fi
}
for attr in current_link_speed numa_node local_cpulist; do
  mv "$gpu/$attr" "$tmp/saved"
  mkfifo "$gpu/$attr"
  for cmd in "topo" "topo --check" "nfd"; do
    # shellcheck disable=SC2086 # the words are the command
    bounded "$cmd --sysfs with a FIFO $attr" $cmd --sysfs "$sys"
  done
  rm "$gpu/$attr"
  if [ "$devices" -eq 1 ]; then
    mknod "$gpu/$attr" c 1 5
    bounded "topo --check --sysfs with a /dev/zero-like $attr" topo --check --sysfs "$sys"
    rm "$gpu/$attr"
  fi
  truncate -s 1G "$gpu/$attr"
  bounded "topo --check --sysfs with a 1 GB sparse $attr" topo --check --sysfs "$sys"
  bounded "nfd --sysfs with a 1 GB sparse $attr" nfd --sysfs "$sys"
  mv "$tmp/saved" "$gpu/$attr"
done
python3 -c "print(','.join(f'{i*65536}-{i*65536+65535}' for i in range(16000)))" >"$tmp/wide"
# An argument is at most 128 KiB: 5,000 ranges (1.3 GiB of CPU numbers unbounded) for --cpus.
python3 -c "print(','.join(f'{i*65536}-{i*65536+65535}' for i in range(5000)))" >"$tmp/wide-arg"
cp "$tmp/wide" "$sys/devices/system/node/node0/cpulist"
bounded "topo --sysfs with a cpulist of 16,000 wide ranges" topo --sysfs "$sys"
bounded "topo --check --sysfs with a cpulist of 16,000 wide ranges" topo --check --sysfs "$sys"
vm_kib=1048576 expect 2 "run --cpus of 5,000 wide ranges" -- run --cpus "$(cat "$tmp/wide-arg")" --out "$tmp/wide.json"
head -c 60000000 /dev/zero | tr '\0' '[' >"$tmp/brackets.json"
bounded "fleet with a 60 MB node file of [" fleet "$res" "$tmp/brackets.json"
check "... that node is incomplete, not the whole fleet" grep -q 'node counted incomplete' "$tmp/err"
expect 2 "--filter of 20,000 nested groups (std::regex recursion)" -- run --filter "$(printf '(%.0s' $(seq 20000))a$(printf ')%.0s' $(seq 20000))" --out "$tmp/filter.json"
check "... no lock or file left" no_leftovers "$tmp"

# --- text that is not UTF-8 ----------------------------------------------------------------
latin=$(printf 'r\xff\xe9.json')
cp "$res" "$tmp/$latin"
expect 0 "baseline save from a non-UTF-8 path" -- baseline save "$tmp/$latin" latin --dir "$tmp/store"
check "... the stored baseline and index.json agree" python3 -c "import json,sys; d=json.load(open(sys.argv[1], 'rb')); sys.exit(0 if [b['name'] for b in d['baselines']] == ['latin'] else 1)" "$tmp/store/index.json"
check "... the baseline file is stored" cmp -s "$res" "$tmp/store/latin.json"
expect 1 "compare --junit with 0xFF in the candidate's path" -- compare "$res" "$(python3 - "$res" "$tmp" <<'EOF'
import json, os, sys
d = json.load(open(sys.argv[1]))
for e in d['benchmarks']:
    if e['linkperf']['metric'] == 'latency':
        e['linkperf']['samples'] = [s * 3 for s in e['linkperf']['samples']]
        e['linkperf']['stats'] = {k: v * 3 for k, v in e['linkperf']['stats'].items()}
p = os.path.join(sys.argv[2].encode(), b'slow\xff.json')
open(p, 'w').write(json.dumps(d))
sys.stdout.buffer.write(p)
EOF
)" --junit "$tmp/j.xml"
check "... the JUnit file is well-formed XML" python3 -c "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])" "$tmp/j.xml"
python3 - "$res" "$tmp" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d['context']['linkperf']['hostname'] = 'lat'
text = json.dumps(d, ensure_ascii=False).replace('"lat"', '"lat\xe9"')
open(sys.argv[2] + '/latin1-node.json', 'wb').write(text.encode('latin-1'))
open(sys.argv[2] + '/utf16-node.json', 'wb').write(json.dumps(d).encode('utf-16'))
EOF
expect 0 "fleet with a Latin-1 and a UTF-16 node" -- fleet "$res" "$res2" "$tmp/latin1-node.json" "$tmp/utf16-node.json" --json "$tmp/verdicts.json"
check "... the verdict file is written and valid JSON" valid_json "$tmp/verdicts.json"
check "... both odd nodes are incomplete" python3 -c "import json,sys; v=[n['verdict'] for n in json.load(open(sys.argv[1]))['nodes']]; sys.exit(0 if v.count('incomplete') == 2 else 1)" "$tmp/verdicts.json"
if command -v unshare >/dev/null && unshare --uts true 2>/dev/null; then
  total=$((total + 1))
  if unshare --uts python3 -c 'import os, socket, sys; socket.sethostname(b"h\xffst"); os.execvp("timeout", ["timeout", "120"] + sys.argv[1:])' \
      "$lp" run --filter host.read --sizes 4K --threads 1 --out "$tmp/host.json" >"$tmp/out" 2>"$tmp/err" &&
    valid_json "$tmp/host.json"; then
    echo "ok: run on a host whose name is not UTF-8 writes valid JSON"
  else
    fail "run on a host whose name is not UTF-8"; head -3 "$tmp/err"
  fi
fi

# --- terminal escapes in fleet's summary ---------------------------------------------------
evil=$(printf 'node\033]0;owned\007\nline2.json')
printf '{"broken": \033[2J' >"$tmp/$evil"
expect 0 "fleet naming a node file with ESC, BEL and a newline" -- fleet "$res" "$res2" "$tmp/$evil"
check "... no raw control character on stdout" raw_controls "$tmp/out"
check "... none on stderr" raw_controls "$tmp/err"

# --- outputs: a user's own lock file, a read-only output ----------------------------------
echo "my own notes" >"$tmp/.mine.md.lock"
expect 0 "report --md next to a user's own .NAME.lock" -- report "$res" --md "$tmp/mine.md"
check "... the user's lock file is kept as it was" test "$(cat "$tmp/.mine.md.lock")" = "my own notes"
echo "keep me" >"$tmp/ro.md"
chmod 0444 "$tmp/ro.md"
expect 2 "report --md onto a read-only file" -- report "$res" --md "$tmp/ro.md"
check "... the read-only file is untouched" test "$(cat "$tmp/ro.md")" = "keep me"
expect 2 "topo --check --expect-gpus ''" -- topo --check --sysfs "$root/tests/data/sysfs/dgx-h100" --expect-gpus ''

# --- signals at any moment ---------------------------------------------------------------
mkdir -p "$tmp/sig"
for delay in 0 0.005 0.01 0.02 0.03 0.05 0.08 0.2; do
  for sig in TERM INT; do
    total=$((total + 1))
    rm -f "$tmp/sig/r.json"
    set -m # job control: SIGINT is not ignored in the background job
    "$lp" run --filter host.read --sizes 4K --threads 1 --out "$tmp/sig/r.json" >/dev/null 2>"$tmp/err" &
    pid=$!
    set +m
    sleep "$delay"
    kill -"$sig" "$pid" 2>/dev/null
    wait "$pid"
    got=$?
    if [ "$got" -ne 0 ] && [ "$got" -ne $((128 + $(kill -l "$sig"))) ]; then
      fail "SIG$sig after ${delay}s: exit $got"; head -3 "$tmp/err"
    elif ! no_leftovers "$tmp/sig"; then
      fail "SIG$sig after ${delay}s: left $(find "$tmp/sig" -mindepth 1 -printf '%f ')"
    elif [ "$got" -ne 0 ] && ! grep -qE '^linkperf: (interrupted|stopped) by SIG' "$tmp/err" &&
      [ -n "$(find "$tmp/sig" -mindepth 1 -name '*r.json*')" ]; then
      # (A signal before main, while the loader still maps the libraries, leaves nothing.)
      fail "SIG$sig after ${delay}s: exit $got without a line"; head -3 "$tmp/err"
    elif [ -e "$tmp/sig/r.json" ] && ! valid_json "$tmp/sig/r.json"; then
      fail "SIG$sig after ${delay}s: the results file is not valid JSON"
    else
      echo "ok: SIG$sig to run after ${delay}s -> $got"
    fi
  done
done
# SIGHUP (the terminal went away) stops run like SIGTERM; under nohup (ignored) it goes on. The
# run lasts seconds (a 256M size), so the signal lands while it measures on a quiet machine too.
total=$((total + 1))
rm -f "$tmp/sig/r.json"
"$lp" run --filter host --sizes 4K,64K,1M,256M --threads 1 --out "$tmp/sig/r.json" >/dev/null 2>"$tmp/err" &
pid=$!
sleep 1
kill -HUP "$pid" 2>/dev/null
wait "$pid"
got=$?
if [ "$got" -eq 129 ] && no_leftovers "$tmp/sig" &&
  python3 -c "import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))['context']['linkperf']['interrupted_by'] == 'SIGHUP' else 1)" "$tmp/sig/r.json"; then
  echo "ok: SIGHUP to run -> 129, interrupted_by SIGHUP, no lock"
else
  fail "SIGHUP to run: exit $got, left $(find "$tmp/sig" -mindepth 1 -printf '%f ')"; head -3 "$tmp/err"
fi
total=$((total + 1))
(trap '' HUP; exec "$lp" run --filter host.read --sizes 4K --threads 1 --out "$tmp/sig/nohup.json" >/dev/null 2>"$tmp/err") &
pid=$!
sleep 0.3
kill -HUP "$pid" 2>/dev/null
wait "$pid"
got=$?
if [ "$got" -eq 0 ]; then echo "ok: SIGHUP ignored (nohup): the run goes on"; else fail "nohup run: exit $got"; fi
python3 - "$res" "$tmp/sig/big.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
base = d['benchmarks']
d['benchmarks'] = []
for i in range(400):
    for e in base:
        e = json.loads(json.dumps(e))
        e['name'] = e['name'] + f'/copy{i}'
        e['linkperf']['size_bytes'] = e['linkperf']['size_bytes'] + i
        d['benchmarks'].append(e)
json.dump(d, open(sys.argv[2], 'w'))
EOF
for delay in 0.01 0.05 0.1 0.2 0.4; do
  total=$((total + 1))
  "$lp" report "$tmp/sig/big.json" --html "$tmp/sig/r.html" --csv "$tmp/sig/r.csv" --md "$tmp/sig/r.md" >/dev/null 2>"$tmp/err" &
  pid=$!
  sleep "$delay"
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"
  got=$?
  if [ "$got" -ne 0 ] && [ "$got" -ne 143 ]; then
    fail "SIGTERM to report after ${delay}s: exit $got"; head -3 "$tmp/err"
  elif ! no_leftovers "$tmp/sig"; then
    fail "SIGTERM to report after ${delay}s: left $(find "$tmp/sig" -mindepth 1 -printf '%f ')"
  else
    echo "ok: SIGTERM to report after ${delay}s -> $got"
  fi
done

echo "$((total - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
