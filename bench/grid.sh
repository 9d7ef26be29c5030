#!/usr/bin/env bash
# Issue 11's grid paging benchmark: Agence Lyon Nord of the demo with CONTACTS contacts (default
# 1000000) over COMPANIES companies (default a tenth), its Contacts page in a headless Chromium
# (/usr/bin/chromium, or PRESENCA_BENCH_CHROMIUM) signed in as agence.nord@reseau-demo.fr: PAGES
# (default 100) clicks on "Suivante →", then back, "Première", each order, searches, each timed in
# the browser from the click to the new rows (goal: p95 <= 150 ms); then pg_stat_statements for
# the same statements and EXPLAIN (ANALYZE, BUFFERS) of a page's statements as the app role.
# PostgreSQL keeps its default durability (fsync, full_page_writes, synchronous_commit on);
# FAST=1 turns them off, which only speeds up loading the contacts. Loading 1,000,000 contacts
# takes minutes and both cores: do not run it while others are testing.
# Other arguments go to the benchmark: --warmup N (5), --sort-rounds N (3). PRINT_CHANGES=1 prints
# every change.
set -euo pipefail
PRESENCA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PRESENCA_ROOT"
# shellcheck source=../scripts/postgres.sh
source scripts/postgres.sh

presenca_require_dotnet
presenca_require_postgres

durability=()
[ "${FAST:-}" = 1 ] && durability=(fsync=off synchronous_commit=off full_page_writes=off)
# pg_stat_statements: the server's time for the statements the page sends while the browser runs.
presenca_throwaway_postgres BENCH 58432 shared_buffers=256MB shared_preload_libraries=pg_stat_statements "${durability[@]}"

presenca_say "Compilation (Release)"
dotnet build Presenca.Web -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build bench/Presenca.Bench.Grid -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build-server shutdown >/dev/null 2>&1 || true
# The app refuses to start outside Development and Testing without a master key; a throwaway one will do.
Presenca__DataProtection__MasterKey="$(head -c 32 /dev/urandom | base64)"
export Presenca__DataProtection__MasterKey
presenca_say "Mesures"
dotnet bench/Presenca.Bench.Grid/bin/Release/net10.0/Presenca.Bench.Grid.dll \
  --contacts "${CONTACTS:-1000000}" ${COMPANIES:+--companies "$COMPANIES"} --pages "${PAGES:-100}" "$@"
