#!/usr/bin/env bash
# docs/architecture.md "A new report writer" shows a real writer class: the code block must be
# in reports/csv_report.hpp as written, and the file list it gives must name the table's file,
# so neither can drift from the code.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
python3 - "$root/docs/architecture.md" "$root/reports/csv_report.hpp" \
  "$root/reports/report_writers.cpp" <<'PY'
import re, sys
doc, header, table = (open(p).read() for p in sys.argv[1:4])
section = doc.split("## A new report writer", 1)[1].split("\n## ", 1)[0]
block = section.split("```cpp\n", 1)[1].split("```", 1)[0]
if "public ReportWriter" not in block or block not in header:
    sys.exit("docs_writer_entry: the writer in docs/architecture.md is not the one in csv_report.hpp")
name = re.search(r"class (\w+) final", block).group(1)
if not re.search(r"static const %s \w+;" % name, table):
    sys.exit("docs_writer_entry: %s is not an entry of report_writers() (reports/report_writers.cpp)" % name)
for f in ("reports/report_writers.cpp", "reports/CMakeLists.txt", "docs/reports.md"):
    if f not in section:
        sys.exit("docs_writer_entry: the list of files a new writer touches does not name " + f)
print("docs_writer_entry: the documented writer %s is in csv_report.hpp and the table" % name)
PY
