#!/usr/bin/env bash
# The README's test command: from a clone on a machine with only Node 20 and npm, set up
# everything and run every check. Ends with the workspace's totals: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# set-up: pinned pnpm and a frozen-lockfile install (a failed set-up is one failure)
# Downloads belong here, outside turbo and outside any test: the runtime matrix's binaries.
if ! source scripts/setup.sh || ! node scripts/runtime/install.mjs; then
  echo "set-up failed"
  echo "0 passed, 1 failed"
  exit 1
fi
set +e

failures=()
step() {
  local name=$1
  shift
  echo "::: $name"
  if ! "$@"; then
    failures+=("$name")
    echo "::: FAILED: $name"
  fi
}

export KEYAPI_TEST_REPORT=1
rm -f packages/*/.test-report.json packages/*/.test-errors.json scripts/.test-report.json scripts/.test-errors.json

# Redis (the shared-limit tests) and Chromium (the browser tests): Debian's packages, installed
# here, or this step fails naming the command (the tests that need them then fail, never skip).
step "system packages (redis-server, chromium)" bash scripts/system-deps.sh
step "spec lint (vendored and effective spec)" pnpm lint:spec
step "generated code is up to date" pnpm generate --check
step "breaking spec changes have a major changeset" pnpm check:changesets
step "build" pnpm turbo run build
step "typecheck" pnpm turbo run typecheck
# One package at a time: several tests assert on latency bounds (abort within 50 ms) that a
# 2-core machine running five suites at once cannot promise.
step "tests" pnpm turbo run test --continue --concurrency=1
step "package lint (publint, attw)" pnpm turbo run lint:package
step "size budget (size-limit)" pnpm turbo run size
api_check() {
  pnpm turbo run api:check --output-logs=errors-only ||
    { echo "API reports are stale: run \`pnpm api:report\` and commit packages/*/etc/*.api.md"; return 1; }
}
step "API reports (api-extractor)" api_check
step "prettier" pnpm prettier --check .

# Every failed step counts in the line; the tests step's own failures are in the reports.
other_failures=0
tests_failed=()
for f in "${failures[@]}"; do
  if [ "$f" = "tests" ]; then tests_failed=(--tests-failed); else other_failures=$((other_failures + 1)); fi
done
totals=$(node scripts/test-totals.mjs --failed-steps "$other_failures" "${tests_failed[@]}" packages/*/ scripts/)
if [ ${#failures[@]} -gt 0 ]; then
  echo "failed steps: ${failures[*]}"
fi
echo "$totals"
[ ${#failures[@]} -eq 0 ] && [[ "$totals" == *" 0 failed" ]]
