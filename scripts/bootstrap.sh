#!/usr/bin/env bash
# Prepare a checkout for `make demo` / `make test` / `make lint` / `make bench`.
#
#   scripts/bootstrap.sh            the virtualenv (.venv) with Tilik and its dev tools
#   scripts/bootstrap.sh --system   also Debian's postgresql, chromium, nginx (the stack
#                                   test in tests/stack), redis-server (the RQ backend's
#                                   tests; its service is not enabled) and the Pango libraries
#                                   WeasyPrint needs (for `make test`)
#
# Idempotent: every step checks first and does nothing when already done, so the
# Makefile can call it before every target.
#
# Environment:
#   PYTHON            interpreter used to create .venv (default: python3; must be 3.11)
#   TILIK_CHROMIUM    browser the Playwright tests drive (default: /usr/bin/chromium)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

VENV="$ROOT/.venv"
STAMP="$VENV/.tilik-bootstrap.stamp"
PYTHON=${PYTHON:-python3}
CHROMIUM=${TILIK_CHROMIUM:-/usr/bin/chromium}

WANT_SYSTEM=0
for arg in "$@"; do
    case "$arg" in
        --system) WANT_SYSTEM=1 ;;
        -h | --help) awk 'NR > 1 && /^set /{exit} NR > 1' "$0"; exit 0 ;;
        *) echo "bootstrap.sh: unknown argument: $arg" >&2; exit 2 ;;
    esac
done

log() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# --- Debian packages --------------------------------------------------------

APT_UPDATED=0
apt_install() {
    # Only root may install; a normal user gets the exact command to run instead,
    # because silently skipping would let the tests "pass" without PostgreSQL or
    # a browser.
    if ! is_root; then
        die "missing system packages: $*. Install them first: sudo apt-get install $*"
    fi
    command -v apt-get >/dev/null || die "missing system packages ($*) and no apt-get on this machine"
    export DEBIAN_FRONTEND=noninteractive
    # A fresh machine may still be running unattended-upgrades: wait for the dpkg
    # lock instead of failing.
    local apt_opts=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
    if [ "$APT_UPDATED" -eq 0 ]; then
        log "apt-get update"
        apt-get "${apt_opts[@]}" update -q >&2
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    # No recommends: they would pull in desktop extras and cost minutes on CI.
    apt-get "${apt_opts[@]}" install -y -q --no-install-recommends "$@" >&2
}

pg_bindir() {
    # Newest installed PostgreSQL major version (Debian keeps them side by side).
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    done
    return 1
}

# WeasyPrint (PDF reports) loads Pango and HarfBuzz with dlopen at run time;
# pip cannot install them. These are the packages its documentation lists for
# Debian. Prints the missing ones.
missing_pdf_libs() {
    local libs
    libs=$(PATH="$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null || true)
    grep -q 'libpango-1\.0\.so\.0 ' <<<"$libs" || echo libpango-1.0-0
    grep -q 'libpangoft2-1\.0\.so\.0 ' <<<"$libs" || echo libpangoft2-1.0-0
    grep -q 'libharfbuzz-subset\.so\.0 ' <<<"$libs" || echo libharfbuzz-subset0
}

ensure_system_packages() {
    local missing=()
    pg_bindir >/dev/null || missing+=(postgresql)
    [ -x "$CHROMIUM" ] || missing+=(chromium)
    # pdftoppm: the report tests keep the PDF's first pages as PNG for a person to look at.
    command -v pdftoppm >/dev/null || missing+=(poppler-utils)
    # nginx: tests/stack runs deploy/nginx in front of gunicorn (its own config, loopback port).
    [ -x /usr/sbin/nginx ] || missing+=(nginx)
    # redis-server: the RQ task backend's tests (scripts/test.sh step tasks-rq starts its own server).
    local new_redis=0
    command -v redis-server >/dev/null || { missing+=(redis-server); new_redis=1; }
    # shellcheck disable=SC2207
    missing+=($(missing_pdf_libs))
    if [ "${#missing[@]}" -gt 0 ]; then
        apt_install "${missing[@]}"
    fi
    if [ "$new_redis" -eq 1 ] && command -v systemctl >/dev/null; then
        # The tests start their own server on a free port: the package's system service stays off.
        systemctl disable --now redis-server.service >/dev/null 2>&1 || true
    fi
    command -v redis-server >/dev/null || die "redis-server not found after installing it"
    pg_bindir >/dev/null || die "PostgreSQL binaries not found in /usr/lib/postgresql/*/bin"
    [ -x "$CHROMIUM" ] || die "Chromium not found at $CHROMIUM"
    [ -x /usr/sbin/nginx ] || die "nginx not found at /usr/sbin/nginx"
    if is_root && ! id postgres >/dev/null 2>&1; then
        # initdb/postgres refuse to run as root; the cluster script runs them as
        # the `postgres` user that Debian's package creates.
        die "running as root but there is no 'postgres' system user to run the test cluster"
    fi
}

# --- Python -----------------------------------------------------------------

ensure_python() {
    if ! command -v "$PYTHON" >/dev/null; then
        [ "$PYTHON" = python3 ] || die "PYTHON=$PYTHON not found"
        apt_install python3 python3-venv
    fi
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' ||
        die "$PYTHON is $("$PYTHON" -V 2>&1); Tilik needs Python 3.11 (set PYTHON=python3.11)"
}

venv_is_healthy() {
    # A venv is only usable where it was created: its scripts carry absolute
    # shebangs and its python is a symlink to the creating interpreter. A copied
    # or committed .venv (or one whose base Python vanished) must be rebuilt.
    [ -x "$VENV/bin/python" ] || return 1
    "$VENV/bin/python" - "$VENV" <<'EOF' >/dev/null 2>&1 || return 1
import os, sys
venv = os.path.realpath(sys.argv[1])
assert sys.version_info[:2] == (3, 11)
assert os.path.realpath(sys.prefix) == venv
# Scripts written at creation time name the venv's own bin/ in their shebang.
# Compare directories: resolving the interpreter itself would follow the symlink
# to the base Python, identical for every venv made from it.
with open(os.path.join(venv, "bin", "pip")) as f:
    shebang = f.readline()[2:].strip().split()[0]
assert os.path.realpath(os.path.dirname(shebang)) == os.path.join(venv, "bin"), shebang
EOF
}

create_venv() {
    log "creating $VENV with $("$PYTHON" -V 2>&1)"
    rm -rf "$VENV"
    if ! "$PYTHON" -m venv "$VENV" >&2; then
        # Debian splits venv/ensurepip into python3-venv.
        rm -rf "$VENV"
        apt_install python3-venv
        "$PYTHON" -m venv "$VENV" >&2 || die "python3 -m venv failed"
    fi
}

wanted_stamp() {
    # Reinstall when the dependency declarations, the interpreter or the checkout
    # location change. A content hash, not mtimes: a fresh `git clone` gives every
    # file the same checkout time, so "newer than" would be meaningless there.
    {
        sha256sum pyproject.toml constraints.txt
        "$VENV/bin/python" -VV
        echo "$ROOT"
    } | sha256sum | cut -d' ' -f1
}

ensure_venv() {
    ensure_python
    if ! venv_is_healthy; then
        [ -e "$VENV" ] && log "$VENV is unusable here (copied, committed or its Python is gone); rebuilding"
        create_venv
    fi
    local want
    want=$(wanted_stamp)
    if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
        return 0
    fi
    log "pip install -c constraints.txt -e '.[dev]'"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --progress-bar off \
        -c constraints.txt -e '.[dev]' >&2
    echo "$want" >"$STAMP"
    log "virtualenv ready"
}

if [ "$WANT_SYSTEM" -eq 1 ]; then
    ensure_system_packages
else
    # `make demo` needs no root: without these libraries only the PDF export fails.
    pdf_missing=$(missing_pdf_libs | tr '\n' ' ')
    if [ -n "$pdf_missing" ]; then
        log "note: PDF reports need Debian packages that are missing: ${pdf_missing}(apt-get install them)"
    fi
fi
ensure_venv
