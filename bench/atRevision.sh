#!/usr/bin/env bash
# Runs this harness against the gateway as it was at a git revision, for before/after figures
# measured the same way:
#   bench/atRevision.sh REV [npm run bench arguments...]           the revision's gateway alone
#   bench/atRevision.sh --beside REV [npm run bench arguments...]  this tree's gateways, plus the
#                                                                  revision's as one more row
# The revision's sources are exported to a temporary folder, this bench/ is laid over them, and
# they are compiled there with this worktree's node_modules.
set -euo pipefail
beside=false
if [[ ${1:-} == --beside ]]; then
  beside=true
  shift
fi
rev=${1:?usage: bench/atRevision.sh [--beside] REV [harness arguments]}
shift
root=$(git rev-parse --show-toplevel)
dir=$(mktemp -d "${TMPDIR:-/tmp}/autogen-gate-at-XXXXXX")
trap 'rm -rf "$dir"' EXIT
git -C "$root" archive "$rev" | tar -x -C "$dir"
rm -rf "$dir/bench"
cp -r "$root/bench" "$dir/bench"
ln -s "$root/node_modules" "$dir/node_modules"
(cd "$dir" && npx tsc -p .)
short=$(git -C "$root" rev-parse --short "$rev")
if $beside; then
  echo "this tree's gateways, and beside them the gateway at $short"
  (cd "$root" && npx tsc -p . && BENCH_BESIDE_DIR="$dir" BENCH_BESIDE_REV="$short" node out/bench/run.js "$@")
else
  echo "gateway at $short, harness from the working tree"
  (cd "$dir" && node out/bench/run.js "$@")
fi
