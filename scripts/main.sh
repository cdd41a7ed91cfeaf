#!/usr/bin/env bash
# The README's main-job command: set up, build, then pull every review of the demo product
# from the embedded mock API (no key, no credits) with the progress display and the summary.
# With KEYAPI_API_KEY set, `node packages/cli/dist/bin.js reviews <id> --all --summary` calls
# the real API instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
pnpm turbo run build --output-logs=errors-only
node packages/cli/dist/bin.js reviews 1729471493154312768 --all --summary --mock
