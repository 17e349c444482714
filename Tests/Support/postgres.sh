#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (the PostgreSQL journal backend).
#
#   eval "$(Tests/Support/postgres.sh start)"   # prints export lines: MENTORKIT_TEST_POSTGRES=postgres://...
#   Tests/Support/postgres.sh stop              # stops it and removes its folder
#
# The server programs come from Debian's postgresql package, off PATH (dpkg -L postgresql-15, or
# /usr/lib/postgresql/*/bin). PostgreSQL refuses to run as root: as root, initdb and pg_ctl run as
# the `postgres` user (runuser). The server listens on 127.0.0.1 only, on a free port, with trust
# authentication (it holds nothing but test data, and goes away at stop).
set -euo pipefail

state_file="${TMPDIR:-/tmp}/mentorkit-test-postgres.dir"

find_bin() {
    local initdb=""
    if command -v dpkg >/dev/null 2>&1; then
        initdb="$(dpkg -L postgresql-15 2>/dev/null | grep 'bin/initdb$' | head -n1 || true)"
    fi
    if [ -z "$initdb" ]; then
        initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1 || true)"
    fi
    if [ -z "$initdb" ]; then initdb="$(command -v initdb || true)"; fi
    if [ -z "$initdb" ]; then
        echo "postgres.sh: no initdb found; install PostgreSQL's server (apt-get install postgresql)" >&2
        exit 1
    fi
    dirname "$initdb"
}

as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local bin dir port
    bin="$(find_bin)"
    dir="$(mktemp -d "${TMPDIR:-/tmp}/mentorkit-postgres.XXXXXX")"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    chmod 700 "$dir"
    port="$(free_port)"
    as_server_user "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" -w start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "$dir" >"$state_file"
    echo "export MENTORKIT_TEST_POSTGRES=postgres://postgres@127.0.0.1:$port/postgres"
    echo "export MENTORKIT_TEST_POSTGRES_DIR=$dir"
}

stop() {
    local dir="${MENTORKIT_TEST_POSTGRES_DIR:-}"
    if [ -z "$dir" ] && [ -f "$state_file" ]; then dir="$(cat "$state_file")"; fi
    if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then return 0; fi
    as_server_user "$(find_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    rm -f "$state_file"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
