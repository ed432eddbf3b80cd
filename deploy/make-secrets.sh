#!/bin/sh
# Generates the keys a production gateway must be given (docs/deployment.md, "Keys"), one file
# each, in the folder named on the command line:
#
#   masking-key                HMAC-SHA256 key of masking events and pseudonyms (32 bytes, base64)
#   held-input-key             AES-256-GCM key of held runs' input (32 bytes, base64)
#   evidence-signing-key.pem   ES256 (P-256) private key that signs evidence, PKCS#8 PEM
#   postgres-password          password of the gateway's PostgreSQL role
#   database-url               postgres:// URL with that password ($DATABASE_URL when set, else
#                              a URL for the compose file's `postgres` service)
#
# Every replica must get the same files. An existing file is never replaced: a new masking or
# evidence key is a rotation, done by listing the new key first in the policy, not by overwriting.
#
#   deploy/make-secrets.sh deploy/compose/secrets
#   kubectl create secret generic autogen-gate-keys --from-file=deploy/compose/secrets
set -eu

if [ "$#" -ne 1 ]; then
  echo "usage: $0 DIR   (creates the gateway's key files in DIR; existing files are kept)" >&2
  exit 2
fi
dir=$1
command -v openssl >/dev/null 2>&1 || {
  echo "$0: openssl is needed to generate keys; install it (Debian: apt-get install openssl)" >&2
  exit 1
}

umask 077
mkdir -p "$dir"
chmod 700 "$dir"

# Writes stdin to DIR/NAME unless that file exists. The folder stays 0700; the files are 0644 so a
# container user other than yours (uid 10001 in the gateway image, the postgres user) can read
# them where compose bind-mounts them.
create() {
  if [ -e "$dir/$1" ]; then
    cat >/dev/null
    echo "kept     $dir/$1"
  else
    cat >"$dir/$1.tmp"
    chmod 644 "$dir/$1.tmp"
    mv "$dir/$1.tmp" "$dir/$1"
    echo "created  $dir/$1"
  fi
}

openssl rand -base64 32 | create masking-key
openssl rand -base64 32 | create held-input-key
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null | create evidence-signing-key.pem
openssl rand -hex 24 | create postgres-password
if [ -n "${DATABASE_URL:-}" ]; then
  printf '%s\n' "$DATABASE_URL" | create database-url
else
  printf 'postgres://autogen_gate:%s@postgres:5432/autogen_gate\n' "$(cat "$dir/postgres-password")" | create database-url
fi
