#!/usr/bin/env bash
# The fleet HTML report in headless Chromium: it renders (screenshot), one strip chart per path,
# the outlier dots are exactly the planted nodes' (named in <title>), the baseline is drawn, the
# node table lists every node worst first, both host types side by side, a hostile hostname is
# shown as text and no script or image is in the DOM. Exit 77 (skipped) without chromium.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../reports/lib.sh"
find_browser
x86=$data/host-small-x86_64.json
rv=$data/quick-riscv64-emulated.json
python3 "$here/make_fleet.py" --out "$tmp/fleet" --nodes 40 --template "$x86" --template "$rv" \
  --seed 11 --plant 6:slow:host.copy:262144:1.5 --plant 9:slow:host.latency:1.6 >/dev/null || exit 1
derive "$tmp/fleet/x8664-node0002.json" "$tmp/fleet/x8664-node0002.json" '
doc["context"]["linkperf"]["hostname"] = "<script>alert(1)</script>"'
expect 0 "fleet HTML" -- fleet "$tmp"/fleet/*.json --baseline "$x86" --html "$tmp/fleet.html"
render_in_browser "$tmp/fleet.html" 1400,3000
check "chromium wrote a PNG screenshot" python3 -c "import sys; sys.exit(0 if open(sys.argv[1],'rb').read(8) == b'\x89PNG\r\n\x1a\n' else 1)" "$tmp/shot.png"
check "chromium dumped the DOM" test -s "$tmp/dom.html"
pycheck "DOM: charts per path, outliers named, node table, no script" "$tmp/dom.html" "$x86" "$rv" <<'PY'
import json, sys
from html.parser import HTMLParser
paths = set()
for f in sys.argv[2:]:
    for e in json.load(open(f))["benchmarks"]:
        paths.add(e["linkperf"]["path"])
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.figures, self.scripts, self.imgs, self.groups, self.rows = [], 0, 0, 0, []
        self.outlier_titles, self.baselines, self.dots = [], 0, 0
        self.in_outlier = self.in_title = False
        self.text = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "figure" and cls == "fleet-chart":
            self.figures.append(a.get("data-path"))
        self.scripts += tag == "script"
        self.imgs += tag == "img"
        self.groups += tag == "div" and cls == "group"
        if tag == "tr" and "data-node" in a:
            self.rows.append((a["data-node"], cls))
        if tag == "circle":
            self.dots += 1
            self.in_outlier = "outlier" in cls.split()
        self.baselines += tag == "line" and cls == "baseline"
        self.in_title = tag == "title"
    def handle_endtag(self, tag):
        if tag == "circle":
            self.in_outlier = False
        if tag == "title":
            self.in_title = False
    def handle_data(self, d):
        self.text.append(d)
        if self.in_outlier and self.in_title:
            self.outlier_titles.append(d.split(":")[0])
p = P()
p.feed(open(sys.argv[1]).read())
problems = []
if sorted(p.figures) != sorted(paths):
    problems.append(f"charts {sorted(p.figures)} != paths {sorted(paths)}")
if p.scripts or p.imgs:
    problems.append(f"{p.scripts} script and {p.imgs} img elements")
if p.groups != 2:
    problems.append(f"{p.groups} host-type groups, want 2")
if sorted(set(p.outlier_titles)) != ["riscv64-node0009", "x8664-node0006"]:
    problems.append(f"outlier dots name {sorted(set(p.outlier_titles))}")
if len(p.rows) != 40 or [c for _, c in p.rows[:2]] != ["outlier", "outlier"] or any(c != "ok" for _, c in p.rows[2:]):
    problems.append(f"node table {p.rows[:4]}... ({len(p.rows)} rows)")
if p.baselines == 0:
    problems.append("no baseline line")
if p.dots < 40 * 10:
    problems.append(f"only {p.dots} dots")
if "<script>alert(1)</script>" not in "".join(p.text):
    problems.append("the hostile hostname is not shown as text")
summary = f"{len(p.figures)} charts, {p.dots} dots, outliers {sorted(set(p.outlier_titles))}, {p.baselines} baseline lines"
PY
keep_screenshot
finish
