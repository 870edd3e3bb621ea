#!/usr/bin/env bash
# Sourced by run.sh, test.sh and load.sh: makes sure PostgreSQL 15 is installed and a
# private cluster of this checkout is running on a free loopback port, then exports
#   PG_ADMIN_CONNECTION  an Npgsql connection string to its `postgres` database
#   PG_PORT, PG_DATA     where the cluster listens and lives.
# The cluster is ours alone (own data folder, own port, own password), so it never
# touches a system PostgreSQL that may already run on the machine.
#
# Run as a command it manages a throwaway cluster in a folder of the caller's (the
# outage test uses it): `postgres.sh start|stop DIR`; start prints the connection string
# and, once the cluster has a port, keeps it across restarts.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

pg_bin_dir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

ensure_postgres_installed() {
  if ! pg_bin_dir >/dev/null; then
    echo "PostgreSQL is not installed: installing Debian's postgresql package..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
  fi
  PG_BIN=$(pg_bin_dir)
}

# PostgreSQL refuses to run as root: as root every server command runs as `postgres`.
as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# The cluster lives in .data/ of the checkout, unless the postgres user cannot reach
# it there (a checkout inside a private temporary folder): then in a folder of /tmp
# named after the checkout.
choose_data_dir() {
  if [ -n "${PG_HOME:-}" ]; then
    PG_DATA="$PG_HOME/data"
    return
  fi
  mkdir -p "$repo_root/.data"
  if [ "$(id -u)" -ne 0 ] || runuser -u postgres -- test -x "$repo_root/.data" 2>/dev/null; then
    PG_HOME="$repo_root/.data/postgres"
  else
    PG_HOME="/tmp/empfio-leads-postgres-$(echo -n "$repo_root" | md5sum | cut -c1-12)"
  fi
  PG_DATA="$PG_HOME/data"
}

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start_private_cluster() {
  ensure_postgres_installed
  choose_data_dir
  mkdir -p "$PG_HOME"
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_HOME"

  if [ ! -f "$PG_HOME/password" ]; then
    head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$PG_HOME/password"
  fi
  chmod 644 "$PG_HOME/password"
  PG_PASSWORD=$(cat "$PG_HOME/password")

  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    echo "Creating a private PostgreSQL cluster in $PG_DATA" >&2
    # C.UTF-8 keeps sorting byte-wise but makes lower() and ILIKE Unicode-aware.
    as_pg_user "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
      --auth-local=trust --auth-host=scram-sha-256 --pwfile="$PG_HOME/password" >/dev/null
  fi

  PG_STARTED_HERE=0
  if as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    PG_PORT=$(cat "$PG_HOME/port")
  else
    PG_STARTED_HERE=1
    # Below Linux's ephemeral range (32768-60999), so an outgoing connection's local port
    # cannot take it; and if the port is taken anyway between the check and the bind
    # (another cluster starting), the next one is tried. The result is checked here:
    # callers run this in && lists, where set -e does not stop a failed pg_ctl.
    PG_PORT=$(cat "$PG_HOME/port" 2>/dev/null || echo 25432)
    local attempt
    for attempt in 1 2 3 4 5; do
      while ! port_is_free "$PG_PORT"; do PG_PORT=$((PG_PORT + 1)); done
      echo "$PG_PORT" > "$PG_HOME/port"
      if as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_HOME/server.log" -w -t 60 start \
          -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories='$PG_HOME' -c max_connections=200" >/dev/null; then
        break
      fi
      if [ "$attempt" -eq 5 ]; then
        echo "PostgreSQL did not start; its log:" >&2
        tail -20 "$PG_HOME/server.log" >&2
        return 1
      fi
      PG_PORT=$((PG_PORT + 1))
    done
  fi
  export PG_PORT PG_DATA PG_HOME
  export PG_ADMIN_CONNECTION="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD;Database=postgres"
}

stop_private_cluster() {
  [ -n "${PG_DATA:-}" ] || return 0
  as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-} ${2:-}" in
    "start "?*) PG_HOME=$2 start_private_cluster && echo "$PG_ADMIN_CONNECTION" ;;
    "stop "?*) PG_HOME=$2 ensure_postgres_installed && PG_HOME=$2 choose_data_dir && stop_private_cluster ;;
    *) echo "usage: postgres.sh start|stop DIR" >&2; exit 2 ;;
  esac
fi
