#!/usr/bin/env bash
# Delivery events at campaign scale (issue 12 §6) on a throwaway PostgreSQL (durable, as users run
# it; FAST=1: durability off): a sent campaign of RECIPIENTS (default 100000) recipients, each with
# its message id, and about 2.5 events per recipient posted to the running web app in Brevo's
# batched webhook form (arrays of 500, SENDERS calls at a time, default 8). The web app applies its
# inbox; WORKERS (default 0) worker processes apply it too. RATE=n posts n calls a second at a fixed
# pace instead (as Brevo sends its batched webhooks; RATE=4 offers 2,000 events/s, well below the
# apply rate) and also prints the inbox's largest backlog meanwhile: the webhook's p95 while the
# inbox is being applied (goal ≤ 100 ms). Prints events/s applied, the webhook's
# p50/p95, the PostgreSQL sessions opened meanwhile and the most app backends seen at once, and the
# load average. Loads both cores for about a minute: do not run it while others are testing.
set -euo pipefail
PRESENCA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PRESENCA_ROOT"
# shellcheck source=../scripts/postgres.sh
source scripts/postgres.sh
presenca_require_dotnet
presenca_require_postgres

# PostgreSQL as users run it (fsync, full-page writes and synchronous commit on), with its default
# max_connections (100): the app's bounded pool must fit in it. FAST=1 turns durability off.
durability=()
[ "${FAST:-}" = 1 ] && durability=(fsync=off synchronous_commit=off full_page_writes=off)
presenca_throwaway_postgres BENCH 57532 \
  "${durability[@]}" shared_buffers=256MB max_connections=100
echo "PostgreSQL durability: $([ "${FAST:-}" = 1 ] && echo "off (FAST=1)" || echo "on (fsync, full_page_writes, synchronous_commit)")"

dotnet build bench/Presenca.Bench.Pipeline -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet bench/Presenca.Bench.Pipeline/bin/Release/net10.0/Presenca.Bench.Pipeline.dll events "${RECIPIENTS:-100000}" "${WORKERS:-0}"
