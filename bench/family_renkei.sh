#!/usr/bin/env bash
# renkei alone on the family (bench/family.txt): each table's whole
# `renkei test --exact always` process, the minimum of RUNS runs (default 5),
# its status, p and nodes. NAMES="f08 f15" restricts the run to those
# tables (by prefix). For A/B of two builds: BIN=path/to/renkei.
# R's side is bench/family_quick.sh (12 s caps) or bench/compare_r.sh family.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-target/release/renkei}
RUNS=${RUNS:-5}
[ -n "${BIN##target/*}" ] || cargo build --release --quiet
out=$(mktemp)
trap 'rm -f "$out"' EXIT
grep -v '^#' bench/family.txt | while IFS=$'\t' read -r name counts; do
  if [ -n "${NAMES:-}" ]; then
    keep=0
    for n in $NAMES; do [[ $name == "$n"* ]] && keep=1; done
    [ "$keep" = 1 ] || continue
  fi
  best=
  for _ in $(seq "$RUNS"); do
    s=$EPOCHREALTIME
    "$BIN" test --counts "$counts" --exact always --format json >"$out" 2>/dev/null || true
    e=$EPOCHREALTIME
    t=$(echo "$e - $s" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  st=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["tests"]["fisher_exact"]; print(d.get("status"), d.get("p"), d.get("nodes"))' "$out" 2>/dev/null || echo "no output")
  printf '%s\t%.4f\t%s\n' "$name" "$best" "$st"
done
