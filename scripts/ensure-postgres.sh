#!/usr/bin/env bash
# Print a PostgreSQL URL the test suite can use: exactly one line on stdout, chatter on stderr.
#   1. the server on 127.0.0.1:5432, if it answers and lets "postgres" in without a password;
#   2. otherwise a private, test-only instance (installed with apt-get and started as needed).
# The role is always the superuser "postgres", because pytest-django creates test_* databases.
#
#   scripts/ensure-postgres.sh        start/reuse, print the URL
#   scripts/ensure-postgres.sh stop   stop the private instance
#
# OPSROOM_PG_FORCE_PRIVATE=1  skip step 1 (any value but empty or 0)
# OPSROOM_PG_DIR              private data dir (default <repo>/var/pg)
# OPSROOM_PG_PORT             private port (default 54329)
set -euo pipefail
umask 022  # directories we create must stay traversable by the postgres user

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
PORT=${OPSROOM_PG_PORT:-54329}
[[ $PORT =~ ^[0-9]+$ ]] || { echo "ensure-postgres: bad OPSROOM_PG_PORT '$PORT'" >&2; exit 1; }
[[ -z ${OPSROOM_PG_DIR:-} ]] || OPSROOM_PG_DIR=$(realpath -m -- "$OPSROOM_PG_DIR")
cd /  # the postgres user may not be able to enter the caller's cwd (e.g. /root)
# The URL carries no password, so the checks must not succeed thanks to one; nor hang.
unset PGPASSWORD PGSERVICE
export PGPASSFILE=/dev/null/none PGCONNECT_TIMEOUT=5  # a path that cannot exist

log() { echo "ensure-postgres: $*" >&2; }
die() { log "error: $*"; exit 1; }

# Postgres refuses to run as root, so as root run its tools as the postgres system user.
as_pg() {
    if ((EUID != 0)); then "$@"
    elif command -v runuser >/dev/null; then runuser -u postgres -- "$@"
    else su postgres -s /bin/bash -c "$(printf '%q ' "$@")"; fi
}

# True if 127.0.0.1:$1 answers and user postgres, without a password, may create databases.
usable() {
    if command -v pg_isready >/dev/null; then pg_isready -q -h 127.0.0.1 -p "$1" -U postgres -d postgres || return 1
    else timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null || return 1; fi
    command -v psql >/dev/null || return 1
    [[ $(psql -h 127.0.0.1 -p "$1" -U postgres -d postgres -w -XAtqc \
        'select rolsuper or rolcreatedb from pg_roles where rolname = current_user' 2>/dev/null) == t ]]
}

# The private data dir. A checkout the postgres user cannot enter (say, under /root) gets
# one in /var/tmp instead, keyed by the checkout's path so that reruns find it again.
pg_dir() {
    if [[ -n ${OPSROOM_PG_DIR:-} ]]; then echo "$OPSROOM_PG_DIR"
    elif as_pg test -x "$REPO" 2>/dev/null; then echo "$REPO/var/pg"
    else echo "/var/tmp/opsroom-pg-$(cksum <<<"$REPO" | cut -d' ' -f1)"; fi
}

# Server binaries of the data dir's major version (else the newest installed); empty if none.
pg_bin() {
    local v='*' f
    [[ -f $1/PG_VERSION ]] && v=$(<"$1/PG_VERSION")
    f=$(printf '%s\n' /usr/lib/postgresql/$v/bin/pg_ctl | sort -V | tail -n1)
    if [[ -x $f && -x ${f%/pg_ctl}/initdb ]]; then echo "${f%/pg_ctl}"; fi
}

# True if the lock file $1 was left by a killed server: its pid is gone, a zombie (a container
# whose pid 1 reaps slowly or never; pg_ctl would take it for a live server), or now belongs to
# another program (pid reuse after a restart: postgres would refuse to start), or, with $2,
# to a postgres running in another directory.
stale_lock() {
    local pid cwd
    pid=$(head -n1 "$1" 2>/dev/null) || return 1
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == postgres ]] || return 0
    grep -q '^State:[[:space:]]*[ZX]' "/proc/$pid/status" 2>/dev/null && return 0
    [[ -n ${2:-} ]] && cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) && [[ $cwd != "$2" ]]
}

stop() {
    local dir bin
    dir=$(pg_dir) bin=$(pg_bin "$dir")
    if [[ -n $bin && -f $dir/postmaster.pid ]] && as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        as_pg "$bin/pg_ctl" -D "$dir" -m fast -w stop
    else
        log "no private instance running in $dir"
    fi
}

main() {
    if [[ ${1:-} == stop ]]; then stop; return; fi

    if [[ ${OPSROOM_PG_FORCE_PRIVATE:-0} == 0 ]] && usable 5432; then
        log "using the server on 127.0.0.1:5432"
        URL=postgresql://postgres@127.0.0.1:5432/postgres
        return
    fi

    if ((EUID == 0)) && ! getent passwd postgres >/dev/null; then
        useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
    local dir bin
    dir=$(pg_dir)
    if [[ -z $(pg_bin "$dir") ]]; then
        ((EUID == 0)) || die "PostgreSQL server binaries not found; install the 'postgresql' package"
        log "installing PostgreSQL (apt-get)..."
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq </dev/null
        apt-get install -y -qq --no-install-recommends postgresql </dev/null
        getent passwd postgres >/dev/null || die "the postgresql package did not create user postgres"
    fi
    bin=$(pg_bin "$dir")
    [[ -n $bin ]] || die "$dir was created by PostgreSQL $(cat "$dir/PG_VERSION"), which is not installed; delete it or install postgresql-$(cat "$dir/PG_VERSION")"
    export PATH="$bin:$PATH"  # so that usable() uses this version's pg_isready and psql

    mkdir -p "$dir"
    if ((EUID == 0)) && [[ $(stat -c %U "$dir") != postgres ]]; then chown -R postgres: "$dir"; fi
    as_pg test -w "$dir" || die "user postgres cannot write $dir (is a parent directory closed to it?); set OPSROOM_PG_DIR"
    # Two concurrent runs (say, two `make test`) must not both initdb or start.
    exec 9<"$dir"
    flock -w 120 9 || die "timed out waiting for another ensure-postgres.sh on $dir"

    local pidfile=$dir/postmaster.pid sockl=/tmp/.s.PGSQL.$PORT.lock
    if [[ -f $pidfile ]] && stale_lock "$pidfile" "$dir"; then log "removing stale $pidfile"; rm -f "$pidfile"; fi
    if [[ -f $sockl ]] && stale_lock "$sockl"; then log "removing stale $sockl"; rm -f "$sockl"; fi

    if as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
        local running; running=$(sed -n 4p "$pidfile")  # line 4 of postmaster.pid is the port
        [[ $running == "$PORT" ]] || die "the instance in $dir listens on port $running, not $PORT; run '$0 stop' first"
        log "reusing the private instance in $dir on port $PORT"
    else
        if [[ ! -f $dir/PG_VERSION ]]; then
            log "creating a private cluster in $dir"
            as_pg "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
        fi
        log "starting a private instance in $dir on 127.0.0.1:$PORT"
        # Test-only data: durability is traded for speed. The socket goes to /tmp, as a data dir
        # path can exceed the 107-byte limit of socket paths. 9>&-: the server must not hold our lock.
        as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 -o "-p $PORT -k /tmp \
            -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >/dev/null 9>&- || { tail -n 20 "$dir/server.log" >&2 || true; die "could not start PostgreSQL (log: $dir/server.log)"; }
    fi
    for _ in {1..30}; do
        if usable "$PORT"; then URL=postgresql://postgres@127.0.0.1:$PORT/postgres; return; fi
        sleep 1
    done
    die "the private instance on 127.0.0.1:$PORT did not accept user postgres within 30 s (log: $dir/server.log)"
}

URL=
main "$@" >&2  # anything a tool prints goes to stderr: stdout carries only the URL
[[ -z $URL ]] || echo "$URL"
