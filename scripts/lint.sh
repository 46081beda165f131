#!/usr/bin/env bash
# Static checks: ruff, mypy, import-linter, pip-audit. Settings live in pyproject.toml.
# Runs all of them even when one fails, so one run shows every problem; exits
# non-zero if any failed. Expects .venv (scripts/bootstrap.sh makes it).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BIN="$ROOT/.venv/bin"
# mypy's django plugin imports the settings; test settings need no secret or database.
export DJANGO_SETTINGS_MODULE=tilik.settings.test

failed=()
run() {
    local name=$1
    shift
    printf '\n=== lint: %s\n' "$name"
    if "$@"; then
        echo "--- $name: ok"
    else
        echo "--- $name: FAILED (exit $?)"
        failed+=("$name")
    fi
}

mypy_once_more_on_crash() {
    # mypy's incremental cache can get into a state that crashes mypy ("INTERNAL
    # ERROR", exit 2), e.g. after several processes wrote the same .mypy_cache.
    # A crash is not a lint result: retry once with a fresh cache.
    local out rc
    out=$(mktemp)
    "$BIN/mypy" "$@" 2>&1 | tee "$out"
    rc=${PIPESTATUS[0]}
    if [ "$rc" -eq 2 ] && grep -q "INTERNAL ERROR" "$out"; then
        echo "mypy crashed; retrying with a fresh cache"
        rm -rf .mypy_cache
        "$BIN/mypy" "$@"
        rc=$?
    fi
    rm -f "$out"
    return "$rc"
}

run ruff "$BIN/ruff" check .
run mypy mypy_once_more_on_crash
# import-linter needs the packages importable; `-e .` in .venv makes them so.
run import-linter "$BIN/lint-imports"
# Known vulnerabilities in the pinned dependencies (pip-audit on constraints.txt). Without the
# advisory service (no network) it prints "skipped: no network" and passes.
run pip-audit "$BIN/python" -m tilik.core.security.dependency_audit constraints.txt

if [ "${#failed[@]}" -gt 0 ]; then
    printf '\nlint failed: %s\n' "${failed[*]}"
    exit 1
fi
printf '\nlint: all passed\n'
