#!/usr/bin/env bash
# Starts the services the tests need: a PostgreSQL cluster of Kiln's own, on 127.0.0.1 only.
# Idempotent: a second call returns at once while it runs. Writes the tests' connection string to
# $KILN_TEST_SERVICES_ENV (default /tmp/kiln-test-services.env, mode 0600), which test.sh sources; prints no secret.
set -euo pipefail
port=${KILN_TEST_POSTGRES_PORT:-55432}
data=${KILN_TEST_POSTGRES_DATA:-/var/lib/postgresql/kiln-test}
envfile=${KILN_TEST_SERVICES_ENV:-/tmp/kiln-test-services.env}
pwfile=$data.password

ready() { [ -x "${bin:-}/pg_isready" ] && "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; }
find_bin() { bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1); }

find_bin
if [ -z "$bin" ]; then
  echo "kiln: installing postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  find_bin
fi
if ready && [ -s "$envfile" ] && [ -s "$pwfile" ]; then exit 0; fi

# Run the server as postgres when we are root (it refuses to run as root); as ourselves otherwise.
if [ "$(id -u)" = 0 ]; then as() { runuser -u postgres -- "$@"; }; owner=postgres; else as() { "$@"; }; owner=$(id -un); fi

if [ ! -s "$data/PG_VERSION" ]; then
  mkdir -p "$data"
  chown "$owner" "$data"; chmod 700 "$data"
  as "$bin/initdb" -D "$data" -U postgres --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! ready; then
  # A throwaway test cluster: durability settings off buy speed; nothing here must survive a crash.
  as "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
fi

if [ ! -s "$pwfile" ]; then
  (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$pwfile")
fi
password=$(cat "$pwfile")
# SQL goes in on stdin, so the password never appears in a process list.
as "$bin/psql" -q -v ON_ERROR_STOP=1 -h "$data" -p "$port" -U postgres -d postgres >/dev/null <<SQL
SELECT 'CREATE ROLE kiln LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kiln') \gexec
ALTER ROLE kiln WITH LOGIN PASSWORD '$password';
SELECT 'CREATE DATABASE kiln_test OWNER kiln' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'kiln_test') \gexec
SQL

(umask 077; echo "export KILN_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Database=kiln_test;Username=kiln;Password=$password'" >"$envfile")
echo "kiln: test PostgreSQL ready on 127.0.0.1:$port (database kiln_test)" >&2
