#!/usr/bin/env bash
# Regenerates the committed examples under docs/examples/ from this checkout: runs each reproduction into a scratch
# folder, then copies what a reader needs (reports, claims.json, summary.csv, figures, the searches' tables) without the
# trials (large, and reproducible from the same command). Usage: bash tools/examples.sh [NAME ...] (default: all).
# Times on the team's 2-core machine are in docs/perf.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
declare -A cmd=(
  [du2019]="reproduce du2019"
  [du2019-deep]="reproduce du2019-deep"
  [arora2019]="reproduce arora2019"
  [arora2019-natural]="reproduce arora2019 --data fashion-mnist"
  [kawaguchi2019-quick]="reproduce kawaguchi2019 --quick"
  [jentzen2021]="reproduce jentzen2021"
  [jentzen2021-quick]="reproduce jentzen2021 --quick"
  [threshold/two-layer]="threshold --n 25,50,100,200,400 --d 10 --seeds 5 --steps 5000 --tol 0.01 --name two-layer-sphere"
  [threshold/resnet]="threshold --model resnet --depth 3 --n 25,50,100 --d 50 --seeds 3 --steps 2000 --tol 0.05 --max-width 2048 --name resnet-sphere"
)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(du2019 du2019-deep arora2019 arora2019-natural kawaguchi2019-quick jentzen2021 jentzen2021-quick threshold/two-layer threshold/resnet)
for name in "${names[@]}"; do
  [ -n "${cmd[$name]:-}" ] || { echo "examples: unknown example '$name'" >&2; exit 2; }
  start=$(date +%s)
  mkdir -p "$(dirname "$scratch/$name")"
  # shellcheck disable=SC2086
  ./overparam ${cmd[$name]} --out "$scratch/$name" >"$scratch/$name.log" 2>&1 || { tail -5 "$scratch/$name.log" >&2; exit 1; }
  echo "examples: $name: ./overparam ${cmd[$name]} took $(( $(date +%s) - start )) s"
  dest="docs/examples/$name"
  rm -rf "$dest.new"
  (cd "$scratch/$name" && find . -type f \( -name 'report.html' -o -name 'claims.json' -o -name 'summary.csv' -o -path '*/figures/*' \
     -o -name 'runs.csv' -o -name 'fit.json' -o -name 'thresholds.csv' -o -name 'threshold.json' -o -path './inputs/*' \) \
     -not -path '*/trials/*' -print0 | xargs -0 -I{} install -D -m 644 {} "$OLDPWD/$dest.new/{}")
  rm -rf "$dest" && mv "$dest.new" "$dest"
done
