#!/usr/bin/env bash
# Runs Presenca on this machine: installs what is missing, starts the PostgreSQL cluster kept
# under .data/, migrates, seeds the demo and serves http://127.0.0.1:5000 with the Brevo sandbox.
# Ctrl-C (or SIGTERM, when it runs without a terminal) stops the app and the database. A second
# run reuses the data. Everything it keeps lives in one folder it creates ($PRESENCA_DATA_DIR).
set -euo pipefail
PRESENCA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$PRESENCA_ROOT"
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh

PG_PORT="${PRESENCA_PG_PORT:-5433}"
STATE_DIR="${PRESENCA_DATA_DIR:-$PRESENCA_ROOT/.data}"
DATA_DIR="$STATE_DIR/postgres"
APP_URL="${PRESENCA_URL:-http://127.0.0.1:5000}"

# First, before installing anything: a data folder this script may not use stops it here.
presenca_state_dir "$STATE_DIR" PRESENCA_DATA_DIR
presenca_require_dotnet
presenca_require_postgres
presenca_apt_install curl

app_pid=""
cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    presenca_say "Arrêt de Presenca"
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  presenca_say "Arrêt de PostgreSQL"
  presenca_pg_stop "$DATA_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The superuser password is made once and kept beside the cluster (never committed: .data/ is
# ignored), readable by its owner only from the moment it exists.
SUPERUSER_FILE="$STATE_DIR/superuser-password"
[ -s "$SUPERUSER_FILE" ] || ( umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$SUPERUSER_FILE" )
presenca_pg_start "$DATA_DIR" "$PG_PORT" "$(cat "$SUPERUSER_FILE")"
presenca_pg_roles "$DATA_DIR" "$PG_PORT" presenca_owner_dev presenca_app_dev
presenca_pg_database "$DATA_DIR" "$PG_PORT" presenca

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export ConnectionStrings__Presenca="Host=127.0.0.1;Port=$PG_PORT;Database=presenca;Username=presenca_app;Password=presenca_app_dev"
# Set-password links name the address the app is served on.
export Presenca__PublicBaseUrl="${Presenca__PublicBaseUrl:-$APP_URL}"
export ConnectionStrings__PresencaOwner="Host=127.0.0.1;Port=$PG_PORT;Database=presenca;Username=presenca_owner;Password=presenca_owner_dev"

presenca_say "Compilation"
dotnet build Presenca.Web -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build-server shutdown >/dev/null 2>&1 || true
presenca_say "Démarrage de Presenca (migrations, démo)"
dotnet Presenca.Web/bin/Release/net10.0/Presenca.Web.dll --urls "$APP_URL" --contentRoot "$PRESENCA_ROOT/Presenca.Web" &
app_pid=$!

for _ in $(seq 1 120); do
  if curl -fsS "$APP_URL/health" >/dev/null 2>&1; then break; fi
  kill -0 "$app_pid" 2>/dev/null || presenca_fail "Presenca s'est arrêté au démarrage (voir les messages ci-dessus)."
  sleep 0.5
done
curl -fsS "$APP_URL/health" >/dev/null 2>&1 || presenca_fail "Presenca ne répond pas sur $APP_URL/health."

cat <<INFO

  Presenca est prêt : $APP_URL   (Ctrl-C pour arrêter ; sans terminal : kill -TERM $$)

  Comptes de démonstration (mot de passe : Presenca-demo-2026)
    admin@presenca.demo          Admin Presenca
    directeur@reseau-demo.fr     Directeur de réseau (Réseau Démo)
    agence.nord@reseau-demo.fr   Collaborateur d'agence (Agence Lyon Nord)
    contact@agence-soleil.fr     Collaborateur d'agence indépendante (Agence Soleil)

INFO
wait "$app_pid"
