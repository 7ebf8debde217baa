#!/usr/bin/env bash
# The test command of the README: every test (exact oracles, invariants, statistical agreement), Release build.
# Prints a closing line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
dotnet test OverParam.slnx -c Release "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
line=$(grep -E "(Passed|Failed)!  - Failed:" "$log" | tail -n 1)
if [ -n "$line" ]; then
  failed=$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$line")
  passed=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$line")
  skipped=$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$line")
  echo "tests: $passed passed, $failed failed, $skipped skipped"
fi
rm -f "$log"
exit "$rc"
