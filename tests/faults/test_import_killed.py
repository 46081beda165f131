"""SIGKILL of `tilik worker` inside the performance import's write (tilik/performance/jobs.py), on both task
backends: nothing of the import is ever visible, and a new worker queues the job again and writes it once
(issue 18 item 6).

The kill must land inside the write transaction, whatever the machine's speed. The test holds a SHARE lock on
the audit table, the write transaction's last statement (import_apply records its audit event after every row
went in): the worker inserts all its rows, then waits on that lock, uncommitted. The test sees it waiting there
(its backend holds the measurement table's row-exclusive lock and its current query is the audit INSERT),
kills the worker's process group, and only then releases the lock.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.faults.conftest import STALE, Stack, finish_after_requeue, job_state, skip_reasons, stop_group, wait_until

pytestmark = skip_reasons()

UNITS = 25  # x 120 months x 3 indicators = 9,000 rows: two of the writer's 5,000-row chunks

SETUP = f"""
import hashlib, uuid
from tilik.core.models import Role
from tilik.core.tests.factories import make_unit, make_user
from tilik.jobs.services import job_enqueue
from tilik.performance import selectors
from tilik.performance.jobs import KIND, import_params
from tilik.performance.pending import pending_dir
tag = uuid.uuid4().hex[:8]  # fresh units per run: every row of the file is a new measurement
dinkes = make_unit(f"Dinas Kesehatan {{tag}}", code=f"dinkes-{{tag}}")
units = [
    make_unit(f"Puskesmas {{tag}} {{i}}", code=f"pkm-{{tag}}-{{i}}", unit_type="puskesmas", parent=dinkes)
    for i in range({UNITS})
]
lines = ["nip,kode_unit,periode,indikator,nilai"]
for i, unit in enumerate(units):
    for year in range(2016, 2026):
        for month in range(1, 13):
            for k, code in enumerate(("waktu-registrasi", "waktu-tunggu", "pengaduan")):
                lines.append(f",{{unit.code}},{{year}}-{{month:02d}},{{code}},{{(i * 7 + month + k) % 40 + 1}}")
content = ("\\n".join(lines) + "\\n").encode()
token = hashlib.sha256(content).hexdigest()
(pending_dir() / token).write_bytes(content)  # what the wizard's upload step keeps for the job
owner = make_user(Role.EVALUATOR, username=f"evaluator-{{tag}}")
pending = {{
    "token": token,
    "name": f"kinerja-{{tag}}.csv",
    "kind": "measurements",
    "layout": "tilik-kinerja",
    "mapping": selectors.layout_mapping("tilik-kinerja", kind="measurements"),
}}
job = job_enqueue(owner=owner, kind=KIND, title="Impor kinerja", params=import_params(pending))
out = {{"job": job.pk, "token": token, "units": [u.pk for u in units], "rows": len(lines) - 1,
        "pending": str(pending_dir() / token)}}
"""

# A backend inside the import's transaction: it has inserted measurement rows (the table's row-exclusive lock
# is held until its transaction ends) and now waits on a lock for its audit INSERT, the write's last statement.
WRITER_AT_AUDIT = """
SELECT a.pid FROM pg_stat_activity a
JOIN pg_locks l ON l.pid = a.pid AND l.granted AND l.mode = 'RowExclusiveLock'
JOIN pg_class c ON c.oid = l.relation AND c.relname = 'performance_measurement'
WHERE a.wait_event_type = 'Lock' AND a.query LIKE 'INSERT INTO "core_auditevent"%%'
"""


@contextmanager
def _audit_gate(stack: Stack) -> Iterator[None]:
    """Hold inserts into the audit table (reads go on) until the block ends."""
    import psycopg

    with psycopg.connect(stack.env["DATABASE_URL"]) as conn:
        conn.execute("LOCK TABLE core_auditevent IN SHARE MODE")
        try:
            yield
        finally:
            conn.rollback()


def _counts(stack: Stack, made: dict[str, Any]) -> dict[str, int]:
    """What the import has left in the database, as any reader sees it."""
    units = made["units"]
    row = stack.sql(
        """SELECT
            (SELECT count(*) FROM performance_measurement WHERE unit_id = ANY(%s)) AS rows,
            (SELECT count(DISTINCT (unit_id, indicator_id, frequency, period_start))
               FROM performance_measurement WHERE unit_id = ANY(%s)) AS keys,
            (SELECT count(*) FROM performance_importbatch WHERE sha256 = %s) AS batches,
            (SELECT count(*) FROM core_auditevent a JOIN performance_importbatch b
               ON a.target_id = b.id::text AND a.action = 'import.measurements' WHERE b.sha256 = %s) AS events""",
        units,
        units,
        made["token"],
        made["token"],
    )[0]
    return {key: int(value) for key, value in row.items()}


def test_sigkill_mid_import_leaves_nothing_and_a_new_worker_writes_it_once(
    stack: Stack, backend: dict[str, str]
) -> None:
    made = stack.python(SETUP, **backend)
    pk, expected = made["job"], made["rows"]
    log = f"worker-import-{pk}.log"
    nothing = {"rows": 0, "keys": 0, "batches": 0, "events": 0}
    with _audit_gate(stack):
        worker = stack.worker(log=log, **backend)
        writer = wait_until(
            lambda: stack.sql(WRITER_AT_AUDIT),
            f"the worker to write job {pk}'s rows and wait to commit ({stack.log(log)})",
            timeout=120,
        )[0]["pid"]
        state = job_state(stack, pk)
        assert (state["status"], state["percent"], state["attempts"]) == ("running", 5, 1), state
        assert _counts(stack, made) == nothing  # all rows inserted, none visible: the write is one transaction
        stop_group(worker, signal.SIGKILL)  # the worker and all it started, as systemd kills a unit's group
        assert _counts(stack, made) == nothing
    # Released: the dead worker's backend finds its client gone and rolls back; none of it ever commits.
    wait_until(
        lambda: not stack.sql("SELECT 1 FROM pg_stat_activity WHERE pid = %s", writer),
        f"the dead worker's database session {writer} to end",
    )
    assert _counts(stack, made) == nothing
    after_kill = job_state(stack, pk)
    assert (after_kill["status"], after_kill["result"], after_kill["attempts"]) == ("running", "", 1), after_kill
    assert Path(made["pending"]).is_file()  # the upload stays until its rows are written

    finish_after_requeue(stack, pk, backend)
    assert _counts(stack, made) == {"rows": expected, "keys": expected, "batches": 1, "events": 1}
    summary = stack.sql("SELECT summary FROM jobs_job WHERE id = %s", pk)[0]["summary"]
    batches = "SELECT id, created, rows, status FROM performance_importbatch WHERE sha256 = %s"
    batch = stack.sql(batches, made["token"])[0]
    assert (batch["created"], batch["rows"], batch["status"]) == (expected, expected, "applied"), batch
    assert (summary["batch"], summary["created"], summary["rows"]) == (batch["id"], expected, expected), summary
    in_batch = stack.sql("SELECT count(*) AS n FROM performance_measurement WHERE import_batch_id = %s", batch["id"])
    assert in_batch[0]["n"] == expected
    assert not Path(made["pending"]).exists()  # the kept upload goes once it is written
    requeues = "SELECT count(*) AS n FROM core_auditevent WHERE action = 'job.requeue' AND target_id = %s"
    assert stack.sql(requeues, str(pk))[0]["n"] == 1

    # The dead run's task is never run again: another worker finds nothing to do for this job.
    again = stack.tilik("worker", "--batch", TILIK_JOB_STALE_SECONDS=STALE, **backend)
    assert again.returncode == 0 and f"job {pk}" not in again.stdout
    assert job_state(stack, pk)["attempts"] == 2 and stack.sql(requeues, str(pk))[0]["n"] == 1
    assert _counts(stack, made) == {"rows": expected, "keys": expected, "batches": 1, "events": 1}
