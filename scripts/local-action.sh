#!/usr/bin/env bash
# Runs the Action from src/ under GitHub's local runner, @github/local-action, which shows the
# outputs, summary and annotations @actions/core receives. Usage: scripts/local-action.sh [ENV_FILE]
# (default docs/local-action.env: `list`). npx fetches @github/local-action on first use;
# SOP_LOCAL_ACTION=/path/to/local-action uses an installed one instead.
set -euo pipefail
cd "$(dirname "$0")/.."
env_file="${1:-docs/local-action.env}"
# The Action runs on Node 24 (action.yml); use the `node` devDependency's binary when it is there.
if [ -x node_modules/node/bin/node ]; then PATH="$PWD/node_modules/node/bin:$PATH"; fi
# local-action stubs @actions/core by its path under node_modules; when node_modules is a symlink
# (a git worktree sharing one), Node would load it by its real path and miss the stub.
export NODE_OPTIONS="--preserve-symlinks ${NODE_OPTIONS:-}"
if [ -n "${SOP_LOCAL_ACTION:-}" ]; then
  exec "$SOP_LOCAL_ACTION" run . src/action/main.ts "$env_file"
fi
exec npx --yes @github/local-action@7 run . src/action/main.ts "$env_file"
