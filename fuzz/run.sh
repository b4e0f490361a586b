#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (not part of CI).
# Targets: returns_csv, returns_json, returns_xlsx, returns_ods, returns_xls, definition, counts,
# counts_file, audit_file, v_interval, plan, rates, checklist_returns, items.
#   fuzz/run.sh [SECONDS_PER_TARGET]     (default 60)
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain it is
# run with RUSTC_BOOTSTRAP=1 and no sanitizer. Seeds come from the repo's own
# files. A crash is saved under fuzz/artifacts/TARGET/ and must become a
# regression test before it is fixed.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
export RUSTC_BOOTSTRAP=1
seed() { mkdir -p "corpus/$1"; shift; for f in "$@"; do cp -f "$f" "corpus/${f##*/}" 2>/dev/null || true; done; }
targets="returns_csv returns_json returns_xlsx returns_ods returns_xls definition counts counts_file audit_file v_interval plan rates checklist_returns items"
for t in $targets; do mkdir -p "corpus/$t"; done
# Seeds kept in the repository: sparse spreadsheets (a stray cell far
# away), counts files with labels, the V interval at small and huge X².
for t in returns_xlsx returns_ods returns_xls counts_file v_interval; do cp -f seeds/$t/* "corpus/$t/"; done
cp -f ../surveys/renkei-2025/returns.csv corpus/returns_csv/
cp -f ../surveys/renkei-2025/survey.json corpus/definition/
cp -f ../seeds/*.json corpus/audit_file/
cp -f ../seeds/otaru-midterm.csv ../seeds/otaru-revised.csv ../examples/otaru-final-madeup.csv corpus/plan/
cp -f ../examples/ndb/study.csv ../examples/ndb/study-wide.csv ../examples/ndb/standard.csv corpus/rates/
cp -f ../checklists/examples/*.csv corpus/checklist_returns/
cp -f ../checklists/examples/*.csv corpus/items/
printf '10,10,3,0;9,27,6,0;1,3,2,0;11,15,13,3' > corpus/counts/table3
printf '[{"unit_id":"A","class":"市","share_secondary_tertiary":95,"share_tertiary":70,"implementation":"1"}]' > corpus/returns_json/one.json
cargo fuzz build -s none -O >/dev/null 2>&1
for t in $targets; do
  out=$(cargo fuzz run -s none -O "$t" "corpus/$t" -- -max_total_time="$secs" -print_final_stats=1 2>&1) || {
    echo "$t: CRASH"; echo "$out" | tail -30; exit 1; }
  execs=$(echo "$out" | grep -o 'stat::number_of_executed_units: *[0-9]*' | grep -o '[0-9]*$')
  echo "$t: $execs executions in ${secs} s, no crash"
done
