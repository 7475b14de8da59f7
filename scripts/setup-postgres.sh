#!/usr/bin/env bash
# Prepares the local PostgreSQL for UZZ: server running, pgvector installed, roles
# uzz_owner/uzz_app/uzz_system, database uzz. Idempotent: a second run only does a few queries.
# Used by developers (`npm run setup:postgres`) and by .ci/run (as root).
set -euo pipefail

log() { echo "[setup-postgres] $*"; }
die() { echo "[setup-postgres] ERROR: $*" >&2; exit 1; }

# apt and pg_ctlcluster need root; a developer running this as himself goes through sudo.
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "not root and sudo is not available"
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
PGSUPERUSER_URL="${PGSUPERUSER_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
# Hide NOTICEs such as "extension already exists" / "role is already a member": reruns stay quiet.
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

# Superuser SQL in database $1 (\connect keeps host/port/user of the URL, so any URL works).
sql_in() { psql "$PGSUPERUSER_URL" -X -q -A -t -v ON_ERROR_STOP=1 -c "\\connect $1" -c "$2"; }
sql() { psql "$PGSUPERUSER_URL" -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }
# Packages among "$@" not yet installed (naming installed ones to apt-get would upgrade them).
missing_pkgs() { for p in "$@"; do [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || echo "$p"; done; }

# --- 1. Server installed and running -------------------------------------------------
if ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
  log "installing PostgreSQL server (Debian 12: version 15)"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q postgresql
fi
PGVER="$(ls /etc/postgresql | sort -V | tail -n1)"
[ -n "$PGVER" ] || die "no cluster under /etc/postgresql"
PG_CONFIG="/usr/lib/postgresql/$PGVER/bin/pg_config"

# Containers have no systemd, hence --skip-systemctl-redirect (pg_ctlcluster drops to the postgres user itself).
# (Output captured, not piped into grep -q: with pipefail an early-exiting grep can fail the pipe.)
if [[ "$(pg_lsclusters -h "$PGVER" main 2>/dev/null)" != *online* ]]; then
  log "starting cluster $PGVER/main"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$PGVER" main start
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 || die "PostgreSQL $PGVER not accepting connections on 127.0.0.1 after 30 s (see /var/log/postgresql/postgresql-$PGVER-main.log)"

# --- 2. pgvector -----------------------------------------------------------------------
# Bookworm has no postgresql-15-pgvector, so build trixie's source package (0.8.0) against
# the local server headers. Only a deb-src line is added: no trixie binaries can slip in.
if [ -z "$(sql "select 1 from pg_available_extensions where name='vector'")" ]; then
  log "pgvector missing: building it from Debian trixie's source package"
  SRC_FILE=/etc/apt/sources.list.d/uzz-trixie-src.sources
  SRC_TEXT="Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
  if [ "$(cat "$SRC_FILE" 2>/dev/null)" != "$SRC_TEXT" ]; then
    printf '%s\n' "$SRC_TEXT" | $SUDO tee "$SRC_FILE" >/dev/null
  fi
  $SUDO apt-get update -q
  mapfile -t NEED < <(missing_pkgs dpkg-dev build-essential "postgresql-server-dev-$PGVER")
  [ "${#NEED[@]}" -eq 0 ] || $SUDO apt-get install -y -q --no-install-recommends "${NEED[@]}"
  BUILD_DIR="$(mktemp -d)"
  trap 'rm -rf "$BUILD_DIR"' EXIT
  # As root apt would fetch as the sandbox user _apt, who cannot write our 0700 temp dir.
  SANDBOX_OPT=()
  [ "$(id -u)" -eq 0 ] && SANDBOX_OPT=(-o APT::Sandbox::User=root)
  (cd "$BUILD_DIR" && apt-get source -q "${SANDBOX_OPT[@]}" pgvector)
  SRC_DIR="$(find "$BUILD_DIR" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -n1)"
  [ -n "$SRC_DIR" ] || die "apt-get source pgvector produced no source tree"
  # OPTFLAGS="" drops upstream's -march=native (Debian's no-native patch does too), so the
  # .so runs on any x86-64; 0.8 picks SIMD code paths at run time anyway.
  make -C "$SRC_DIR" -j"$(nproc)" PG_CONFIG="$PG_CONFIG" OPTFLAGS=""
  $SUDO make -C "$SRC_DIR" install PG_CONFIG="$PG_CONFIG" OPTFLAGS=""
  [ -n "$(sql "select 1 from pg_available_extensions where name='vector'")" ] \
    || die "pgvector was built and installed but PostgreSQL $PGVER still does not list extension 'vector'"
fi

# --- 3. Roles --------------------------------------------------------------------------
# uzz_owner owns schema objects and runs migrations (DATABASE_URL). The server logs in for its
# work as two other roles (server/db/openPostgres.ts checks them at start-up):
# - uzz_app: tenant transactions; row-level security applies (NOBYPASSRLS, owns nothing) and it
#   is a member of no other role, so neither RESET ROLE nor SET ROLE reaches the owner;
# - uzz_system: platform transactions (webhook routing, login, claims across tenants); BYPASSRLS
#   instead of a setting any session could change, and likewise a member of nothing.
# Passwords are the role names (DATABASE_APP_URL / DATABASE_SYSTEM_URL default to them); created
# once, existing passwords are left as they are, attributes and memberships are put right.
sql "
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'uzz_owner') THEN
    CREATE ROLE uzz_owner LOGIN CREATEDB NOSUPERUSER PASSWORD 'uzz_owner';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'uzz_app') THEN
    CREATE ROLE uzz_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD 'uzz_app';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'uzz_system') THEN
    CREATE ROLE uzz_system LOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD 'uzz_system';
  END IF;
END \$\$;
ALTER ROLE uzz_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
ALTER ROLE uzz_system LOGIN NOSUPERUSER BYPASSRLS NOCREATEDB NOCREATEROLE;
"
# Any membership of the runtime roles (granted by hand or by an older version of this script)
# would let them SET ROLE to it; the server refuses to start then, so take them away.
sql "
DO \$\$ DECLARE membership record; BEGIN
  FOR membership IN
    SELECT parent.rolname AS parent, child.rolname AS child FROM pg_auth_members m
    JOIN pg_roles parent ON parent.oid = m.roleid JOIN pg_roles child ON child.oid = m.member
    WHERE child.rolname IN ('uzz_app', 'uzz_system')
  LOOP
    EXECUTE format('REVOKE %I FROM %I', membership.parent, membership.child);
  END LOOP;
END \$\$;
"

# --- 4. Extension and databases --------------------------------------------------------
# CREATE EXTENSION vector needs a superuser; putting it in template1 means every database
# created later by uzz_owner (e.g. one per test run) already has it.
sql_in template1 "CREATE EXTENSION IF NOT EXISTS vector"
if [ -z "$(sql "SELECT 1 FROM pg_database WHERE datname = 'uzz'")" ]; then
  log "creating database uzz"
  sql "CREATE DATABASE uzz OWNER uzz_owner"
fi
sql_in uzz "CREATE EXTENSION IF NOT EXISTS vector"  # uzz may predate the template change
if [ -n "$(sql "SELECT 1 FROM pg_database WHERE datname = 'test'")" ]; then
  sql_in test "CREATE EXTENSION IF NOT EXISTS vector"
fi

VEC="$(sql_in template1 "SELECT extversion FROM pg_extension WHERE extname = 'vector'")"
log "OK: PostgreSQL $PGVER on 127.0.0.1:5432, pgvector $VEC in template1/uzz, roles uzz_owner+uzz_app+uzz_system, database uzz (owner uzz_owner)"
