#!/usr/bin/env bash
# The national-size benchmark: generates the synthetic survey (1,916 units,
# 100 questions), runs `renkei report` over every question × the three
# groupings with Pearson and Monte Carlo (B = 10,000) tests, and the same
# computation in R; prints both times, the ratio, and renkei's peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v Rscript >/dev/null 2>&1; then
  apt-get update && apt-get install -y --no-install-recommends r-base-core
fi
cargo build --release --quiet --example national_survey
cargo build --release --quiet
out=$(mktemp -d)
target/release/examples/national_survey "$out" 2025
runs=()
for _ in 1 2 3; do
  s=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$out/mem" target/release/renkei report --survey "$out" \
    --exact never --monte-carlo 10000 --output "$out/report.html" --force 2>/dev/null
  e=$(date +%s.%N)
  runs+=("$(echo "$e - $s" | bc -l)")
done
renkei_s=$(printf '%s\n' "${runs[@]}" | sort -g | sed -n 2p)
mem_kb=$(cat "$out/mem")
r_line=$(Rscript bench/national.R "$out")
r_s=$(echo "$r_line" | awk '{print $3}')
printf 'renkei report (median of 3): %.2f s, peak RSS %d MB\n' "$renkei_s" "$((mem_kb / 1024))"
printf 'R (table + chisq.test, Pearson and B = 10000): %.2f s (%s)\n' "$r_s" "$r_line"
printf 'R / renkei: %.1f\n' "$(echo "$r_s / $renkei_s" | bc -l)"
rm -rf "$out"
