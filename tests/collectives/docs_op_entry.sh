#!/usr/bin/env bash
# docs/collectives.md "Adding a collective" shows a real entry of the op table: the code block
# must be in collectives/ops/op_table.hpp as written (indented one level), so it cannot drift.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
python3 - "$root/docs/collectives.md" "$root/collectives/ops/op_table.hpp" <<'PY'
import sys
doc, table = (open(p).read() for p in sys.argv[1:3])
section = doc.split("## Adding a collective", 1)[1].split("\n## ", 1)[0]
block = section.split("```cpp\n", 1)[1].split("```", 1)[0]
indented = "".join(("    " + l if l.strip() else l) for l in block.splitlines(True))
if "OpEntry{" not in block or indented not in table:
    sys.exit("docs_op_entry: the entry in docs/collectives.md is not the one in op_table.hpp")
print("docs_op_entry: the documented entry is in op_table.hpp (%d lines)" % block.count("\n"))
PY
