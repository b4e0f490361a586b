#!/usr/bin/env bash
# Runs renkei and R side by side on the same tables and prints R time / renkei
# time. renkei is timed as a whole process (start-up, parsing, output); R is
# timed on its computation alone (system.time inside one R session), so the
# ratio is conservative. Installs R from Debian's packages when absent.
#
#   bench/compare_r.sh exact        # fisher.test(workspace = 2e8) vs renkei test --exact
#   bench/compare_r.sh family       # the same on bench/family.txt (irregular margins,
#                                   # bench/make_family.R), then min and median R/renkei
#                                   # over the tables where R needs more than 0.5 s
#   bench/compare_r.sh montecarlo   # chisq.test(simulate.p.value = TRUE, B = 1e6) vs renkei --monte-carlo 1000000
#
# R_TIMEOUT (seconds, default 900) bounds each R run, RENKEI_TIME and
# RENKEI_MEMORY (3600 s, 20000 MiB) each renkei run; a table R cannot do in
# time (or at all: FEXACT error 6/7) is reported as such. ONLY="table3 5x5_n100"
# restricts the run to the named tables of bench/tables.txt.
#
# The machine's speed drifts by ±30 % over minutes, so a table on which R
# needs under 10 s is measured in ROUNDS rounds (default 3), each timing
# renkei (median of its runs) and then R once; the printed times are the
# medians over the rounds, so that both sides sample the same minutes.
#
# In exact mode two more columns compare like with like: renkei's own time
# for the exact test (the `seconds` of its JSON output: fisher_exact alone,
# as system.time times fisher.test alone), median over the rounds of the
# median of three runs, and R's time over it.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-exact}
tables=bench/tables.txt
if [ "$mode" = family ]; then
  mode=exact
  tables=bench/family.txt
  summary=$(mktemp)
fi
R_TIMEOUT=${R_TIMEOUT:-900}
# renkei's own bound per exact test (seconds, memory in MiB).
RENKEI_TIME=${RENKEI_TIME:-3600}
RENKEI_MEMORY=${RENKEI_MEMORY:-20000}
ROUNDS=${ROUNDS:-3}
if ! command -v Rscript >/dev/null 2>&1; then
  apt-get update && apt-get install -y --no-install-recommends r-base-core
fi
cargo build --release --quiet
bin=target/release/renkei

# Median wall time of a command's runs, in seconds: 11 runs, or 3 when a run
# takes over a second. Timed with bash's $EPOCHREALTIME (no process of its
# own: timing with `date` added the start of a `date` process, about 1 ms,
# to every run).
time_runs() {
  local times=() s e t
  for i in $(seq 11); do
    s=$EPOCHREALTIME; "$@" >/dev/null; e=$EPOCHREALTIME
    t=$(echo "$e - $s" | bc -l)
    times+=("$t")
    if [ "$i" -ge 3 ] && [ "$(echo "$t > 1" | bc -l)" = 1 ]; then break; fi
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# The exact test's own time in renkei (JSON `tests.fisher_exact.seconds`),
# median of three runs. The output goes to a file, read once renkei has
# exited: a reader started alongside (python in a pipe) took one of the two
# cores from it.
exact_seconds() {
  local s=() out
  out=$(mktemp)
  for i in 1 2 3; do
    "$@" >"$out"
    # A test that did not finish (time or memory limit) has no time: nan.
    s+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tests"]["fisher_exact"].get("seconds", float("nan")))' "$out")")
  done
  rm -f "$out"
  median "${s[@]}"
}

r_matrix() { # "1,2;3,4" -> matrix(c(1,2,3,4), nrow = 2, byrow = TRUE)
  local rows=${1//[^;]/}
  echo "matrix(c(${1//;/,}), nrow = $(( ${#rows} + 1 )), byrow = TRUE)"
}

if [ "$mode" = exact ]; then
  printf '%-18s %14s %14s %10s %12s %10s  %s\n' table "renkei (s)" "R (s)" "R/renkei" "exact (s)" "R/exact" "p renkei | p R"
else
  printf '%-18s %14s %14s %10s  %s\n' table "renkei (s)" "R (s)" "R/renkei" "p renkei | p R"
fi
grep -v '^#' "$tables" | while IFS=$'\t' read -r name counts; do
  if [ -n "${ONLY:-}" ] && [[ " $ONLY " != *" $name "* ]]; then continue; fi
  [ -n "$name" ] || continue
  if [ "$mode" = exact ]; then
    p=$($bin test --counts "$counts" --exact always --time-limit "$RENKEI_TIME" --exact-memory "$RENKEI_MEMORY" --format json \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["tests"]["fisher_exact"]["p"])')
    renkei_cmd=($bin test --counts "$counts" --exact always --time-limit "$RENKEI_TIME" --exact-memory "$RENKEI_MEMORY" --format json)
    rexpr="x <- $(r_matrix "$counts"); tm <- system.time(r <- tryCatch(fisher.test(x, workspace = 2e8)\$p.value, error = function(e) NA)); cat(tm[['elapsed']], format(r, digits = 10))"
  else
    p=$($bin test --counts "$counts" --exact never --monte-carlo 1000000 --format json \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["tests"]["monte_carlo"]["p"])')
    renkei_cmd=($bin test --counts "$counts" --exact never --monte-carlo 1000000 --format json)
    rexpr="x <- $(r_matrix "$counts"); set.seed(1); tm <- system.time(r <- chisq.test(x[rowSums(x) > 0, colSums(x) > 0], simulate.p.value = TRUE, B = 1e6)\$p.value); cat(tm[['elapsed']], format(r, digits = 10))"
  fi
  ts=(); rts=(); ins=(); rt=""
  for round in $(seq "$ROUNDS"); do
    ts+=("$(time_runs "${renkei_cmd[@]}")")
    if [ "$mode" = exact ]; then ins+=("$(exact_seconds "${renkei_cmd[@]}")"); fi
    if out=$(timeout "$R_TIMEOUT" Rscript -e "$rexpr" 2>/dev/null); then
      rts+=("${out%% *}"); rp=${out#* }
    else
      rt="> $R_TIMEOUT"; rp="-"; break
    fi
    # R needing 10 s or more: one round is enough (the drift is small beside it).
    if [ "$(echo "${rts[-1]} >= 10" | bc -l)" = 1 ]; then break; fi
  done
  t=$(median "${ts[@]}")
  if [ -n "$rt" ]; then
    ratio="R timed out"
  else
    rt=$(median "${rts[@]}")
    if [ "$rp" = NA ]; then ratio="R failed"; else ratio=$(echo "$rt / $t" | bc -l | xargs printf '%.1f'); fi
  fi
  if [ "$mode" = exact ]; then
    in=$(median "${ins[@]}")
    case $ratio in
      R*) in_ratio=$ratio ;;
      *) in_ratio=$(echo "$rt / $in" | bc -l | xargs printf '%.1f') ;;
    esac
    printf '%-18s %14.4f %14s %10s %12.4f %10s  %s | %s\n' "$name" "$t" "$rt" "$ratio" "$in" "$in_ratio" "$p" "$rp"
    if [ -n "${summary:-}" ] && [[ $ratio != R* ]] && [ "$(echo "$rt > 0.5" | bc -l)" = 1 ]; then
      echo "$ratio" >> "$summary"
    fi
  else
    printf '%-18s %14.4f %14s %10s  %s | %s\n' "$name" "$t" "$rt" "$ratio" "$p" "$rp"
  fi
done
if [ -n "${summary:-}" ]; then
  if [ -s "$summary" ]; then
    sort -g "$summary" | awk '{v[NR] = $1} END {
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "tables where R needs > 0.5 s: %d; R/renkei min %.1f, median %.1f\n", NR, v[1], m }'
  else
    echo "no table where R needs > 0.5 s"
  fi
  rm -f "$summary"
fi
