#!/usr/bin/env bash
# Renders a real HTML report in headless Chromium: the page renders (screenshot), the number of
# charts in the DOM matches the paths present, a hostile hostname from a results file appears
# escaped, and no script ran. Exit 77 (skipped) only when no chromium can be found.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
find_browser
host=$data/host-small-x86_64.json
derive "$host" "$tmp/hostile.json" '
doc["context"]["linkperf"]["hostname"] = "<script>alert(1)</script>"
doc["context"]["linkperf"]["cpu_model"] = "\"><img src=x onerror=alert(2)>"
for e in doc["benchmarks"]:
    e["linkperf"]["source"]["role"] = e["linkperf"]["source"]["role"] + "<b>x</b>"'
expect 0 "report with a hostile hostname" -- report "$tmp/hostile.json" "$data/coll-small-x86_64.json" \
  --baseline "$host" --html "$tmp/report.html"
render_in_browser "$tmp/report.html" 1280,4000
check "chromium wrote a screenshot" test -s "$tmp/shot.png"
check "the screenshot is a PNG" python3 -c "import sys; sys.exit(0 if open(sys.argv[1],'rb').read(8) == b'\x89PNG\r\n\x1a\n' else 1)" "$tmp/shot.png"
check "chromium dumped the DOM" test -s "$tmp/dom.html"
pycheck "DOM: one chart per path, hostile strings escaped, no script or img" "$tmp/dom.html" "$tmp/hostile.json" "$data/coll-small-x86_64.json" "$host" <<'PY'
import json, sys
from html.parser import HTMLParser
dom = open(sys.argv[1]).read()
paths = set()
for f in sys.argv[2:]:
    for e in json.load(open(f))["benchmarks"]:
        if e["linkperf"]["status"] == "ok":
            paths.add(e["linkperf"]["path"])
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.figures, self.scripts, self.imgs, self.svgs, self.text = [], 0, 0, 0, []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "figure" and a.get("class") == "chart":
            self.figures.append(a.get("data-path"))
        self.scripts += tag == "script"
        self.imgs += tag == "img"
        self.svgs += tag == "svg"
    def handle_data(self, d):
        self.text.append(d)
p = P()
p.feed(dom)
text = "".join(p.text)
problems = []
if sorted(p.figures) != sorted(paths):
    problems.append(f"charts {sorted(p.figures)} != paths {sorted(paths)}")
if p.scripts:
    problems.append(f"{p.scripts} <script> elements in the DOM")
if p.imgs:
    problems.append(f"{p.imgs} <img> elements in the DOM")
if "<script>alert(1)</script>" not in text:
    problems.append("the hostile hostname is not shown as text")
if p.svgs < len(paths):
    problems.append(f"only {p.svgs} svg elements")
summary = f"{len(p.figures)} charts for {len(paths)} paths, {p.svgs} svg"
PY
keep_screenshot
finish
