#!/usr/bin/env bash
# The campaign sending pipeline benchmark of issues 6 and 12 on a throwaway PostgreSQL (durable, as
# users run it; FAST=1: durability off): RECIPIENTS (default 100000; a list such as
# "100000 1000000" runs each size in turn, for the RSS at both) recipients of one campaign, WORKERS
# (default 2) worker processes of the real app (started with Presenca.Web's presenca-worker.sh), an
# instantly answering fake Brevo, the rate limit lifted. Prints the first batch's time at the fake,
# emails/s end to end and against the pipeline's own SQL floor (the same statements without HTTP
# or rendering, run right after on the same database; FLOOR=0 skips it), each worker's peak RSS and
# the addresses delivered twice. Loads both cores for about a minute (RECIPIENTS=
# 1000000: about three): do not run it while others are testing. MODE=ratelimit measures the
# shared rate limiter's accuracy instead (10 calls/s for 20 s, 8 callers in 2 data sources).
# MODE=browser runs the same campaign with the web app as a third process (its sending off, its
# live relay on) and a headless Chromium (/usr/bin/chromium, or PRESENCA_BENCH_CHROMIUM) signed in
# as Agence Soleil watching "Campagnes" (WATCHERS=N pages, in turn Agence Soleil, the admin, the
# director and Agence Lyon Nord: the last two must never see the campaign): it prints how often each
# page's figures changed, NOTIFY-to-DOM latencies and whether other clients saw anything, and
# the server's NOTIFY-to-render latency per circuit. MODE=circuits measures the web app's managed
# heap (after a full GC) and RSS per open circuit, with CIRCUITS=N pages (default 100) and with none
# (GCDUMP=x.gcdump also writes a dotnet-gcdump of the app with the pages open, and x.none.gcdump
# without any, both warm: `dotnet-gcdump report x.gcdump`). MODE=circuits SEND=1 instead sends MODE=browser's campaign
# (RECIPIENTS, default 100000) while the CIRCUITS pages (the four users in turn) are open, and prints
# one line per figure: pages that reached "Envoyée" without a reload, the longest visible gap
# (worst and median page), the server's NOTIFY-to-render p95 per circuit (worst and median).
# PRINT_NOTIFICATIONS=1 prints every progress NOTIFY (and each page's visible change) with its time;
# PRINT_ACTIVITY=1 prints what every database session was doing every 50 ms of the send, and how
# long the senders waited for a lock (the timeline to lay beside the gaps). MODE=sandbox sends the
# demo's way instead (issue 12 §6): one app process, the sandbox at the product's rate limit, its
# events applied by the same process; prints how long after the last batch every recipient was
# delivered or bounced on the campaign's counters (goal: within a minute), and the inbox emptied.
# PRESENCA_BENCH_BROWSER_NICE=19 starts the browser at that niceness (it stands in for the users'
# machines; the server's figures are then the server's), for MODE=browser and MODE=circuits.
set -euo pipefail
PRESENCA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PRESENCA_ROOT"
# shellcheck source=../scripts/postgres.sh
source scripts/postgres.sh
presenca_require_dotnet
presenca_require_postgres

# PostgreSQL as users run it (fsync, full-page writes and synchronous commit on); FAST=1 turns
# durability off for quick comparisons with the older figures in bench/RESULTS.md.
durability=()
[ "${FAST:-}" = 1 ] && durability=(fsync=off synchronous_commit=off full_page_writes=off)
presenca_throwaway_postgres BENCH 57432 \
  "${durability[@]}" shared_buffers=256MB max_connections=200
echo "PostgreSQL durability: $([ "${FAST:-}" = 1 ] && echo "off (FAST=1)" || echo "on (fsync, full_page_writes, synchronous_commit)")"

dotnet build bench/Presenca.Bench.Pipeline -c Release --nologo -v quiet -clp:ErrorsOnly
BENCH="dotnet bench/Presenca.Bench.Pipeline/bin/Release/net10.0/Presenca.Bench.Pipeline.dll"
if [ "${MODE:-}" = ratelimit ]; then
  $BENCH ratelimit
elif [ "${MODE:-}" = circuits ] && [ "${SEND:-}" = 1 ]; then
  $BENCH circuits "${CIRCUITS:-100}" send "${RECIPIENTS:-100000}" "${WORKERS:-2}"
elif [ "${MODE:-}" = circuits ]; then
  $BENCH circuits "${CIRCUITS:-100}"
elif [ "${MODE:-}" = sandbox ]; then
  $BENCH sandbox "${RECIPIENTS:-100000}"
elif [ "${MODE:-}" = browser ]; then
  $BENCH "${RECIPIENTS:-100000}" "${WORKERS:-2}" browser
else
  for recipients in ${RECIPIENTS:-100000}; do
    $BENCH "$recipients" "${WORKERS:-2}"
  done
fi
