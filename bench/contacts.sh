#!/usr/bin/env bash
# The contact import benchmark of issue 5, on a throwaway PostgreSQL (same settings as test.sh):
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
WORK="$(mktemp -d /tmp/presenca-bench.XXXXXX)"
chmod 755 "$WORK"
cleanup() { presenca_pg_stop "$WORK/pg"; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT="$(presenca_free_port 56432)"
SUPERUSER_PASSWORD="bench-$RANDOM$RANDOM"
presenca_pg_start "$WORK/pg" "$PORT" "$SUPERUSER_PASSWORD" \
  fsync=off synchronous_commit=off full_page_writes=off shared_buffers=256MB
presenca_pg_roles "$WORK/pg" "$PORT" presenca_owner_bench presenca_app_bench
export PRESENCA_BENCH_ADMIN="Host=127.0.0.1;Port=$PORT;Username=postgres;Password=$SUPERUSER_PASSWORD"
export PRESENCA_BENCH_OWNER="Host=127.0.0.1;Port=$PORT;Username=presenca_owner;Password=presenca_owner_bench"
export PRESENCA_BENCH_APP="Host=127.0.0.1;Port=$PORT;Username=presenca_app;Password=presenca_app_bench"

dotnet build bench/Presenca.Bench.Contacts -c Release --nologo -v quiet -clp:ErrorsOnly
BENCH="dotnet bench/Presenca.Bench.Contacts/bin/Release/net10.0/Presenca.Bench.Contacts.dll"
$BENCH prepare "$WORK/data"

best() { sort -n | head -n 1; }
imports=(); floors=(); rss=()
for run in $(seq 1 "$RUNS"); do
  if [ "${FLOOR_ONLY:-}" != 1 ]; then
    out="$($BENCH import "$WORK/data")"; echo "run $run: $out" | tr '\n' ' '; echo
    imports+=("$(sed -n 's/^import_seconds=//p' <<<"$out")")
    rss+=("$(sed -n 's/^import_peak_rss_mb=//p' <<<"$out")")
  fi
  out="$($BENCH floor "$WORK/data")"; echo "run $run: $out" | tr '\n' ' '; echo
  floors+=("$(sed -n 's/^floor_seconds=//p' <<<"$out")")
done
[ "${FLOOR_ONLY:-}" = 1 ] && { echo "SQL floor (best of $RUNS): $(printf '%s\n' "${floors[@]}" | best) s"; exit 0; }
import_best="$(printf '%s\n' "${imports[@]}" | best)"
floor_best="$(printf '%s\n' "${floors[@]}" | best)"
rss_max="$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)"
ratio="$(awk -v a="$import_best" -v b="$floor_best" 'BEGIN { printf "%.2f", a / b }')"
echo "import (best of $RUNS): ${import_best} s (goal <= 6 s); peak RSS (worst): ${rss_max} MB (goal <= 400 MB)"
echo "SQL floor (best of $RUNS): ${floor_best} s; ratio import/floor: ${ratio} (goal <= 2.5)"
