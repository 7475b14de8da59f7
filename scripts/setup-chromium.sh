#!/usr/bin/env bash
# Installs Debian's Chromium for headless browser tests (Playwright drives it through
# executablePath '/usr/bin/chromium'). Never `npx playwright install`: this machine only
# reaches the npm registry and Debian, so browser downloads fail. Idempotent.
set -euo pipefail

log() { echo "[setup-chromium] $*"; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "[setup-chromium] ERROR: not root and sudo is not available" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive

# chromium: the browser; fonts-liberation (Arial/Times/Courier metrics) and fonts-dejavu-core
# so screenshots show readable text, fonts-noto-color-emoji for emoji in chat messages;
# fontconfig so Chromium finds them.
PKGS=(chromium fonts-liberation fonts-dejavu-core fonts-noto-color-emoji fontconfig)
NEED=()
for p in "${PKGS[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || NEED+=("$p")
done

if [ -x /usr/bin/chromium ] && [ "${#NEED[@]}" -eq 0 ]; then
  log "OK: $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium present')"
  exit 0
fi

# apt-get update only when the package lists don't know chromium (fresh machine) or
# when the install fails on stale lists (a mirror dropped the old version).
if [[ "$(apt-cache policy chromium 2>/dev/null)" != *"Candidate: "[0-9]* ]]; then
  $SUDO apt-get update -q
fi
if ! $SUDO apt-get install -y -q "${NEED[@]}"; then
  log "install failed, refreshing package lists and retrying"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q "${NEED[@]}"
fi
log "OK: $(/usr/bin/chromium --version)"
