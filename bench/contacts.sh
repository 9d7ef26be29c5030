#!/usr/bin/env bash
# The contact import benchmark of issues 5 and 12, on a throwaway PostgreSQL (durable, as users run
# it; FAST=1: durability off). Prepares the data once, then (default, issue 12 §2) drives the real
# path: the web app as its own process, HTTP upload of the 100,000-row .xlsx into a tenant holding
# 100,000 contacts, queue, worker, report; the SQL floor once on the fresh tables, then the cold run
# (first import after start), then RUNS (default 3) warm ones, then the SQL floor again in the same
# database and state; prints each run's phases (seconds since the upload began: upload answered,
# queued, picked up, parsed and staged, each SQL step, committed, report), its longest gap between
# two progress updates and the phase it ended in, the ratios and the app's peak RSS. The floor is
# the importer's own statements (ContactImportSql's constants) run once each by hand, in one
# transaction as the same user (RLS on), after a COPY of the rows as the importer stages them. MODE=importer: the importer alone against the floor in
# separate processes, RUNS times each (issue 5). MODE=explain: EXPLAIN (ANALYZE, BUFFERS, WAL) of
# each set-based statement (a sliced one's first slice, then the rest). PRESENCA_BENCH_ROWS=N: a smaller file, to check the benchmark works.
# Uses both cores for a few minutes: do not run it while others are testing.
set -euo pipefail
PRESENCA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PRESENCA_ROOT"
# shellcheck source=../scripts/postgres.sh
source scripts/postgres.sh
presenca_require_dotnet
presenca_require_postgres

RUNS="${RUNS:-3}"
# PostgreSQL as users run it (fsync, full-page writes and synchronous commit on); FAST=1 turns
# durability off for quick comparisons with the older figures in bench/RESULTS.md.
durability=()
[ "${FAST:-}" = 1 ] && durability=(fsync=off synchronous_commit=off full_page_writes=off)
presenca_throwaway_postgres BENCH 56432 \
  "${durability[@]}" shared_buffers=256MB
echo "PostgreSQL durability: $([ "${FAST:-}" = 1 ] && echo "off (FAST=1)" || echo "on (fsync, full_page_writes, synchronous_commit)")"

nice dotnet build bench/Presenca.Bench.Contacts -c Release --nologo -v quiet -clp:ErrorsOnly
BENCH="dotnet bench/Presenca.Bench.Contacts/bin/Release/net10.0/Presenca.Bench.Contacts.dll"
$BENCH prepare "$PRESENCA_WORK/data"

echo "load average (1, 5, 15 min) at start: $(cut -d" " -f1-3 /proc/loadavg)"
if [ "${MODE:-e2e}" = explain ]; then
  $BENCH explain-import "$PRESENCA_WORK/data"
  exit 0
fi
if [ "${MODE:-e2e}" = e2e ]; then
  out="$($BENCH e2e "$PRESENCA_WORK/data" "$RUNS")"; echo "$out"
  value() { sed -n "s/^$1=//p" <<<"$out"; }
  cold="$(value cold_seconds)"; warm="$(value warm_seconds)"; floor="$(value floor_seconds)"
  awk -v c="$cold" -v w="$warm" -v f="$floor" -v g="$(value longest_progress_gap_seconds)" -v r="$(value app_peak_rss_mb)" 'BEGIN {
    printf "upload to report, warm (best of runs): %.2f s; SQL floor: %.2f s; ratio %.2f (goal <= 1.6)\n", w, f, w / f
    printf "cold (first import after start): %.2f s, %.2f s more than warm (goal <= 1.5 s)\n", c, c - w
    printf "longest gap between progress updates: %.2f s (goal <= 1 s); app peak RSS: %d MB (goal <= 400 MB)\n", g, r }'
  echo "load average (1, 5, 15 min): $(cut -d" " -f1-3 /proc/loadavg)"
  exit 0
fi

best() { sort -n | head -n 1; }
imports=(); floors=(); rss=()
for run in $(seq 1 "$RUNS"); do
  if [ "${FLOOR_ONLY:-}" != 1 ]; then
    out="$($BENCH import "$PRESENCA_WORK/data")"; echo "run $run: $out" | tr '\n' ' '; echo
    imports+=("$(sed -n 's/^import_seconds=//p' <<<"$out")")
    rss+=("$(sed -n 's/^import_peak_rss_mb=//p' <<<"$out")")
  fi
  out="$($BENCH floor "$PRESENCA_WORK/data")"; echo "run $run: $out" | tr '\n' ' '; echo
  floors+=("$(sed -n 's/^floor_seconds=//p' <<<"$out")")
done
[ "${FLOOR_ONLY:-}" = 1 ] && { echo "SQL floor (best of $RUNS): $(printf '%s\n' "${floors[@]}" | best) s"; exit 0; }
import_best="$(printf '%s\n' "${imports[@]}" | best)"
floor_best="$(printf '%s\n' "${floors[@]}" | best)"
rss_max="$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)"
ratio="$(awk -v a="$import_best" -v b="$floor_best" 'BEGIN { printf "%.2f", a / b }')"
echo "import (best of $RUNS): ${import_best} s (goal <= 6 s); peak RSS (worst): ${rss_max} MB (goal <= 400 MB)"
echo "SQL floor (best of $RUNS): ${floor_best} s; ratio import/floor: ${ratio} (goal <= 2.5)"
echo "load average (1, 5, 15 min): $(cut -d" " -f1-3 /proc/loadavg)"
