#!/usr/bin/env bash
# Issue 7's benchmark: Aperçu and Analytique for a tenant of 1,000,000 emails_sent, 500 campaigns
# and 200,000 contacts, measured over HTTP on 127.0.0.1 against the Release build started as its
# own process; then the 200,000-row contacts export twice with the web process's memory around it,
# then EXPLAIN (ANALYZE, BUFFERS) of each query of the pages, as the agency and as the director
# (paste them into bench/RESULTS.md). Loading the data takes a few minutes and both
# cores: do not run it while others are testing.
# Arguments go to the benchmark and win over the defaults: --warmup N (20), --requests N (100);
# --wrk adds Aperçu, Contacts and Analytique under `wrk -c50 -d20s` as the agency (bench/pages-wrk.sh,
# with the 53300 errors of this cluster's log; CONNECTIONS, DURATION, PAGES as there; wrk needed);
# --contacts N (200,000) and --recipients N per campaign (2,000) shrink the data set for a trial.
# PRESENCA_MAX_POOL_SIZE sets the app's Presenca:Database:MaxPoolSize (its default otherwise).
set -euo pipefail
PRESENCA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PRESENCA_ROOT"
# shellcheck source=../scripts/postgres.sh
source scripts/postgres.sh

presenca_require_dotnet
presenca_require_postgres

# PG_STATEMENTS=1 (with --wrk): the statements that took the database's time under wrk, from pg_stat_statements.
statements=()
[ "${PG_STATEMENTS:-}" = 1 ] && statements=(shared_preload_libraries=pg_stat_statements pg_stat_statements.track_planning=on)
presenca_throwaway_postgres BENCH 56432 shared_buffers=256MB "${statements[@]}"
export PRESENCA_BENCH_PG_LOG="$PRESENCA_WORK/pg/postgres.log"
if [ -n "${PRESENCA_MAX_POOL_SIZE:-}" ]; then export Presenca__Database__MaxPoolSize="$PRESENCA_MAX_POOL_SIZE"; fi

presenca_say "Compilation (Release)"
dotnet build Presenca.Web -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build bench/Presenca.Bench.Analytics -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build-server shutdown >/dev/null 2>&1 || true
# The app refuses to start without a master key for connexion secrets; a throwaway one will do.
Presenca__DataProtection__MasterKey="$(head -c 32 /dev/urandom | base64)"
export Presenca__DataProtection__MasterKey
presenca_say "Mesures"
dotnet bench/Presenca.Bench.Analytics/bin/Release/net10.0/Presenca.Bench.Analytics.dll "$@" --warmup 20 --requests 100
