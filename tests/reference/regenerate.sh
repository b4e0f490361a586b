#!/usr/bin/env bash
# Regenerates tests/reference/tables.tsv (make_reference.R), then
# measures.tsv and adjust.tsv (make_measures.R, on the same tables) from R,
# installing R from Debian's packages when it is absent. The committed files
# are what `cargo test` checks.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v Rscript >/dev/null 2>&1; then
  apt-get update
  apt-get install -y --no-install-recommends r-base-core
fi
Rscript make_reference.R
Rscript make_measures.R
(cd ../.. && Rscript tests/reference/make_noncentral.R)
(cd ../.. && Rscript tests/reference/make_bench_reference.R)  # minutes: tables far in the tail
wc -l tables.tsv measures.tsv adjust.tsv bench_tables.tsv
