#!/usr/bin/env bash
# cuda-compat: compiles the host-side CUDA sources (gpu/cuda/*.cpp) with g++ against the
# CUDA runtime headers of each toolkit version given, as shipped in the nvidia-cuda-runtime-cu12
# wheels on PyPI (fetched once into a cache directory). nvcc is not in those wheels; the host
# API is what changes between releases. Exit 77 (ctest: skipped) with one line when PyPI cannot
# be reached and the cache is empty.
# Usage: cuda_compat.sh SOURCE_ROOT CACHE_DIR VERSION...     (VERSION: 12.2, 12.9, ...)
set -euo pipefail
root=$1
cache=$2
shift 2
cxx=${CXX:-g++}

headers_of() { # VERSION -> prints the include directory, fetching the wheel if needed
  local v=$1 dir="$cache/cuda-runtime-$1"
  if [ ! -f "$dir/include/cuda_runtime_api.h" ]; then
    mkdir -p "$dir"
    local log="$dir/pip.log"
    if ! python3 -m pip download --no-deps --disable-pip-version-check --timeout 30 \
      --retries 1 -d "$dir/wheel" "nvidia-cuda-runtime-cu12==$v.*" >"$log" 2>&1; then
      return 1
    fi
    python3 - "$dir" <<'PY'
import glob, os, shutil, sys, tempfile, zipfile
d = sys.argv[1]
wheel = sorted(glob.glob(os.path.join(d, "wheel", "*.whl")))[-1]
prefix = "nvidia/cuda_runtime/include/"
tmp = tempfile.mkdtemp(dir=d, prefix="include.")  # builds sharing the cache extract apart
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith(prefix) and not name.endswith("/"):
            out = os.path.join(tmp, name[len(prefix):])
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with z.open(name) as src, open(out, "wb") as dst:
                shutil.copyfileobj(src, dst)
try:
    os.rename(tmp, os.path.join(d, "include"))  # atomic: a half-extracted tree is never used
except OSError:
    shutil.rmtree(tmp)  # another build extracted it first
    if not os.path.isfile(os.path.join(d, "include", "cuda_runtime_api.h")):
        raise
PY
  fi
  echo "$dir/include"
}

sources=("$root"/gpu/cuda/*.cpp)
for v in "$@"; do
  if ! inc=$(headers_of "$v"); then
    echo "cuda-compat: SKIPPED: cannot fetch nvidia-cuda-runtime-cu12==$v.* from PyPI" \
      "(registry unreachable?); see $cache/cuda-runtime-$v/pip.log"
    exit 77
  fi
  version=$(awk '/#define CUDART_VERSION/ { print $3 }' "$inc/cuda_runtime_api.h")
  for src in "${sources[@]}"; do
    # -isystem: warnings of NVIDIA's headers are theirs; ours are errors.
    "$cxx" -std=c++20 -fsyntax-only -Wall -Wextra -Werror -I "$root" -isystem "$inc" "$src" ||
      { echo "cuda-compat: $src does not compile against CUDA $v (CUDART_VERSION $version)"; exit 1; }
  done
  echo "cuda-compat: ${#sources[@]} host sources compile against CUDA $v (CUDART_VERSION $version)"
done
