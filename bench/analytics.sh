#!/usr/bin/env bash
# Issue 7's benchmark: Aperçu and Analytique for a tenant of 1,000,000 emails_sent, 500 campaigns
# and 200,000 contacts, measured over HTTP on 127.0.0.1 against the Release build started as its
# own process; then the 200,000-row contacts export twice with the web process's memory around it,
# then EXPLAIN (ANALYZE, BUFFERS) of each query of the pages, as the agency and as the director
# (paste them into bench/RESULTS.md). Loading the data takes a few minutes and both
# cores: do not run it while others are testing.
# Arguments go to the benchmark and win over the defaults: --warmup N (20), --requests N (100).
set -euo pipefail
PRESENCA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PRESENCA_ROOT"
# shellcheck source=../scripts/postgres.sh
source scripts/postgres.sh

presenca_require_dotnet
presenca_require_postgres

presenca_throwaway_postgres BENCH 56432 shared_buffers=256MB

presenca_say "Compilation (Release)"
dotnet build Presenca.Web -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build bench/Presenca.Bench.Analytics -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build-server shutdown >/dev/null 2>&1 || true
# The app refuses to start without a master key for connexion secrets; a throwaway one will do.
Presenca__DataProtection__MasterKey="$(head -c 32 /dev/urandom | base64)"
export Presenca__DataProtection__MasterKey
presenca_say "Mesures"
dotnet bench/Presenca.Bench.Analytics/bin/Release/net10.0/Presenca.Bench.Analytics.dll "$@" --warmup 20 --requests 100
