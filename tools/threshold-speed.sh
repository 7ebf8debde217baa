#!/usr/bin/env bash
# The speed of a threshold search against the same runs started one by one with `overparam train` (docs/perf.md).
# Usage: bash tools/threshold-speed.sh [OUT]   (two-layer net, sphere data, d = 10, n = 25,50,100, 3 seeds)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/threshold-speed}
rm -rf "$out" && mkdir -p "$out"
opts=(--d 10 --steps 2000)
t0=$(date +%s.%N)
./overparam threshold --n 25,50,100 "${opts[@]}" --seeds 3 --tol 0.01 --out "$out/search" > "$out/search.log" 2>&1
t1=$(date +%s.%N)
runs=$(($(wc -l < "$out/search/runs.csv") - 1))
# The same runs, one `train` process each (what a researcher's script around train does).
tail -n +2 "$out/search/runs.csv" | while IFS=, read -r n width seed _; do
  ./overparam train --n "$n" --labels gaussian "${opts[@]}" --width "$width" --seed "$seed" --rel-tol 0.01 --gram-every 0 \
    --out "$out/by-hand/$n-$width-$seed" > /dev/null 2>&1
done
t2=$(date +%s.%N)
python3 - "$runs" "$t0" "$t1" "$t2" <<'PY'
import sys
runs, t0, t1, t2 = int(sys.argv[1]), *map(float, sys.argv[2:])
s, h = t1 - t0, t2 - t1
print(f"{runs} runs: search {s:.1f} s ({60 * runs / s:.0f} runs/min), one train each {h:.1f} s ({60 * runs / h:.0f} runs/min); ratio {h / s:.1f}x")
PY
