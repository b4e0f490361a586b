#!/usr/bin/env bash
# A/B of two builds of the exact test, alternating so that both sample the
# same minutes of this noisy machine. Each process runs the table REPS times
# (the first, cold, run is left out unless REPS = 1); prints the minimum and
# median of the runs for each build and the ratio of the medians, B / A.
#
#   git worktree add /tmp/wt_base HEAD
#   (cd /tmp/wt_base && CARGO_TARGET_DIR=/tmp/wt_base_target cargo build --release --example exact_timing)
#   cargo build --release --example exact_timing
#   A=/tmp/wt_base_target/release/examples/exact_timing bench/ab_exact.sh 15 5 "10,10,3,0;9,27,6,0;1,3,2,0;11,15,13,3"
#
# A defaults to /tmp/wt_base_target/release/examples/exact_timing, B to this
# tree's target/release/examples/exact_timing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 3 ]; then
  echo "usage: bench/ab_exact.sh PROCESSES REPS TABLE..." >&2
  exit 2
fi
procs=$1; reps=$2; shift 2
A=${A:-/tmp/wt_base_target/release/examples/exact_timing}
B=${B:-target/release/examples/exact_timing}
for t in "$@"; do
  args=()
  for _ in $(seq "$reps"); do args+=("$t"); done
  for _ in $(seq "$procs"); do
    # exact_timing prints "<table>: p = …, nodes = …, <seconds> s".
    "$A" "${args[@]}" | awk '{print "A", NR, $(NF-1)}'
    "$B" "${args[@]}" | awk '{print "B", NR, $(NF-1)}'
  done | python3 -c '
import statistics, sys
table, reps = sys.argv[1], int(sys.argv[2])
runs = {"A": [], "B": []}
for line in sys.stdin:
    build, run, seconds = line.split()
    if reps == 1 or int(run) > 1:
        runs[build].append(float(seconds) * 1e6)
med = {b: statistics.median(v) for b, v in runs.items()}
print("%-40s A min %9.0f med %9.0f | B min %9.0f med %9.0f | B/A %.3f (us)"
      % (table[:40], min(runs["A"]), med["A"], min(runs["B"]), med["B"], med["B"] / med["A"]))
' "$t" "$reps"
done
