#!/usr/bin/env bash
# A path id is written only in the path catalogue (core/path_catalogue.hpp, docs/architecture.md
# "The path catalogue"): outside it and tests/, no C++ or CUDA source holds a string literal
# that is a catalogued id or starts with a path family's prefix ("host.", "ce.", ..., the
# prefix of every catalogued id, and "coll.", "contention."). Comments may name paths.
# So adding a path is its catalogue entry plus its measuring code, and every place that needs
# the id reads the catalogue (PathId, path_name, is_path, find_path, link_class_of).
# The check is shown to work first: a planted tree with a violation of each kind must fail and
# name every one. Exit 0: none; 1: violations (one line each).
# Usage: path_ids.sh SOURCE_DIR
set -u
root=${1:?usage: path_ids.sh SOURCE_DIR}
catalogue=core/path_catalogue.hpp

# sources DIR: the C++ and CUDA sources under DIR outside tests/, build trees and the catalogue.
sources() {
  (cd "$1" && find . \( -path ./tests -o -path './build*' -o -path ./.git -o -path ./shared \) \
    -prune -o -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.cu' -o -name '*.cuh' \
    -o -name '*.h' \) -print) | sed 's|^\./||' |
    grep -v -x -e "$catalogue" -e core/path_catalogue.cpp | sort
}

# The catalogue's ids: each entry's name, the second field of a positional entry or .name.
catalogued_ids() {
  grep -oE '(PathEntry\{PathId::[a-z_0-9]+, |\.name = )"[^"]+"' "$1/$catalogue" |
    sed -E 's/.*"([^"]+)"/\1/'
}

check_tree() {
  local dir=$1 bad=0 file ids prefixes pattern hits
  ids=$(catalogued_ids "$dir")
  if [ -z "$ids" ]; then
    echo "path ids: $catalogue names no path: the check cannot know the ids"
    return 1
  fi
  prefixes=$( (sed -E 's/\..*//' <<<"$ids"; printf 'coll\ncontention\n') | sort -u | paste -sd'|')
  pattern="\"(${prefixes})\\."
  while IFS= read -r file; do
    # Comments dropped (// to the end of a line), then string literals starting with a prefix.
    hits=$(sed -E 's|//.*$||' "$dir/$file" | grep -nE "$pattern" | head -3 | cut -d: -f1 | paste -sd,)
    if [ -n "$hits" ]; then
      echo "path ids: $file:$hits writes a path id: read it from $catalogue (PathId, path_name, is_path)"
      bad=1
    fi
  done < <(sources "$dir")
  return $bad
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/core" "$tmp/bench/host" "$tmp/reports" "$tmp/gpu/kernels" "$tmp/fleet" "$tmp/tests/core" \
  "$tmp/collectives/ops" "$tmp/results"
cat >"$tmp/$catalogue" <<'EOF'
    PathEntry{
        .id = PathId::host_read,
        .name = "host.read",
    },
    PathEntry{PathId::nvl_h2d, "nvl.h2d", PathFamily::gpu},
inline constexpr std::string_view kCollectivePrefix = "coll.";
EOF
printf '    if (path.id == "host.read") {\n' >"$tmp/bench/host/a.cpp"
printf 'bool f(const std::string& p) { return p.rfind("contention.", 0) == 0; }\n' >"$tmp/reports/b.cpp"
printf '    add("nvl.h2d", src, dst);\n' >"$tmp/gpu/kernels/c.cu"
printf 'std::string id(const char* op) { return std::string("coll.") + op; }\n' >"$tmp/collectives/ops/d.cpp"
printf 'const char* g = "host.write"; // a new id of a known family\n' >"$tmp/results/e.hpp"
printf '// "host.copy local(numa)->local(numa) threads:1"\nconst auto x = path_name(PathId::host_read);\n' \
  >"$tmp/fleet/ok.cpp"
printf 'const char* host = "hostname.example"; const char* s = "cell.x";\n' >"$tmp/reports/ok.cpp"
printf 'CHECK(link_class_of("host.read") == LinkClass::host_bandwidth);\n' >"$tmp/tests/core/ok_test.cpp"
planted=$(check_tree "$tmp")
[ $? -eq 1 ] || { echo "path ids: the check passed a tree with planted path ids"; exit 1; }
for want in bench/host/a.cpp reports/b.cpp gpu/kernels/c.cu collectives/ops/d.cpp results/e.hpp; do
  grep -qF "path ids: $want:" <<<"$planted" || { echo "path ids: the check missed $want: $planted"; exit 1; }
done
if grep -qE "path ids: ([^ ]*ok\.cpp|[^ ]*ok_test\.cpp|$catalogue):" <<<"$planted"; then
  echo "path ids: the check refused what is allowed: $planted"
  exit 1
fi

check_tree "$root" || exit 1
echo "path ids: $(catalogued_ids "$root" | wc -l) catalogued ids, written only in $catalogue (and tests/)"
