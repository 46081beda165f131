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

log() { printf '[redis_server] %s\n' "$*" >&2; }
die() { printf '[redis_server] ERROR: %s\n' "$*" >&2; exit 1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

load_state() {
    [ -f "$STATE" ] || return 1
    # shellcheck disable=SC1090
    . "$STATE"
    [ -n "${REDIS_DIR:-}" ] && [ -n "${REDIS_PORT:-}" ]
}

pid_of() { [ -f "$REDIS_DIR/redis.pid" ] && cat "$REDIS_DIR/redis.pid"; }

is_running() {
    load_state || return 1
    local pid
    pid=$(pid_of 2>/dev/null) || return 1
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && redis_ping
}

redis_ping() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

url() { echo "redis://127.0.0.1:$REDIS_PORT/0"; }

write_state() {
    cat >"$STATE" <<EOF
REDIS_DIR='$REDIS_DIR'
REDIS_PORT='$REDIS_PORT'
EOF
}

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
    # Guard the rm: only ever delete a directory this script created.
    case "$REDIS_DIR" in
        */tilik-redis.*) rm -rf "$REDIS_DIR" ;;
        *) log "not deleting unexpected directory $REDIS_DIR" ;;
    esac
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

    local port=$FIRST_PORT tries=0 started=0
    while [ "$tries" -lt 20 ]; do
        if ! port_in_use "$port"; then
            # Another run may take the port between the check and the bind: then redis-server exits and
            # the next port is tried.
            if redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes --daemonize yes \
                --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
                --save '' --appendonly no >/dev/null 2>&1; then
                REDIS_PORT=$port
                for _ in $(seq 100); do redis_ping && break; sleep 0.05; done
                if redis_ping; then
                    started=1
                    break
                fi
                [ -f "$REDIS_DIR/redis.pid" ] && kill -KILL "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null || true
                rm -f "$REDIS_DIR/redis.pid"
            fi
        fi
        port=$((port + 1))
        tries=$((tries + 1))
    done
    if [ "$started" -ne 1 ]; then
        tail -n 20 "$REDIS_DIR/redis.log" >&2 2>/dev/null || true
        cmd_stop
        die "could not start redis-server on ports $FIRST_PORT..$port"
    fi
    write_state
    log "running on 127.0.0.1:$REDIS_PORT ($REDIS_DIR)"
    url
}

cmd_status() {
    if is_running; then
        url
    else
        echo "not running" >&2
        return 1
    fi
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
