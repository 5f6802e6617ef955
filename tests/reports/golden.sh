#!/usr/bin/env bash
# Golden files: the CSV, Markdown and JUnit that linkperf writes for committed real results
# files must not change unnoticed. LINKPERF_UPDATE_GOLDEN=1 rewrites them (review the diff).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
golden=$data/golden
cd "$data" || exit 1

"$lp" report host-small-x86_64.json coll-small-x86_64.json --baseline host-small-x86_64-rerun.json \
  --csv "$tmp/report.csv" --md "$tmp/report.md" 2>"$tmp/err"
check "report exits 0" test $? -eq 0
"$lp" compare host-small-x86_64.json host-small-x86_64-rerun.json \
  --junit "$tmp/compare.junit.xml" --md "$tmp/compare.md" >"$tmp/compare.txt" 2>"$tmp/err"
code=$?
check "compare of two real runs exits 0 or 1 (got $code)" test "$code" -le 1

# Saturation curves and interference ratios: real runs of the 2-core VM.
"$lp" report saturation-x86_64.json contention-x86_64.json --baseline saturation-x86_64-rerun.json \
  --csv "$tmp/saturation-report.csv" --md "$tmp/saturation-report.md" 2>"$tmp/err"
check "saturation report exits 0" test $? -eq 0

for f in report.csv report.md compare.junit.xml compare.md compare.txt saturation-report.csv \
  saturation-report.md; do
  if [ "${LINKPERF_UPDATE_GOLDEN:-0}" = 1 ]; then
    mkdir -p "$golden" && cp "$tmp/$f" "$golden/$f" && echo "updated $golden/$f"
  fi
  if diff -u "$golden/$f" "$tmp/$f" >"$tmp/diff"; then
    check "$f matches its golden file" true
  else
    head -40 "$tmp/diff"
    check "$f matches its golden file" false
  fi
done
finish
