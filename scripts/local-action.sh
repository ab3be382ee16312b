#!/usr/bin/env bash
# Runs the Action from src/ under GitHub's local runner, @github/local-action, which shows the
# outputs, summary and annotations @actions/core receives. Usage: scripts/local-action.sh [ENV_FILE]
# (default docs/local-action.env: `list`). npx fetches @github/local-action on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
env_file="${1:-docs/local-action.env}"
exec npx --yes @github/local-action@7 run . src/action/main.ts "$env_file"
