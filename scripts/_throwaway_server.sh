# Sourced by pg_cluster.sh and redis_server.sh: what a throwaway server for the tests shares whatever it
# runs — a state file naming it, a free loopback port, a guarded delete of its directory, and the
# start|stop|status commands.
#
# The sourcing script sets NAME (the log prefix), STATE (the state file), FIRST_PORT and STATE_VARS (the
# variables the state file records, all required), and defines cmd_start, cmd_stop, is_running and url.

log() { printf '[%s] %s\n' "$NAME" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$NAME" "$*" >&2; exit 1; }

# bash's /dev/tcp: the connect succeeds only if something listens there.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

load_state() {
    [ -f "$STATE" ] || return 1
    # shellcheck disable=SC1090
    . "$STATE"
    local var
    for var in "${STATE_VARS[@]}"; do [ -n "${!var:-}" ] || return 1; done
}

write_state() {
    local var
    : >"$STATE"
    for var in "${STATE_VARS[@]}"; do printf "%s='%s'\n" "$var" "${!var}" >>"$STATE"; done
}

# remove_own_dir DIR PREFIX: delete DIR only if it is one this script made (mktemp "$TMP/PREFIX.XXXXXX").
remove_own_dir() {
    case "$1" in
        */"$2".*) rm -rf "$1" ;;
        *) log "not deleting unexpected directory $1" ;;
    esac
}

# start_on_free_port START_FN: call START_FN PORT for each free port from FIRST_PORT (20 ports) until it
# succeeds; sets PORT. Another run may take a port between the check and the bind: then START_FN fails
# and the next port is tried. On failure LAST_PORT is the last port tried.
start_on_free_port() {
    local start_fn=$1 port=$FIRST_PORT tries=0
    while [ "$tries" -lt 20 ]; do
        if ! port_in_use "$port" && "$start_fn" "$port"; then
            PORT=$port
            return 0
        fi
        port=$((port + 1))
        tries=$((tries + 1))
    done
    LAST_PORT=$port
    return 1
}

# give_up LOG LINES WHAT: show the end of the server's log, clean up, and stop with an error.
give_up() {
    tail -n "$2" "$1" >&2 2>/dev/null || true
    cmd_stop
    die "could not start $3 on ports $FIRST_PORT..$LAST_PORT"
}

cmd_status() {
    if is_running; then
        url
    else
        echo "not running" >&2
        return 1
    fi
}

throwaway_main() {
    case "${1:-}" in
        start) cmd_start ;;
        stop) cmd_stop ;;
        status) cmd_status ;;
        *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
    esac
}
