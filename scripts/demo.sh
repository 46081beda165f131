#!/usr/bin/env bash
# `make demo`: a working Tilik with the synthetic Denpasar data on http://127.0.0.1:8000.
#
# Uses tilik.settings.dev (SQLite at var/tilik.sqlite3) unless DJANGO_SETTINGS_MODULE
# or DATABASE_URL say otherwise. Re-running keeps the existing data (`demo --if-absent`).
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
    log "ready (DEMO_NO_SERVE=1: not starting the server; run: .venv/bin/tilik serve)"
    exit 0
fi
exec "$TILIK" serve
