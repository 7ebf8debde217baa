#!/usr/bin/env bash
# The test command of the README: every test (exact oracles, invariants, statistical agreement), Release build.
# Prints the ten slowest tests, then a closing line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
# The whole suite: the quick Kawaguchi reproduction (most of its time) starts as the test process loads and the rest runs
# beside it (tests/OverParam.Tests/Cli/SharedRunsFirst.cs); with arguments (a filter, say) it starts only if asked for.
if [ $# -eq 0 ]; then export OVERPARAM_TEST_LONGEST_FIRST=1; fi
log=$(mktemp)
results=$(mktemp -d)
dotnet test OverParam.slnx -c Release --logger "trx;LogFileName=tests.trx" --results-directory "$results" "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
trx=$(find "$results" -name '*.trx' | head -n 1)
if [ -n "$trx" ] && command -v python3 >/dev/null 2>&1; then
  python3 - "$trx" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = '{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}'
rows = []
for r in ET.parse(sys.argv[1]).getroot().iter(ns + 'UnitTestResult'):
    h, m, s = r.get('duration', '0:0:0').split(':')
    rows.append((int(h) * 3600 + int(m) * 60 + float(s), r.get('testName')))
rows.sort(reverse=True)
print('slowest tests (seconds, run in parallel across classes):')
for sec, name in rows[:10]:
    print(f'  {sec:7.1f}  {name[:140]}')
PY
fi
line=$(grep -E "(Passed|Failed)!  - Failed:" "$log" | tail -n 1)
if [ -n "$line" ]; then
  failed=$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$line")
  passed=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$line")
  skipped=$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$line")
  echo "tests: $passed passed, $failed failed, $skipped skipped"
fi
rm -rf "$log" "$results"
exit "$rc"
