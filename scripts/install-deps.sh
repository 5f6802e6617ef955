#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/packages/*.txt that are missing.
# Idempotent and quiet when everything is present. Usage: scripts/install-deps.sh [LIST...]
# (LIST names files in scripts/packages without .txt; default: all of them).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lists=()
if [ $# -gt 0 ]; then
  for l in "$@"; do lists+=("$here/packages/$l.txt"); done
else
  lists=("$here"/packages/*.txt)
fi
wanted=$(cat "${lists[@]}" | sed 's/#.*//' | tr -s ' \t' '\n' | sed '/^$/d' | sort -u)
missing=()
for p in $wanted; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-deps: missing packages (${missing[*]}) and no apt-get: install them by hand" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# An optional package that this Debian lacks must not stop the rest.
$sudo apt-get update -qq >/dev/null
if ! $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/linkperf-apt.log 2>&1; then
  echo "install-deps: one call failed, installing one by one (see /tmp/linkperf-apt.log)" >&2
  for p in "${missing[@]}"; do
    $sudo apt-get install -y -qq --no-install-recommends "$p" >>/tmp/linkperf-apt.log 2>&1 ||
      echo "install-deps: could not install $p" >&2
  done
fi
