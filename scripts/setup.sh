#!/usr/bin/env bash
# Shared set-up of the README's commands, sourced by them: pnpm pinned by package.json's
# packageManager, installed into a git-ignored cache (never global), then a frozen install.
# Explicit `|| return 1` rather than `set -e`: callers source this inside an `if`.
keyapi_setup() {
  local root tools want_pnpm
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd) || return 1
  export TURBO_TELEMETRY_DISABLED=1 REDOCLY_TELEMETRY=off DO_NOT_TRACK=1
  want_pnpm=$(node -p "require('$root/package.json').packageManager.split('@')[1]") || return 1
  tools="$root/.cache/tools"
  if [ "$("$tools/node_modules/.bin/pnpm" --version 2>/dev/null)" != "$want_pnpm" ]; then
    npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error "pnpm@$want_pnpm" || return 1
  fi
  export PATH="$tools/node_modules/.bin:$PATH"
  (cd "$root" && pnpm install --frozen-lockfile) || return 1
}
keyapi_setup
