#!/usr/bin/env bash
# Runs every Presenca test: installs what is missing, starts a throwaway PostgreSQL cluster on a
# free port, runs the unit, component, integration (PostgreSQL) and browser (Chromium) tests, and
# stops everything it started, whatever happens (trap on exit).
# Arguments go to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~ShellBrowserTests".
set -euo pipefail
PRESENCA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$PRESENCA_ROOT"
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh

presenca_require_dotnet
presenca_require_postgres
presenca_apt_install chromium fonts-dejavu-core

# A throwaway cluster: durability settings off, it is deleted at the end anyway.
presenca_throwaway_postgres TEST 55432 \
  fsync=off synchronous_commit=off full_page_writes=off max_connections=400 shared_buffers=256MB
export PRESENCA_TEST_CHROMIUM=/usr/bin/chromium

presenca_say "Tests (dotnet test)"
status=0
dotnet test Presenca.sln -c Release --nologo --results-directory "$PRESENCA_ROOT/TestResults" \
  --logger "console;verbosity=normal" --logger "trx;LogFileName=presenca.trx" "$@" 2>&1 | tee "$PRESENCA_WORK/test.log" || status=$?

# The closing line CI reads: "N passed, N failed".
count() { { grep -oE "^ +$1: +[0-9]+" "$PRESENCA_WORK/test.log" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
