# Shared by the reports integration tests: LINKPERF, DATA, a temp dir and expect().
set -u
lp=${LINKPERF:?set LINKPERF to the linkperf binary}
data=${DATA:?set DATA to tests/data/results}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
total=0

# expect CODE DESCRIPTION -- ARGS...: the exit code, one 'linkperf:' line on stderr on error,
# never a signal (a crash).
expect() {
  local want=$1 what=$2
  total=$((total + 1))
  shift 3
  "$lp" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: $what: exit $got, want $want (linkperf $*)"; cat "$tmp/err"; fails=$((fails + 1))
  elif [ "$want" -ge 2 ] && { ! grep -q '^linkperf:' "$tmp/err" || [ "$(grep -c . "$tmp/err")" -ne 1 ]; }; then
    echo "FAIL: $what: want one 'linkperf:' line on stderr, got:"; cat "$tmp/err"; fails=$((fails + 1))
  else
    echo "ok: $what -> $got $(head -1 "$tmp/err")"
  fi
}

# check DESCRIPTION COMMAND...: a shell condition that must hold.
check() {
  local what=$1
  shift
  total=$((total + 1))
  if "$@"; then
    echo "ok: $what"
  else
    echo "FAIL: $what"; fails=$((fails + 1))
  fi
}

# pycheck DESCRIPTION ARGS... <<'PY' ... PY: Python on stdin, given ARGS as sys.argv[1:],
# appends to `problems` and may set `summary`; it prints the problems (or the summary) and the
# check passes when there is none.
pycheck() {
  local what=$1
  shift
  { printf 'import sys\nproblems = []\nsummary = ""\n'; cat
    printf '\nprint("\\n".join(problems) or summary)\nsys.exit(1 if problems else 0)\n'; } |
    python3 - "$@" >"$tmp/pycheck.out" 2>&1
  local code=$?
  cat "$tmp/pycheck.out"
  check "$what" test "$code" -eq 0
}

# keep_screenshot: copies the browser test's screenshot to $LINKPERF_SCREENSHOT_OUT when set.
keep_screenshot() {
  [ -z "${LINKPERF_SCREENSHOT_OUT:-}" ] || cp "$tmp/shot.png" "$LINKPERF_SCREENSHOT_OUT"
}

finish() {
  echo "$((total - fails))/$total checks passed"
  [ "$fails" -eq 0 ]
}

# derive IN OUT PYTHON-EXPRESSION-ON-doc: writes a results file changed by Python code.
derive() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, math, sys
src, dst, code = sys.argv[1], sys.argv[2], sys.argv[3]
doc = json.load(open(src))
def scale_entry(lp, factor):
    lp["samples"] = [s * factor for s in lp["samples"]]
    for k in ("min", "max", "mean", "median", "p5", "p95", "stddev"):
        lp["stats"][k] *= factor
def scale(path, factor):
    for e in doc["benchmarks"]:
        if e["linkperf"]["path"] == path:
            scale_entry(e["linkperf"], factor)
def scale_by_direction(if_higher_is_better, if_lower_is_better):
    for e in doc["benchmarks"]:
        lp = e["linkperf"]
        scale_entry(lp, if_higher_is_better if lp["higher_is_better"] else if_lower_is_better)
def first_samples(n):
    for e in doc["benchmarks"]:
        e["linkperf"]["samples"] = e["linkperf"]["samples"][:n]
exec(code)
json.dump(doc, open(dst, "w"))
PY
}

# find_browser: sets browser to a Chromium on PATH, or exits 77 (ctest: skipped) without one.
find_browser() {
  browser=""
  for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
  done
  if [ -z "$browser" ]; then
    echo "SKIP: no chromium (install it: scripts/install-deps.sh reports)"
    exit 77
  fi
}

# render_in_browser HTML WIDTH,HEIGHT: headless Chromium writes a screenshot of HTML to
# $tmp/shot.png and its DOM after layout to $tmp/dom.html (logs beside them).
render_in_browser() {
  # Chromium wants a writable HOME and profile; keep both in the temp dir.
  export HOME=$tmp
  local flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
    --user-data-dir="$tmp/profile" --hide-scrollbars)
  timeout 120 "$browser" "${flags[@]}" --window-size="$2" --screenshot="$tmp/shot.png" \
    "file://$1" >"$tmp/shot.log" 2>&1
  timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$1" >"$tmp/dom.html" 2>"$tmp/dom.log"
}
