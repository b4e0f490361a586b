#!/usr/bin/env bash
# Regenerates tests/reference/tables.tsv from R, installing R from Debian's
# packages when it is absent. The committed file is what `cargo test` checks.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v Rscript >/dev/null 2>&1; then
  apt-get update
  apt-get install -y --no-install-recommends r-base-core
fi
Rscript make_reference.R
wc -l tables.tsv
