#!/usr/bin/env bash
# A quick look at the family (bench/family.txt): one run each side, 12 s caps —
# renkei (whole process, default 4 GiB exact-test memory) and R (fisher.test,
# workspace 2e8, its computation). bench/compare_r.sh family is the full method.
cd "$(dirname "$0")/.."
grep -v '^#' bench/family.txt | while IFS=$'\t' read -r name counts; do
  s=$EPOCHREALTIME
  st=$(timeout 20 target/release/renkei test --counts "$counts" --exact always --time-limit 12 --format json 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin)["tests"]["fisher_exact"]; print(d.get("status"), d.get("p"))' 2>/dev/null)
  e=$EPOCHREALTIME
  t=$(echo "$e - $s" | bc -l)
  rows=${counts//[^;]/}
  rexpr="x <- matrix(c(${counts//;/,}), nrow = $(( ${#rows} + 1 )), byrow = TRUE); tm <- system.time(r <- tryCatch(fisher.test(x, workspace = 2e8)\$p.value, error = function(e) NA)); cat(tm[['elapsed']], format(r, digits = 10))"
  if out=$(timeout 12 Rscript -e "$rexpr" 2>/dev/null); then rt=${out%% *}; rp=${out#* }; else rt=">12"; rp="-"; fi
  printf '%s\t%.3f\t%s\t%s\t%s\n' "$name" "$t" "$st" "$rt" "$rp"
done
