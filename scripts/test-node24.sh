#!/usr/bin/env bash
# The server's test suite (vitest: server, shared, electron main with electron mocked, bench
# helpers, renderer units) on Node 24, the runtime Electron 41 embeds. Uses the runtime and the
# better-sqlite3 build scripts/setup-node24.sh puts in .runtimes/node24 (it runs it first).
# Extra arguments go to vitest (e.g. a path to run one folder).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-node24.sh
ROOT="$PWD/.runtimes/node24"
export PATH="$ROOT/node/bin:$PATH"
export UZZ_SQLITE_NATIVE_BINDING="$ROOT/better-sqlite3/build/Release/better_sqlite3.node"
echo "[test-node24] vitest on $(node --version)"
exec node node_modules/vitest/vitest.mjs run "$@"
