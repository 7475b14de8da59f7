#!/usr/bin/env bash
# `npm start` on a fresh clone serves the app: with dist/ removed, starts the server on a free port
# with a throwaway data folder (SQLite), waits until it is ready, fetches `/` and one of the
# /assets/*.js it names, and fails loudly otherwise; the server must have been compiled (dist/node)
# and run compiled, not fallen back to tsx. Called by .ci/run after `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "check-first-start: FAILED: $*" >&2; [ -f "${LOG:-}" ] && { echo "--- server log ---" >&2; tail -n 40 "$LOG" >&2; }; exit 1; }

DATA=$(mktemp -d)
LOG="$DATA/server.log"
PID=""
cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$PID" 2>/dev/null || true
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT

PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
rm -rf dist
echo "check-first-start: npm start on port $PORT with no dist/ (data in $DATA)"
START=$(date +%s)
# Run the start script itself (what `npm start` runs), so $! is the server and not npm.
env -u DATABASE_URL -u WEB_DIR -u UZZ_LAUNCH_TOKEN PORT="$PORT" HOST=127.0.0.1 DATA_DIR="$DATA/data" LOG_LEVEL=warn \
  node bin/start.mjs >"$LOG" 2>&1 &
PID=$!

URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 240); do
  kill -0 "$PID" 2>/dev/null || fail "the server exited while starting"
  if curl -fsS -o /dev/null "$URL/healthz" 2>/dev/null; then break; fi
  sleep 0.5
done
curl -fsS -o /dev/null "$URL/healthz" || fail "the server did not answer /healthz within 120 s"
echo "check-first-start: ready after $(( $(date +%s) - START )) s"

HTML=$(curl -fsS -H 'accept: text/html' "$URL/") || fail "GET / did not answer 200"
echo "$HTML" | grep -qi '<div id="root">' || fail "GET / is not the app's page: $(echo "$HTML" | head -c 300)"
ASSET=$(echo "$HTML" | grep -o '/assets/[^"]*\.js' | head -n 1)
[ -n "$ASSET" ] || fail "GET / names no /assets/*.js"
TYPE=$(curl -fsS -o /dev/null -w '%{content_type}' "$URL$ASSET") || fail "GET $ASSET did not answer 200"
echo "$TYPE" | grep -qi javascript || fail "GET $ASSET has content type $TYPE"
grep -q 'building the web app' "$LOG" || fail "the log does not say that the web app was built"
grep -q 'server compiled in' "$LOG" || fail "the log does not say that the server was compiled"
! grep -q 'through tsx instead' "$LOG" || fail "the server fell back to tsx instead of running compiled"
[ -f dist/node/server/main.js ] || fail "there is no dist/node/server/main.js"
echo "check-first-start: OK: / and $ASSET served ($(( $(date +%s) - START )) s from start)"
