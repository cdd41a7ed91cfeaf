#!/usr/bin/env bash
# The README's main-job command: set up, regenerate the types from the spec, build everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
pnpm generate
pnpm turbo run build
