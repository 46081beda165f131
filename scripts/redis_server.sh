#!/usr/bin/env bash
# A throwaway Redis server for the RQ task backend's tests (TILIK_TASK_BACKEND=rq), like pg_cluster.sh.
#
#   scripts/redis_server.sh start    start redis-server on a free loopback port; prints TILIK_REDIS_URL
#   scripts/redis_server.sh stop     stop it and delete its directory (no-op when not running)
#   scripts/redis_server.sh status   exit 0 and print the URL when running
#
# It listens on 127.0.0.1 only (protected mode on, no password: nothing outside this machine can reach
# it), keeps nothing on disk (no RDB snapshots, no AOF) and lives in a temporary directory. Debian's
# redis-server package provides the binary (scripts/bootstrap.sh --system installs it without enabling
# the system service: the tests start their own).
#
# Environment:
#   TILIK_REDIS_STATE  file recording the running server (default: var/redis_server.env); scripts/test.sh
#                      gives each run its own
#   TILIK_REDIS_TMP    parent of the server's directory (default: /tmp)
#   TILIK_REDIS_PORT   first port to try (default: 6391)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${TILIK_REDIS_STATE:-$ROOT/var/redis_server.env}
REDIS_TMP=${TILIK_REDIS_TMP:-/tmp}
FIRST_PORT=${TILIK_REDIS_PORT:-6391}

NAME=redis_server
STATE_VARS=(REDIS_DIR REDIS_PORT)
# shellcheck source=scripts/_throwaway_server.sh
. "$ROOT/scripts/_throwaway_server.sh"

pid_of() { [ -f "$REDIS_DIR/redis.pid" ] && cat "$REDIS_DIR/redis.pid"; }

is_running() {
    load_state || return 1
    local pid
    pid=$(pid_of 2>/dev/null) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && redis_ping
}

redis_ping() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

url() { echo "redis://127.0.0.1:$REDIS_PORT/0"; }

cmd_stop() {
    if ! load_state; then
        rm -f "$STATE"
        return 0
    fi
    local pid
    pid=$(pid_of 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        log "stopping redis-server on port $REDIS_PORT (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    remove_own_dir "$REDIS_DIR" tilik-redis
    rm -f "$STATE"
}

cmd_start() {
    if is_running; then
        log "already running on port $REDIS_PORT"
        url
        return 0
    fi
    cmd_stop # clear a stale state file / directory from an interrupted run
    command -v redis-server >/dev/null ||
        die "redis-server not installed (run scripts/bootstrap.sh --system as root, or apt-get install redis-server)"
    mkdir -p "$(dirname "$STATE")"
    REDIS_DIR=$(mktemp -d "$REDIS_TMP/tilik-redis.XXXXXX")
    REDIS_PORT=0
    write_state # recorded at once, so a failure below is still cleaned up by `stop`

    start_on_free_port redis_start_on || give_up "$REDIS_DIR/redis.log" 20 redis-server
    REDIS_PORT=$PORT
    write_state
    log "running on 127.0.0.1:$REDIS_PORT ($REDIS_DIR)"
    url
}

# redis_start_on PORT: start redis-server there and wait until it answers.
redis_start_on() {
    redis-server --bind 127.0.0.1 --port "$1" --protected-mode yes --daemonize yes \
        --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
        --save '' --appendonly no >/dev/null 2>&1 || return 1
    REDIS_PORT=$1
    for _ in $(seq 100); do redis_ping && return 0; sleep 0.05; done
    [ -f "$REDIS_DIR/redis.pid" ] && kill -KILL "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null || true
    rm -f "$REDIS_DIR/redis.pid"
    return 1
}

throwaway_main "$@"
