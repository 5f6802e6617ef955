# `linkperf fleet --emit-profile`: a profile learned from 300 synthetic canaries (one host type,
# seeded node-to-node noise) with planted slow nodes; `linkperf check` with that profile must
# fail exactly the planted nodes -- a faster node and the healthy ones never fail (docs/health.md).
. "$(dirname "$0")/../reports/lib.sh"
fleet=$tmp/fleet
python3 "$(dirname "$0")/make_fleet.py" --out "$fleet" --nodes 300 --seed 23 \
  --template "$data/host-small-x86_64.json" --manifest "$tmp/manifest.json" \
  --plant 17:slow:host.copy:1.5 --plant 42:slow:host.copy:4096:1.25 \
  --plant 123:slow:host.latency:1.4 --plant 250:slow:host.c2c:2 \
  --plant 77:fast:host.copy:1.3 || exit 1
"$lp" fleet "$fleet"/*.json --emit-profile "$tmp/fleet-profile.json" >"$tmp/fleet.out" 2>&1
check "fleet --emit-profile exits 0 with outliers in the fleet" test $? -eq 0
pycheck "the profile: one rule per case of the host type, fleet provenance" "$tmp/fleet-profile.json" <<'PY'
import json
p = json.load(open(sys.argv[1]))
ex = p["expectations"]
if len(ex) < 8:
    problems.append(f"{len(ex)} expectations")
for e in ex:
    pr = e["provenance"]
    if pr["kind"] != "fleet" or pr["nodes"] < 290 or not pr["group"] or not pr["date"]:
        problems.append(f"{e['name']}: provenance {pr}")
    if "case_key" not in e["match"] or "host_type" not in e["match"]:
        problems.append(f"{e['name']}: match {e['match']}")
    up = e["metric"] == "bandwidth"
    if (e["failing"] > e["warning"]) if up else (e["failing"] < e["warning"]):
        problems.append(f"{e['name']}: levels {e['warning']} {e['failing']}")
summary = f"{len(ex)} expectations, healthy nodes per case {min(e['provenance']['nodes'] for e in ex)}+"
PY
failing=""
warned=0
other=""
for f in "$fleet"/*.json; do
  "$lp" check "$f" --profile "$tmp/fleet-profile.json" >"$tmp/one.out" 2>&1
  case $? in
    0) ;;
    1) failing="$failing $(basename "$f" .json)" ;;
    5) warned=$((warned + 1)) ;;
    *) other="$other $(basename "$f" .json):$?"; cat "$tmp/one.out" ;;
  esac
done
want=$(python3 -c "
import json; m = json.load(open('$tmp/manifest.json'))
print(' '.join(sorted(n for n, e in m.items() if e['verdict'] == 'outlier')))")
got=$(echo $failing | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')
echo "planted: $want"
echo "failing: $got ($warned healthy node(s) with warnings only)"
check "check fails exactly the planted slow nodes" test "$got" = "$want"
check "every node was judged (no exit other than 0, 1, 5)" test -z "$other"
finish
