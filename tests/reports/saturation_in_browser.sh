#!/usr/bin/env bash
# The saturation and contention parts of the HTML report in headless Chromium, from
# committed real runs of this VM: one curve per swept link with each run's knee marked and the
# baseline's curve beside it, an interference table whose cells are coloured by ratio, a
# scorecard first, and a collapsible figures table under every chart. Expectations are derived
# from the results files. Exit 77 (skipped) only when no chromium can be found.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
find_browser
sat=$data/saturation-x86_64.json
base=$data/saturation-x86_64-rerun.json
cont=$data/contention-x86_64.json
derive "$cont" "$tmp/hostile.json" '
doc["context"]["linkperf"]["hostname"] = "<script>alert(1)</script>"
for e in doc["benchmarks"]:
    e["linkperf"]["extra"]["aggressor"] = "<img src=x onerror=alert(2)>"'
expect 0 "report of saturation runs and a contention run" -- report "$sat" "$tmp/hostile.json" \
  --baseline "$base" --html "$tmp/report.html"
render_in_browser "$tmp/report.html" 1280,5000
check "chromium wrote a screenshot" test -s "$tmp/shot.png"
check "chromium dumped the DOM" test -s "$tmp/dom.html"
pycheck "DOM: scorecard first, curves with knees, coloured ratios, figures under every chart" \
  "$tmp/dom.html" "$sat" "$base" "$tmp/hostile.json" <<'PY'
import json, sys
from html.parser import HTMLParser
dom = open(sys.argv[1]).read()
sat, base, cont = (json.load(open(f)) for f in sys.argv[2:5])

def curves(doc):
    out = {}
    for e in doc["benchmarks"]:
        lp = e["linkperf"]
        if lp["status"] == "ok" and lp["extra"].get("sweep"):
            out.setdefault((lp["path"], lp["size_bytes"]), {})[lp["threads"]] = lp["stats"]["median"]
    return {k: v for k, v in out.items() if len(v) >= 2}

def knee(medians):
    plateau = max(medians.values())
    k = min(t for t, m in medians.items() if m >= 0.95 * plateau)
    return k, k < max(medians)

class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.sat_charts, self.findings, self.markers, self.dashed = [], 0, [], 0, 0
        self.ratio_cells, self.details, self.charts, self.scripts, self.imgs = [], 0, 0, 0, 0
        self.text = []
    def handle_starttag(self, tag, a):
        a = dict(a)
        cls = a.get("class") or ""
        if tag == "section":
            self.ids.append(a.get("id"))
        if tag == "figure" and cls == "saturation-chart":
            self.sat_charts += 1
        if tag == "figure" and cls == "chart":
            self.charts += 1
        if tag == "p" and cls.startswith("finding"):
            self.findings.append(a)
        if tag == "line" and cls.startswith("marker"):
            self.markers += 1
            self.dashed += "dashed" in cls
        if tag == "td" and "data-ratio" in a:
            self.ratio_cells.append((float(a["data-ratio"]), cls))
        if tag == "details" and cls == "figures":
            self.details += 1
        self.scripts += tag == "script"
        self.imgs += tag == "img"
    def handle_data(self, d):
        self.text.append(d)

p = P()
p.feed(dom)
problems = []
if not p.ids or p.ids[0] != "scorecard":
    problems.append(f"the report does not open with the scorecard: {p.ids}")
links = set(curves(sat)) | set(curves(base))
if p.sat_charts != len(links):
    problems.append(f"{p.sat_charts} saturation charts for {len(links)} swept links")
want_markers = sum(knee(m)[1] for doc in (sat, base) for m in curves(doc).values())
if p.markers != want_markers:
    problems.append(f"{p.markers} knee markers, want {want_markers}")
if p.dashed != sum(knee(m)[1] for m in curves(base).values()):
    problems.append(f"{p.dashed} dashed (baseline) knee markers")
knees = sorted(float(f["data-knee"]) for f in p.findings)
want = sorted(float(knee(m)[0]) for doc in (sat, base) for m in curves(doc).values())
if knees != want:
    problems.append(f"knees {knees} != {want}")
ratios = sorted(e["linkperf"]["extra"]["interference_ratio"] for e in cont["benchmarks"]
                if e["linkperf"]["status"] == "ok")
got = sorted(r for r, _ in p.ratio_cells)
if [round(r, 4) for r in got] != [round(r, 4) for r in ratios]:
    problems.append(f"interference cells {got} != {ratios}")
for r, cls in p.ratio_cells:
    want_cls = "ratio-none" if r >= 0.95 else "ratio-mild" if r >= 0.8 else "ratio-severe"
    if want_cls not in cls:
        problems.append(f"ratio {r} coloured {cls}, want {want_cls}")
if p.details < p.sat_charts + p.charts:
    problems.append(f"{p.details} figure tables for {p.sat_charts + p.charts} charts")
text = "".join(p.text)
if "<img src=x onerror=alert(2)>" not in text:
    problems.append("the hostile aggressor name is not shown as text")
if p.scripts or p.imgs:
    problems.append(f"{p.scripts} script and {p.imgs} img elements")
summary = f"{p.sat_charts} curves, {p.markers} knees, {len(p.ratio_cells)} ratios, {p.details} figure tables"
PY
keep_screenshot
finish
