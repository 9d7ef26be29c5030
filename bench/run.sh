#!/usr/bin/env bash
# Runs Presenca's start-up and latency benchmark (bench/Presenca.Bench) against a throwaway
# PostgreSQL cluster on a free port, in Release, and stops everything it started on exit.
# Arguments go to the benchmark: --migration-runs N, --restart-runs N, --warmup N, --requests N.
set -euo pipefail
PRESENCA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PRESENCA_ROOT"
# shellcheck source=../scripts/postgres.sh
source scripts/postgres.sh

presenca_require_dotnet
presenca_require_postgres
presenca_require_frontend

WORK="$(mktemp -d /tmp/presenca-bench.XXXXXX)"
chmod 755 "$WORK"
cleanup() {
  presenca_pg_stop "$WORK/pg"
  dotnet build-server shutdown >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A random start: several runs starting at once on one machine must not pick the same port.
PORT="$(presenca_free_port $((56432 + RANDOM % 1000)))"
SUPERUSER_PASSWORD="bench-superuser-$RANDOM$RANDOM"
# Default durability settings (unlike test.sh): start-up time includes real commits.
presenca_pg_start "$WORK/pg" "$PORT" "$SUPERUSER_PASSWORD"
presenca_pg_roles "$WORK/pg" "$PORT" presenca_owner_bench presenca_app_bench

export PRESENCA_BENCH_POSTGRES_ADMIN="Host=127.0.0.1;Port=$PORT;Username=postgres;Password=$SUPERUSER_PASSWORD"
export PRESENCA_BENCH_POSTGRES_OWNER="Host=127.0.0.1;Port=$PORT;Username=presenca_owner;Password=presenca_owner_bench"
export PRESENCA_BENCH_POSTGRES_APP="Host=127.0.0.1;Port=$PORT;Username=presenca_app;Password=presenca_app_bench"

presenca_say "Compilation (Release)"
# The web app is started as its own process (as run.sh starts it), from its Release build.
dotnet build Presenca.Web -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build bench/Presenca.Bench -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build-server shutdown >/dev/null 2>&1 || true
presenca_say "Mesures"
dotnet bench/Presenca.Bench/bin/Release/net10.0/Presenca.Bench.dll "$@"
