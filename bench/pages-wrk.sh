#!/usr/bin/env bash
# Aperçu, Contacts and Analytique under `wrk -c50 -d20s` as a signed-in agency user (issue 12 §6,
# "the same fault under plain load"), against an app that is already running, e.g. `./run.sh`
# after a large send. Signs in with curl (antiforgery token from the form), then runs wrk on each
# page with the auth cookie and prints requests/s, latency percentiles and errors. With
# PRESENCA_PG_LOG set to the cluster's log (run.sh: .data/postgres/postgres.log), also counts the
# "remaining connection slots are reserved" (53300) errors logged meanwhile.
# Settings: PRESENCA_URL (http://127.0.0.1:5000), EMAIL (agence.nord@reseau-demo.fr), PASSWORD
# (the demo's), CONNECTIONS (50), DURATION (20s), PAGES ("/ /contacts /analytique").
# Loads the machine for DURATION per page: do not run it while others are testing.
set -euo pipefail
url="${PRESENCA_URL:-http://127.0.0.1:5000}"
email="${EMAIL:-agence.nord@reseau-demo.fr}"
password="${PASSWORD:-Presenca-demo-2026}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
jar="$(mktemp)"
report="$(mktemp --suffix=.lua)"
trap 'rm -f "$jar" "$report"' EXIT
# wrk prints 50/75/90/99 %; the issue asks for the 95th.
cat > "$report" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("p95 %.1f ms, timeouts %d, errors %d\n", latency:percentile(95) / 1000,
    summary.errors.timeout, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status))
end
LUA

form="$(curl -fsS -c "$jar" -b "$jar" "$url/connexion")"
token="$(printf '%s' "$form" | grep -o 'name="__RequestVerificationToken" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')"
[ -n "$token" ] || { echo "No antiforgery token on $url/connexion" >&2; exit 1; }
status="$(curl -sS -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" -X POST "$url/connexion" \
  --data-urlencode "_handler=login" --data-urlencode "Input.Email=$email" \
  --data-urlencode "Input.Password=$password" --data-urlencode "__RequestVerificationToken=$token")"
cookie="$(awk '$6 == "presenca.auth" { print $6 "=" $7 }' "$jar")"
[ -n "$cookie" ] || { echo "Sign-in as $email failed (HTTP $status)" >&2; exit 1; }
echo "Signed in as $email; load average $(cut -d' ' -f1-3 /proc/loadavg)"

for page in ${PAGES:-/ /contacts /analytique}; do
  before=0
  [ -n "${PRESENCA_PG_LOG:-}" ] && before="$(grep -c 'remaining connection slots' "$PRESENCA_PG_LOG" || true)"
  check="$(curl -sS -o /dev/null -w '%{http_code}' -b "$jar" "$url$page")"
  echo "== $page (HTTP $check signed in)"
  wrk -t2 -c"${CONNECTIONS:-50}" -d"${DURATION:-20s}" --timeout 10s --latency -s "$report" -H "Cookie: $cookie" "$url$page" \
    | grep -E 'Requests/sec|Latency|50%|90%|99%|p95|Socket errors|Non-2xx|requests in'
  if [ -n "${PRESENCA_PG_LOG:-}" ]; then
    after="$(grep -c 'remaining connection slots' "$PRESENCA_PG_LOG" || true)"
    echo "53300 errors logged: $((after - before))"
  fi
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
