#!/usr/bin/env bash
# `make test`: everything CI checks, from a fresh clone.
#
#   1. bootstrap: .venv + Python packages; as root also Debian's postgresql and chromium
#   2. lint (ruff, mypy, import-linter)
#   3. missing migrations (makemigrations --check --dry-run)
#   4. pytest on SQLite            (all tests except the browser ones)
#   5. pytest on PostgreSQL        (same tests minus the database-free analysis/, on a
#                                   throwaway cluster from scripts/pg_cluster.sh)
#   5b. tasks-rq                   the background-job tests (marker `tasks`) again with
#                                   TILIK_TASK_BACKEND=rq, against a throwaway redis-server
#                                   from scripts/redis_server.sh
#   6. browser tests               (Playwright driving /usr/bin/chromium against live_server)
#
# Every step runs even after an earlier one failed, so one CI run reports every
# problem; the summary at the end lists each step's result and time, and the
# exit status is non-zero if any step failed. The PostgreSQL cluster and the Redis
# server are always stopped (EXIT trap), also on failure or Ctrl-C.
#
# Environment:
#   TEST_WORKERS   pytest-xdist workers for steps 4-5 (default 2; 0 or 1 = no xdist)
#   PYTEST_ARGS    extra pytest arguments for steps 4-6 (e.g. "-k enrolment -x")
#   TEST_STEPS     space-separated subset to run: "lint migrations sqlite postgres tasks-rq browser"
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BIN="$ROOT/.venv/bin"
WORKERS=${TEST_WORKERS:-2}
STEPS=${TEST_STEPS:-lint migrations sqlite postgres tasks-rq browser}
read -r -a EXTRA <<<"${PYTEST_ARGS:-}"
REPORTS="$ROOT/var/test-reports"

T0=$SECONDS
echo "=== bootstrap"
bash scripts/bootstrap.sh --system || { echo "bootstrap failed; nothing was tested" >&2; exit 1; }

mkdir -p "$REPORTS"
export DJANGO_SETTINGS_MODULE=tilik.settings.test
# Keep the developer's DATABASE_URL (e.g. a real server) out of the SQLite run.
unset DATABASE_URL

# Each run gets its own cluster state file, so two `make test` in one checkout
# (two engineers, or an editor's test runner) never stop each other's cluster.
export TILIK_PG_STATE="$ROOT/var/pg_cluster.$$.env"
# A run killed with SIGKILL cannot stop its cluster; stop those of dead runs now.
for state in "$ROOT"/var/pg_cluster.*.env; do
    [ -e "$state" ] || continue
    pid=${state##*/pg_cluster.}
    pid=${pid%.env}
    if ! kill -0 "$pid" 2>/dev/null; then
        TILIK_PG_STATE=$state bash scripts/pg_cluster.sh stop || true
    fi
done
export TILIK_REDIS_STATE="$ROOT/var/redis_server.$$.env"
for state in "$ROOT"/var/redis_server.*.env; do
    [ -e "$state" ] || continue
    pid=${state##*/redis_server.}
    pid=${pid%.env}
    if ! kill -0 "$pid" 2>/dev/null; then
        TILIK_REDIS_STATE=$state bash scripts/redis_server.sh stop || true
    fi
done
cleanup() {
    bash scripts/pg_cluster.sh stop || true
    bash scripts/redis_server.sh stop || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

results=()
failed=0
step() {
    # step NAME COMMAND...: run, time and record one step; never aborts the script.
    local name=$1 start=$SECONDS rc
    shift
    case " $STEPS " in *" $name "*) ;; *) results+=("$(printf '%-11s %-8s' "$name" skipped)"); return 0 ;; esac
    printf '\n=== %s\n' "$name"
    "$@"
    rc=$?
    local status=ok
    # Any non-zero status fails, including pytest's 5 ("no tests collected"):
    # a suite that silently collects nothing must not pass.
    if [ "$rc" -ne 0 ]; then status="FAILED($rc)"; failed=1; fi
    results+=("$(printf '%-11s %-11s %4ds' "$name" "$status" $((SECONDS - start)))")
}

xdist_args=()
if [ "$WORKERS" -gt 1 ]; then xdist_args=(-n "$WORKERS"); fi

pytest_suite() {
    # pytest_suite LABEL [ARGS...]: the whole suite except browser tests.
    local label=$1
    shift
    "$BIN/pytest" -m "not browser" "${xdist_args[@]}" --durations=15 \
        --junitxml="$REPORTS/$label.xml" "$@" "${EXTRA[@]}"
}

pytest_postgres() {
    local url
    url=$(bash scripts/pg_cluster.sh start) || { echo "could not start PostgreSQL" >&2; return 1; }
    echo "DATABASE_URL=$url"
    # analysis/ never touches a database (import-linter checks that it imports
    # no Django), so a second run would only repeat the same arithmetic, and its
    # simulation studies are the slowest tests of all.
    DATABASE_URL=$url pytest_suite postgres --ignore=analysis
}

pytest_tasks_rq() {
    # The job tests marked `tasks` again on the RQ backend, against a real redis-server (SQLite database).
    local url rc
    url=$(bash scripts/redis_server.sh start) || { echo "could not start redis-server" >&2; return 1; }
    echo "TILIK_REDIS_URL=$url"
    TILIK_TASK_BACKEND=rq TILIK_REDIS_URL=$url "$BIN/pytest" -m "tasks and not browser" "${xdist_args[@]}" \
        --durations=5 --junitxml="$REPORTS/tasks-rq.xml" "${EXTRA[@]}"
    rc=$?
    bash scripts/redis_server.sh stop
    return $rc
}

pytest_browser() {
    # One process: the browser tests share one Chromium and the live server.
    "$BIN/pytest" -m browser -p no:xdist --durations=5 \
        --junitxml="$REPORTS/browser.xml" "${EXTRA[@]}"
}

step lint bash scripts/lint.sh
step migrations "$BIN/tilik" makemigrations --check --dry-run
step sqlite pytest_suite sqlite
step postgres pytest_postgres
bash scripts/pg_cluster.sh stop # free its memory before Chromium starts
step tasks-rq pytest_tasks_rq
step browser pytest_browser

printf '\n=== summary (total %ds; JUnit XML in var/test-reports/)\n' $((SECONDS - T0))
printf '  %s\n' "${results[@]}"
if [ "$failed" -ne 0 ]; then
    echo "make test: FAILED"
    exit 1
fi
echo "make test: all passed"
