#!/usr/bin/env bash
# `make demo`: a working Tilik with the synthetic Denpasar data on http://127.0.0.1:8000.
#
# Uses tilik.settings.dev (SQLite at var/tilik.sqlite3) unless DJANGO_SETTINGS_MODULE
# or DATABASE_URL say otherwise. Re-running keeps the existing data (`demo --if-absent`).
# Starts the background worker (`tilik worker`) beside the web server; Ctrl-C stops both.
# DEMO_ADDRPORT changes the address (default 127.0.0.1:8000).
# Set DEMO_NO_SERVE=1 to prepare everything but not start the server. It also writes the demo year's
# evaluation report to var/reports/ (DEMO_NO_REPORT=1 skips that).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
TILIK="$ROOT/.venv/bin/tilik"

bash scripts/bootstrap.sh

log() { printf '[demo] %s\n' "$*" >&2; }

log "migrate"
"$TILIK" migrate --noinput

# The compiled .mo catalogues are committed, so normally there is nothing to do.
# Compile only when one is missing, or when a .po is newer and msgfmt (gettext)
# is installed anyway. Never fail on this: without a catalogue Django falls back
# to the source strings, which are already Indonesian.
need_compile=0
while IFS= read -r po; do
    mo="${po%.po}.mo"
    if [ ! -f "$mo" ]; then
        need_compile=1
    elif [ "$po" -nt "$mo" ] && command -v msgfmt >/dev/null; then
        need_compile=1
    fi
done < <(find tilik analysis -name '*.po' -path '*/LC_MESSAGES/*' 2>/dev/null)
if [ "$need_compile" -eq 1 ]; then
    if command -v msgfmt >/dev/null; then
        log "compilemessages"
        "$TILIK" compilemessages --ignore=.venv
    else
        log "WARNING: a .mo catalogue is missing and msgfmt is not installed (apt-get install gettext); continuing"
    fi
fi

log "collectstatic"
"$TILIK" collectstatic --noinput -v 0

log "demo data"
"$TILIK" demo --if-absent

# Issue 8: the demo year's full evaluation report, DOCX and PDF, from one gathering of the findings
# (about half the time of two separate runs). Set DEMO_NO_REPORT=1 to skip it on a re-run.
if [ "${DEMO_NO_REPORT:-0}" != 1 ]; then
    reports_dir="${TILIK_VAR_DIR:-$ROOT/var}/reports"
    log "evaluation report of the demo year (DOCX and PDF) -> $reports_dir"
    if written=$("$TILIK" report --latest-year --format docx,pdf --output "$reports_dir/laporan-evaluasi-{year}"); then
        while IFS= read -r file; do log "report written: $file"; done <<< "$written"
    else
        log "WARNING: the report could not be written (see the error above); the demo still starts"
    fi
fi

if [ "${DEMO_NO_SERVE:-0}" = 1 ]; then
    log "ready (DEMO_NO_SERVE=1: not starting the server; run: .venv/bin/tilik serve and .venv/bin/tilik worker)"
    exit 0
fi

# Issue 18: the background worker (reports and other long work) runs beside the web server. Ctrl-C
# reaches both (one process group); the worker finishes its current job first (given up to 30 s).
worker_pid=""
interrupted=0
stop_worker() {
    [ -n "$worker_pid" ] || return 0
    # Ctrl-C in the terminal already reached the worker; a second SIGINT would abort its job.
    [ "$interrupted" = 1 ] || kill -INT "$worker_pid" 2>/dev/null || true
    for _tick in $(seq 60); do
        kill -0 "$worker_pid" 2>/dev/null || return 0
        sleep 0.5
    done
    log "worker still busy after 30 s: stopping it (its job is picked up again at the next start)"
    kill -TERM "$worker_pid" 2>/dev/null || true
    wait "$worker_pid" 2>/dev/null || true
}
if [ "${TILIK_TASK_BACKEND:-database}" = immediate ]; then
    log "TILIK_TASK_BACKEND=immediate: jobs run inside the request, no worker"
else
    "$TILIK" worker &
    worker_pid=$!
    log "worker started (pid $worker_pid)"
fi
trap stop_worker EXIT
trap 'interrupted=1; exit 130' INT
trap 'exit 143' TERM
"$TILIK" serve "${DEMO_ADDRPORT:-127.0.0.1:8000}"
