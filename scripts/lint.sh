#!/usr/bin/env bash
# Static checks: ruff, mypy, import-linter. Settings live in pyproject.toml.
# Runs all three even when one fails, so one run shows every problem; exits
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

run ruff "$BIN/ruff" check .
run mypy "$BIN/mypy"
# import-linter needs the packages importable; `-e .` in .venv makes them so.
run import-linter "$BIN/lint-imports"

if [ "${#failed[@]}" -gt 0 ]; then
    printf '\nlint failed: %s\n' "${failed[*]}"
    exit 1
fi
printf '\nlint: all passed\n'
