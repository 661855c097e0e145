#!/usr/bin/env bash
# Prints the path of a Node.js binary of an exact version, fetched the first time from
# the npm registry, which serves the runtime as the package node-linux-<arch> (no other
# download source), into a cache shared by every clone:
#
#   bash scripts/node-runtime.sh 24.22.3    # -> ~/.cache/model-garden/node/24.22.3-linux-x64/bin/node
#
# MG_NODE_CACHE overrides the cache directory. npm checks the package's integrity.
set -euo pipefail

version="${1:-}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "usage: bash scripts/node-runtime.sh <major.minor.patch>" >&2; exit 2; }
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "node-runtime: no node-linux-* package for $(uname -m)" >&2; exit 1 ;;
esac
[[ "$(uname -s)" == Linux ]] || { echo "node-runtime: the node-linux-$arch package runs on Linux only" >&2; exit 1; }

cache="${MG_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/model-garden/node}"
target="$cache/$version-linux-$arch"
node="$target/bin/node"

if [[ ! -x "$node" || "$("$node" --version 2>/dev/null)" != "v$version" ]]; then
  mkdir -p "$cache"
  work="$(mktemp -d "$cache/.fetch.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  echo "node-runtime: fetching node-linux-$arch@$version from the npm registry" >&2
  (cd "$work" && npm pack "node-linux-$arch@$version" --silent --no-fund --no-audit >/dev/null)
  tarball="$(find "$work" -maxdepth 1 -name "node-linux-$arch-$version.tgz" -print -quit)"
  [[ -n "$tarball" ]] || { echo "node-runtime: npm pack left no tarball" >&2; exit 1; }
  tar -xzf "$tarball" -C "$work"
  [[ "$("$work/package/bin/node" --version)" == "v$version" ]] || { echo "node-runtime: the package's bin/node is not v$version" >&2; exit 1; }
  rm -rf "$target"
  mv "$work/package" "$target"
fi
echo "$node"
