#!/usr/bin/env bash
# Installs the PostgreSQL server the store tests run against (see docs/testing.md): Debian's
# `postgresql` package, only when no server binaries are found. The tests themselves start a
# server of their own (test/support/postgres.ts: a data directory of the run's own, loopback, a
# free port, stopped at the end), so nothing here starts or configures a cluster.
# Idempotent: exits at once when initdb and postgres are there. Safe to run twice at the same
# time (flock).
#
# Usage: scripts/setupPostgres.sh
set -euo pipefail

started=$(date +%s)
log() { printf '[setupPostgres +%ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }

# Debian keeps the server binaries out of PATH, under /usr/lib/postgresql/<major>/bin.
server_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")"; do
    if [[ -x "$dir/initdb" && -x "$dir/postgres" && -x "$dir/pg_ctl" ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done
  return 1
}

lock_dir="${TMPDIR:-/tmp}"
exec 9>"$lock_dir/autogen-gate-setup-postgres.lock"
flock 9

if bin=$(server_bin); then
  log "PostgreSQL server present: $("$bin/postgres" --version) in $bin"
  exit 0
fi

log "apt-get install postgresql"
sudo_cmd=()
if [[ $(id -u) != 0 ]]; then
  command -v sudo >/dev/null || { echo "need root or sudo to install postgresql" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends postgresql
bin=$(server_bin) || { echo "postgresql installed, but no initdb/postgres/pg_ctl found under /usr/lib/postgresql/*/bin" >&2; exit 1; }
log "installed $("$bin/postgres" --version) in $bin"
