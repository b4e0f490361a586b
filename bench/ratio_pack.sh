#!/usr/bin/env bash
# renkei ratio --pack at national scale: 335 二次医療圏 in 47 prefectures ×
# 46 items × 2 sexes × 7 age bands (215,740 study rows, seeded synthetic
# counts, as bench/ratio_national.sh with a 都道府県 column). Prints the
# pack's wall time, peak memory, file count and size. Run from the
# repository root after `cargo build --release`.
set -euo pipefail
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
awk 'BEGIN { srand(1); print "item,sex,age_band,count,population";
  split("40-44 45-49 50-54 55-59 60-64 65-69 70-74", a, " ");
  for (i = 0; i < 46; i++) for (s = 0; s < 2; s++) for (k = 1; k <= 7; k++)
    printf "item%d,%s,%s,%d,1000000\n", i, (s ? "F" : "M"), a[k], 1000 + int(rand() * 299000) }' > "$dir/standard.csv"
awk 'BEGIN { srand(2); print "prefecture,area,item,sex,age_band,count,population";
  split("40-44 45-49 50-54 55-59 60-64 65-69 70-74", a, " ");
  for (r = 0; r < 335; r++) for (i = 0; i < 46; i++) for (s = 0; s < 2; s++) for (k = 1; k <= 7; k++)
    printf "pref%02d,area%d,item%d,%s,%s,%d,3000\n", r % 47, r, i, (s ? "F" : "M"), a[k], 10 + int(rand() * 890) }' > "$dir/study.csv"
/usr/bin/time -f "pack: %e s, %M KB peak" target/release/renkei ratio \
  --study "$dir/study.csv" --standard "$dir/standard.csv" --pack "$dir/pack"
echo "files: $(find "$dir/pack" -type f | wc -l), size: $(du -sh "$dir/pack" | cut -f1)"
