#!/usr/bin/env python3
"""Checks deploy/monitoring/: the Grafana dashboard is a provisionable dashboard (uid, title,
panels with a Prometheus datasource and a query each) and every query of the dashboard and of the
alert rules names at least one metric, and only metrics, that linkperf really writes: the metric
names found in the metrics files given (written by linkperf run/history/fleet --prom).

  check_dashboard.py DASHBOARD.json RULES.yaml [--declared SOURCE.cpp]... METRICS.prom...

A metric that only some machines write (linkperf_link_efficiency_ratio needs a link with a
known rate: a GPU) may be named when a --declared source file defines its family; it is listed
as "declared, not written here".
"""
import json
import re
import sys

import yaml

METRIC = re.compile(r"\blinkperf_[a-zA-Z0-9_:]*")


def written_metrics(files):
    names = set()
    for f in files:
        for line in open(f, encoding="utf-8"):
            m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", line)
            if m:
                names.add(m.group(1))
    return names


def declared_metrics(files):
    names = set()
    for f in files:
        names |= set(re.findall(r'PromFamily \w+\{\s*"(linkperf_[a-z0-9_]+)"', open(f).read()))
    return names


def check_expr(where, expr, known, problems):
    # Label matchers hold values, not metric names: drop the quoted strings first.
    used = set(METRIC.findall(re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)))
    if not used:
        problems.append(f"{where}: names no linkperf metric: {expr}")
    for name in sorted(used - known):
        problems.append(f"{where}: {name} is not a metric linkperf writes: {expr}")
    return used


def main(dashboard, rules, args):
    declared_files = [args[i + 1] for i, a in enumerate(args) if a == "--declared"]
    prom_files = [a for i, a in enumerate(args)
                  if a != "--declared" and (i == 0 or args[i - 1] != "--declared")]
    written = written_metrics(prom_files)
    declared = declared_metrics(declared_files)
    known = written | declared
    if not known:
        print(f"FAIL: no metric in {prom_files}")
        return 1
    problems = []
    used = set()
    d = json.load(open(dashboard, encoding="utf-8"))
    for key in ("uid", "title", "panels", "schemaVersion"):
        if key not in d:
            problems.append(f"{dashboard}: no {key}")
    ids = [p.get("id") for p in d.get("panels", [])]
    if len(ids) != len(set(ids)):
        problems.append(f"{dashboard}: panel ids repeat")
    for p in d.get("panels", []):
        where = f"{dashboard}: panel '{p.get('title')}'"
        if p.get("datasource", {}).get("type") != "prometheus":
            problems.append(f"{where}: not a Prometheus datasource")
        targets = p.get("targets", [])
        if not targets:
            problems.append(f"{where}: no query")
        for t in targets:
            used |= check_expr(where, t.get("expr", ""), known, problems)
    for v in d.get("templating", {}).get("list", []):
        if v.get("type") == "query":
            used |= check_expr(f"{dashboard}: variable {v['name']}", v["query"], known, problems)
    doc = yaml.safe_load(open(rules, encoding="utf-8"))
    for g in doc["groups"]:
        for r in g["rules"]:
            used |= check_expr(f"{rules}: {r.get('alert') or r.get('record')}", r["expr"], known,
                               problems)
    for p in problems:
        print("FAIL:", p)
    print(f"{len(used)} metric(s) queried: {', '.join(sorted(used))}")
    for name in sorted((used & declared) - written):
        print(f"note: {name}: declared by linkperf, not written on this machine")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) < 4:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
