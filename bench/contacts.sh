#!/usr/bin/env bash
# The contact import benchmark of issue 5, on a throwaway PostgreSQL (durable, as users run it; FAST=1: durability off):
# prepares the data once, then runs the real import and the SQL floor in separate processes,
# RUNS times each (default 3), and prints the best figures and the ratio. Uses both cores for
# about a minute: do not run it while others are testing.
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

dotnet build bench/Presenca.Bench.Contacts -c Release --nologo -v quiet -clp:ErrorsOnly
BENCH="dotnet bench/Presenca.Bench.Contacts/bin/Release/net10.0/Presenca.Bench.Contacts.dll"
$BENCH prepare "$PRESENCA_WORK/data"

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
