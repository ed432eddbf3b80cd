#!/usr/bin/env bash
# Runs this harness against the gateway as it was at a git revision, for before/after figures
# measured the same way: bench/atRevision.sh REV [npm run bench arguments...]
# The revision's sources are exported to a temporary folder, this bench/ is laid over them, and
# they are compiled there with this worktree's node_modules.
set -euo pipefail
rev=${1:?usage: bench/atRevision.sh REV [harness arguments]}
shift
root=$(git rev-parse --show-toplevel)
dir=$(mktemp -d "${TMPDIR:-/tmp}/autogen-gate-at-XXXXXX")
trap 'rm -rf "$dir"' EXIT
git -C "$root" archive "$rev" | tar -x -C "$dir"
rm -rf "$dir/bench"
cp -r "$root/bench" "$dir/bench"
ln -s "$root/node_modules" "$dir/node_modules"
(cd "$dir" && npx tsc -p .)
echo "gateway at $(git -C "$root" rev-parse --short "$rev"), harness from the working tree"
(cd "$dir" && node out/bench/run.js "$@")
