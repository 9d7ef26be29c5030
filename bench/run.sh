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

# Default durability settings (unlike test.sh): start-up time includes real commits.
presenca_throwaway_postgres BENCH 56432

# The app refuses to start outside Development without a master key for connexion secrets; the
# benchmark runs it in Production, so a throwaway one will do.
Presenca__DataProtection__MasterKey="$(head -c 32 /dev/urandom | base64)"
export Presenca__DataProtection__MasterKey

presenca_say "Compilation (Release)"
# The web app is started as its own process (as run.sh starts it), from its Release build.
dotnet build Presenca.Web -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build bench/Presenca.Bench -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build-server shutdown >/dev/null 2>&1 || true
presenca_say "Mesures"
dotnet bench/Presenca.Bench/bin/Release/net10.0/Presenca.Bench.dll "$@"
