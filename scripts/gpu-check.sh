#!/usr/bin/env bash
# The GPU check, on a machine with a CUDA device: builds linkperf with CUDA for the GPU that is
# there, runs the GPU tests (ctest -L gpu: they must run, not skip), then every GPU path at
# 4 KiB, 1 MiB and 256 MiB (suite full: every memory kind, near and far NUMA node), writes the
# results file to RESULTS and prints the key figures against the targets of docs/gpu-paths.md.
# Budget: under 8 minutes on one H200 (about 1.5 build, 1 tests, 4-5 measuring).
# Usage: scripts/gpu-check.sh RESULTS.json     (e.g. baselines/x86_64-h200.json)
# Environment: LINKPERF_GPU_CHECK_DEVICES  GPUs measured (CUDA_VISIBLE_DEVICES), default 0,1:
#                the full suite over every pair of 8 GPUs is ~2100 cases, hours, not minutes
#              LINKPERF_GPU_BUILD_DIR      build directory (default build-gpu-check)
# Exit: 0 when every case ran or was skipped with a reason, 1 when a case failed, a test did or
# the run wrote no results, 2 when a prerequisite is missing, 3 when there is no usable CUDA
# device, 4 when the measuring ran past its time limit (results truncated).
set -euo pipefail
out=${1:?usage: scripts/gpu-check.sh RESULTS.json}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LINKPERF_GPU_BUILD_DIR:-$root/build-gpu-check}
export CUDA_VISIBLE_DEVICES=${LINKPERF_GPU_CHECK_DEVICES:-0,1}
start=$SECONDS
step() { echo "== [$((SECONDS - start))s] $*"; }

# Prerequisites first, all of them named at once, rather than a failure minutes into a build.
missing=()
if ! command -v cmake >/dev/null 2>&1; then
  missing+=("cmake >= 3.25 (not found)")
else
  cmake_version=$(cmake --version | awk 'NR == 1 { print $3 }')
  if [ "$(printf '%s\n3.25\n' "$cmake_version" | sort -V | head -1)" != 3.25 ]; then
    missing+=("cmake >= 3.25 (found $cmake_version)")
  fi
fi
if ! command -v nvcc >/dev/null 2>&1 && [ ! -x /usr/local/cuda/bin/nvcc ]; then
  missing+=("nvcc (the CUDA toolkit: not on PATH nor in /usr/local/cuda/bin)")
fi
# Catch2 v2 is the single header catch2/catch.hpp (v3, packaged as catch2 on newer Ubuntu, has
# none): from the package, else anywhere under /usr or /opt.
if ! dpkg -L catch2 2>/dev/null | grep '/catch2/catch\.hpp$' >/dev/null &&
  [ -z "$(find /usr /opt -path '*/catch2/catch.hpp' -print -quit 2>/dev/null)" ]; then
  missing+=("Catch2 v2 (catch2/catch.hpp: Debian 12 package catch2, or Catch2 2.x from source)")
fi
if ! command -v python3 >/dev/null 2>&1; then
  missing+=("python3 (prints the key figures)")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  printf 'gpu-check: missing prerequisite: %s\n' "${missing[@]}" >&2
  exit 2
fi

# Build for the GPU that is here (one architecture: a faster build); without a visible GPU the
# default architectures, and the tests below report the missing device.
archs="90;100"
if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L; then
  archs=native
fi
step "configure and build (CUDA architectures: $archs; GPUs measured: $CUDA_VISIBLE_DEVICES)"
mkdir -p "$build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLINKPERF_CUDA=ON \
  -DLINKPERF_BUILD_TESTS=ON "-DCMAKE_CUDA_ARCHITECTURES=$archs" >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log" >&2; exit 1; }
# ctest -L gpu also selects the NCCL end-to-end test of linkperf-coll (labels coll;gpu): build
# that program too where this tree has it.
targets=(linkperf linkperf_gpu_tests)
if grep -qs '/linkperf-coll\.dir$' "$build/CMakeFiles/TargetDirectories.txt"; then
  targets+=(linkperf-coll)
fi
cmake --build "$build" -j"$(nproc)" --target "${targets[@]}" >"$build/build.log" 2>&1 ||
  { tail -50 "$build/build.log" >&2; exit 1; }

step "GPU tests (ctest -L gpu)"
tests_log="$build/ctest-gpu.log"
tests_rc=0
(cd "$build" && ctest -L gpu --output-on-failure --timeout 300) >"$tests_log" 2>&1 || tests_rc=$?
grep -E "tests passed|Test +#|FAILED|Skipped" "$tests_log" || true
if grep -qE "gpu: .*\(Skipped\)" "$tests_log"; then
  echo "gpu-check: GPU tests were skipped: no usable CUDA device here" >&2
  exit 3
fi
# A failing test is reported at the end; the measurements still run (a lent GPU is scarce).

step "GPU paths at 4K, 1M, 256M -> $out"
mkdir -p "$(dirname "$out")"
rc=0
timeout 390 "$build/bin/linkperf" run --suite full --sizes 4K,1M,256M \
  --filter '^(ce|sm|um|lat)\.' --out "$out" >"$build/run.log" 2>&1 || rc=$?
tail -5 "$build/run.log"
if [ "$rc" -eq 124 ]; then
  echo "gpu-check: linkperf run passed the 390 s limit and was stopped: results incomplete" \
    "(measure fewer GPUs: LINKPERF_GPU_CHECK_DEVICES=0)" >&2
  exit 4
fi
if [ ! -s "$out" ]; then
  echo "gpu-check: linkperf run (exit $rc) wrote no results to $out; its log ends:" >&2
  tail -50 "$build/run.log" >&2
  exit 1
fi

step "key figures"
python3 - "$out" <<'PY'
import json, sys

doc = json.load(open(sys.argv[1]))
ctx = doc["context"]["linkperf"]
cuda = ctx.get("cuda", {})
for d in cuda.get("devices", []):
    print(f"gpu{d['index']}: {d['name']} {d['pci_bus_id']} cc {d['compute_capability']}, "
          f"{d['sm_count']} SMs, {d['total_memory'] / 2**30:.0f} GiB, driver {cuda['driver_version']}")
print(f"host: {ctx.get('cpu_model', '?')} ({ctx.get('isa', '?')}), complete={ctx.get('complete')}")

cases = {}
counts = {"ok": 0, "failed": 0, "skipped": 0}
for b in doc["benchmarks"]:
    l = b["linkperf"]
    counts[l["status"]] += 1
    key = (l["path"], l["source"]["role"], l["source"]["memory"], l["destination"]["role"],
           l["destination"]["memory"], l["size_bytes"])
    cases[key] = l
print(f"cases: {counts['ok']} ok, {counts['failed']} failed, {counts['skipped']} skipped")
for b in doc["benchmarks"]:
    l = b["linkperf"]
    if l["status"] != "ok":
        print(f"  {l['status']}: {b['name']}: {l['error']}")

def find(path, src_mem, dst_mem, size, src_role=None, dst_role=None):
    for (p, sr, sm, dr, dm, s), l in cases.items():
        if (p == path and sm == src_mem and dm == dst_mem and s == size and l["status"] == "ok"
                and (src_role is None or sr == src_role) and (dst_role is None or dr == dst_role)):
            return l
    return None

def show(label, l):
    if l is None:
        print(f"  {label:44} not measured")
        return
    s, x = l["stats"], l.get("extra", {})
    eff = f"  efficiency {x['efficiency']:.1%} of {x['link_theoretical_gbps']:.1f}" if "efficiency" in x else ""
    link = x.get("link", {})
    cur = link.get("current")
    gen = (f"  [{link.get('type')} gen{cur['generation']} x{cur['width']}]" if cur
           else f"  [{link['type']}]" if "type" in link else "")
    if x.get("link_downtrained"):
        gen += f"  (link downtrained: {x.get('link_note', '')})"
    print(f"  {label:44} median {s['median']:10.2f} {l['unit']:4} p5 {s['p5']:10.2f} "
          f"p95 {s['p95']:10.2f}{eff}{gen}")

M = 256 << 20
print("\nkey figures (256 MiB, near NUMA node):")
h2d = find("ce.h2d", "pinned", "device", M, src_role="near")
d2h = find("ce.d2h", "device", "pinned", M, dst_role="near")
smh = find("sm.h2d", "mapped", "device", M, src_role="near")
d2d = find("ce.d2d", "device", "device", M)
for label, l in [("ce.h2d pinned", h2d), ("ce.d2h pinned", d2h),
                 ("ce.h2d pinned (far node)", find("ce.h2d", "pinned", "device", M, src_role="far")),
                 ("ce.bidir pinned", find("ce.bidir", "pinned", "device", M, src_role="near")),
                 ("sm.h2d mapped", smh),
                 ("sm.d2h mapped", find("sm.d2h", "device", "mapped", M, dst_role="near")),
                 ("ce.d2d", d2d), ("sm.d2d", find("sm.d2d", "device", "device", M)),
                 ("um.prefetch h2d", find("um.prefetch", "managed", "managed", M, src_role="near")),
                 ("lat.gpu_host mapped", find("lat.gpu_host", "", "mapped", M, dst_role="near")),
                 ("lat.gpu_local", find("lat.gpu_local", "", "device", M)),
                 ("lat.pingpong", find("lat.pingpong", "", "", 4, src_role="near")),
                 ("lat.copy h2d 4K", find("lat.copy", "pinned", "device", 4096))]:
    show(label, l)

print("\ntargets:")
def target(name, ok, detail):
    print(f"  {'MET ' if ok else 'MISS'} {name}: {detail}")
for label, l in [("ce.h2d pinned", h2d), ("ce.d2h pinned", d2h)]:
    e = (l or {}).get("extra", {}).get("efficiency")
    target(f"{label} >= 85% of the host link's rate (negotiated PCIe, or NVLink-C2C)",
           e is not None and e >= 0.85,
           f"{e:.1%}" if e is not None else "no efficiency (link unknown or not measured)")
if h2d and smh:
    r = smh["stats"]["median"] / h2d["stats"]["median"]
    target("sm.h2d mapped within 10% of ce.h2d", abs(1 - r) <= 0.10, f"ratio {r:.3f}")
else:
    target("sm.h2d mapped within 10% of ce.h2d", False, "not measured")
if d2d:
    x = d2d["extra"]
    peak = x.get("link_theoretical_gbps", 0)
    traffic = x.get("device_memory_traffic_gbps", 2 * d2d["stats"]["median"])
    target("ce.d2d consistent with HBM (copied bytes counted once, traffic = 2x)",
           peak > 0 and 0.5 <= traffic / peak <= 1.0,
           f"{d2d['stats']['median']:.0f} GB/s copied, {traffic:.0f} GB/s traffic of {peak:.0f} peak")
for label, l in [("lat.gpu_host mapped", find("lat.gpu_host", "", "mapped", M, dst_role="near")),
                 ("lat.pingpong", find("lat.pingpong", "", "", 4, src_role="near"))]:
    if l is None:
        target(f"{label} in microseconds, p95 <= 2x median", False, "not measured")
        continue
    s = l["stats"]
    target(f"{label} in microseconds, p95 <= 2x median",
           300 <= s["median"] <= 100000 and s["p95"] <= 2 * s["median"],
           f"median {s['median']:.0f} ns, p95 {s['p95']:.0f} ns")
PY
step "done (GPU tests exit $tests_rc, linkperf exit $rc; logs in $build)"
[ "$tests_rc" -ne 0 ] && { echo "gpu-check: GPU tests failed: see $tests_log" >&2; exit 1; }
exit "$rc"
