# Shared by run.sh and test.sh (sourced, not run): find or install PostgreSQL, and run a cluster
# that Presenca owns in a folder of its own, on 127.0.0.1 only. PostgreSQL refuses to run as
# root, so as root the server runs as the `postgres` user.

presenca_say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
presenca_fail() { printf '\033[1;31mErreur :\033[0m %s\n' "$*" >&2; exit 1; }

# Runs a command as the user that owns the cluster.
presenca_as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

presenca_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# Installs the Debian packages this project needs when they are missing, or says what to install.
# Arguments: package names; each is checked with dpkg first.
presenca_apt_install() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    presenca_fail "il manque ${missing[*]} et apt-get est absent : installez-les avec le gestionnaire de paquets de votre système, puis relancez."
  fi
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || presenca_fail "il manque ${missing[*]} : lancez « sudo apt-get install ${missing[*]} » puis relancez."
    sudo="sudo"
  fi
  presenca_say "Installation de ${missing[*]} (apt-get)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

presenca_require_postgres() {
  if [ -z "$(presenca_pg_bin)" ] && ! command -v apt-get >/dev/null 2>&1; then
    presenca_fail "PostgreSQL (15 ou plus récent) est introuvable et apt-get est absent : installez le serveur PostgreSQL, puis relancez."
  fi
  presenca_apt_install postgresql postgresql-contrib
  PG_BIN="$(presenca_pg_bin)"
  [ -x "$PG_BIN/pg_ctl" ] || presenca_fail "pg_ctl introuvable sous /usr/lib/postgresql : installez le paquet postgresql."
}

# presenca_state_dir DIR [SETTING]: makes DIR the one folder that holds a script's state (run.sh: the
# cluster, the superuser password, the logs). A folder that does not exist yet is created, and
# only a folder created here has its mode set (711 as root, so that the postgres user can reach
# the cluster inside; 700 otherwise). An existing folder is used only if it was created this way
# before (its marker file, and owned by the current user) or is the layout of an earlier run.sh
# (postgres/PG_VERSION and superuser-password); any other existing folder (/tmp, a home folder,
# a symbolic link) is refused, untouched.
PRESENCA_STATE_MARKER=".presenca-state"
presenca_state_dir() {
  local dir="$1" named="${2:+$2=}$1"
  [ -n "$dir" ] || presenca_fail "${2:-le dossier de données} est vide : indiquez un dossier."
  if [ -e "$dir" ] || [ -L "$dir" ]; then
    if [ -d "$dir" ] && [ ! -L "$dir" ] && [ -O "$dir" ] \
      && { [ -f "$dir/$PRESENCA_STATE_MARKER" ] || { [ -s "$dir/postgres/PG_VERSION" ] && [ -s "$dir/superuser-password" ]; }; }; then
      [ -f "$dir/$PRESENCA_STATE_MARKER" ] || : > "$dir/$PRESENCA_STATE_MARKER"
      return 0
    fi
    presenca_fail "$named : ce dossier existe déjà et n'a pas été créé par ce script : indiquez un dossier qui n'existe pas encore (il sera créé, et tout y sera rangé) ou celui d'un lancement précédent. Rien n'a été modifié."
  fi
  mkdir -p -- "$(dirname -- "$dir")" || presenca_fail "impossible de créer le dossier parent de $dir."
  local mode=700
  if [ "$(id -u)" = 0 ]; then mode=711; fi
  # Without -p: if someone else creates it meanwhile, this fails instead of adopting their folder.
  mkdir -m "$mode" -- "$dir" || presenca_fail "impossible de créer $dir."
  : > "$dir/$PRESENCA_STATE_MARKER"
}

# presenca_pg_start DATA_DIR PORT SUPERUSER_PASSWORD [extra postgres -c settings...]
# Creates the cluster on first use, then starts it; the socket lives in the data folder.
presenca_pg_start() {
  local data="$1" port="$2" password="$3"; shift 3
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; fi
  if ! presenca_as_pg test -r "$data"; then
    presenca_fail "l'utilisateur postgres ne peut pas lire $data : placez le dépôt dans un dossier qu'il peut traverser (pas sous /root), ou lancez le script sans être root."
  fi
  if [ ! -s "$data/PG_VERSION" ]; then
    presenca_say "Création du cluster PostgreSQL dans $data"
    # Beside the cluster, in the folder the caller owns, never in the shared /tmp.
    local pwfile
    pwfile="$(mktemp "$(dirname -- "$data")/.superuser-password.XXXXXX")"
    printf '%s\n' "$password" > "$pwfile"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$pwfile"; fi
    presenca_as_pg "$PG_BIN/initdb" -D "$data" -U postgres --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 >/dev/null || { rm -f "$pwfile"; presenca_fail "initdb a échoué dans $data."; }
    rm -f "$pwfile"
  fi
  local settings=(-c "port=$port" -c "listen_addresses=127.0.0.1" -c "unix_socket_directories=$data")
  for setting in "$@"; do settings+=(-c "$setting"); done
  presenca_say "Démarrage de PostgreSQL sur 127.0.0.1:$port"
  presenca_as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$data/postgres.log" -o "${settings[*]}" -w -t 60 start >/dev/null \
    || { tail -n 20 "$data/postgres.log" >&2; presenca_fail "PostgreSQL n'a pas démarré (journal ci-dessus)."; }
}

presenca_pg_stop() {
  local data="$1"
  if [ -n "${PG_BIN:-}" ] && [ -s "$data/postmaster.pid" ]; then
    presenca_as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

# presenca_psql DATA_DIR PORT [psql args...]: as the superuser, through the cluster's socket.
presenca_psql() {
  local data="$1" port="$2"; shift 2
  presenca_as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$data" -p "$port" -U postgres "$@"
}

# presenca_pg_roles DATA_DIR PORT OWNER_PASSWORD APP_PASSWORD
presenca_pg_roles() {
  local data="$1" port="$2"
  presenca_psql "$data" "$port" -d postgres -v owner_password="$3" -v app_password="$4" -f - < "$PRESENCA_ROOT/scripts/create-roles.sql"
}

# presenca_pg_database DATA_DIR PORT NAME: creates the database (owned by presenca_owner) once.
presenca_pg_database() {
  local data="$1" port="$2" name="$3"
  if [ -z "$(presenca_psql "$data" "$port" -d postgres -tAc "select 1 from pg_database where datname = '$name'")" ]; then
    presenca_psql "$data" "$port" -d postgres -c "create database \"$name\" owner presenca_owner"
  fi
}

# A TCP port on 127.0.0.1 that nothing listens on, from $1 upwards.
presenca_free_port() {
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

presenca_require_dotnet() {
  command -v dotnet >/dev/null 2>&1 || presenca_fail "le SDK .NET 10 est introuvable : installez-le (paquet dotnet-sdk-10.0 ou https://dot.net), puis relancez."
}

# presenca_throwaway_postgres NAME PORT_FROM [postgres settings...]
# For test.sh and the benchmarks: a cluster in a temporary folder ($PRESENCA_WORK) on a free port
# (searched from a random start above PORT_FROM, so parallel runs do not collide), stopped and
# deleted when the script exits, whatever happens. Creates the two roles and exports
# PRESENCA_<NAME>_POSTGRES_ADMIN, _OWNER and _APP (connection strings without a database).
presenca_throwaway_postgres() {
  local name="$1" from="$2"; shift 2
  local lower="${name,,}"
  PRESENCA_WORK="$(mktemp -d "/tmp/presenca-$lower.XXXXXX")"
  chmod 755 "$PRESENCA_WORK"
  trap presenca_throwaway_cleanup EXIT
  trap 'exit 130' INT TERM
  local port password
  port="$(presenca_free_port $((from + RANDOM % 1000)))"
  password="$lower-superuser-$RANDOM$RANDOM"
  presenca_pg_start "$PRESENCA_WORK/pg" "$port" "$password" "$@"
  presenca_pg_roles "$PRESENCA_WORK/pg" "$port" "presenca_owner_$lower" "presenca_app_$lower"
  export "PRESENCA_${name}_POSTGRES_ADMIN=Host=127.0.0.1;Port=$port;Username=postgres;Password=$password"
  export "PRESENCA_${name}_POSTGRES_OWNER=Host=127.0.0.1;Port=$port;Username=presenca_owner;Password=presenca_owner_$lower"
  export "PRESENCA_${name}_POSTGRES_APP=Host=127.0.0.1;Port=$port;Username=presenca_app;Password=presenca_app_$lower"
}

presenca_throwaway_cleanup() {
  presenca_pg_stop "$PRESENCA_WORK/pg"
  dotnet build-server shutdown >/dev/null 2>&1 || true
  rm -rf "$PRESENCA_WORK"
}
