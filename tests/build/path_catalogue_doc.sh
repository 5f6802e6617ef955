#!/usr/bin/env bash
# docs/architecture.md "The path catalogue" stays in step with core/path_catalogue.hpp:
#   - the entry it shows is, line for line (indentation aside), the table's entry marked
#     "The entry docs/architecture.md shows";
#   - "Adding a host path" names exactly core/path_catalogue.hpp and the measuring code of the
#     host groups, as the catalogue's PathGroup comments name it, and every file it names exists.
# The check is shown to work first on planted copies: a changed entry and a list missing a
# file must each fail. Exit 0: in step; 1: not (one line each).
# Usage: path_catalogue_doc.sh SOURCE_DIR
set -u
root=${1:?usage: path_catalogue_doc.sh SOURCE_DIR}

# The table's shown entry: from the "PathEntry{" after the marker comment to its "},".
table_entry() {
  awk '/The entry docs\/architecture.md shows/ {on = 1; next}
       on && /^ *PathEntry[{]/ {take = 1}
       take {print; if ($0 ~ /^ *[}],$/) exit}' "$1/core/path_catalogue.hpp" | sed -E 's/^ +//'
}

# The doc's shown entry: the ```cpp block after the path-catalogue-entry marker.
doc_entry() {
  awk '/<!-- path-catalogue-entry/ {on = 1; next}
       on && /^```cpp/ {take = 1; next}
       take && /^```/ {exit}
       take {print}' "$1/docs/architecture.md" | sed -E 's/^ +//'
}

# The files the doc's "Adding a host path" list names (to its first blank line): backticked
# paths with a folder.
doc_files() {
  awk '/<!-- adding-a-host-path/ {on = 1; next}
       on && /^$/ {exit}
       on {print}' "$1/docs/architecture.md" |
    grep -oE '`[a-z_0-9]+/[a-z_0-9/]+\.(hpp|cpp)`' | tr -d '`' | sort -u
}

# The catalogue and the measuring code of its host groups (PathGroup's host_* comments).
catalogue_files() {
  {
    echo core/path_catalogue.hpp
    awk '/^enum class PathGroup/ {on = 1} on && /^};/ {exit} on' "$1/core/path_catalogue.hpp" |
      grep -E '^ *host_[a-z0-9_]+, +//' |
      grep -oE 'bench/host/[a-z_0-9]+\.cpp'
  } | sort -u
}

check_tree() {
  local dir=$1 bad=0 table doc file
  table=$(table_entry "$dir")
  doc=$(doc_entry "$dir")
  if [ -z "$table" ] || [ "$table" != "$doc" ]; then
    echo "catalogue doc: docs/architecture.md's entry is not core/path_catalogue.hpp's shown entry:"
    diff <(echo "$table") <(echo "$doc") | sed 's/^/  /'
    bad=1
  fi
  if [ "$(doc_files "$dir")" != "$(catalogue_files "$dir")" ]; then
    echo "catalogue doc: 'Adding a host path' names $(doc_files "$dir" | paste -sd' '), the catalogue $(catalogue_files "$dir" | paste -sd' ')"
    bad=1
  fi
  while IFS= read -r file; do
    [ -f "$dir/$file" ] || { echo "catalogue doc: $file does not exist"; bad=1; }
  done < <(doc_files "$dir")
  return $bad
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
plant() {
  rm -rf "$tmp/t" && mkdir -p "$tmp/t/core" "$tmp/t/docs" "$tmp/t/bench/host"
  cp "$root/core/path_catalogue.hpp" "$tmp/t/core/"
  cp "$root/docs/architecture.md" "$tmp/t/docs/"
  while IFS= read -r file; do
    [ -e "$tmp/t/$file" ] || { mkdir -p "$tmp/t/$(dirname "$file")" && : >"$tmp/t/$file"; }
  done < <(catalogue_files "$root")
}
plant
check_tree "$tmp/t" >/dev/null || { echo "catalogue doc: the check refused an unchanged copy"; check_tree "$tmp/t"; exit 1; }
plant
sed -i '/The entry docs\/architecture.md shows/,/^ *},$/ s/\.bytes_counted = "[^"]*"/.bytes_counted = "bytes moved"/' \
  "$tmp/t/core/path_catalogue.hpp"
check_tree "$tmp/t" | grep -q "is not core/path_catalogue.hpp's shown entry" ||
  { echo "catalogue doc: the check passed a changed entry"; exit 1; }
plant
sed -i '/<!-- adding-a-host-path/,/^A new way/ s|`bench/host/host_c2c.cpp`|the c2c file|' "$tmp/t/docs/architecture.md"
check_tree "$tmp/t" | grep -q "'Adding a host path' names" ||
  { echo "catalogue doc: the check passed a list missing a file"; exit 1; }

check_tree "$root" || exit 1
echo "catalogue doc: docs/architecture.md shows the table's entry; adding a host path touches $(doc_files "$root" | paste -sd' ')"
