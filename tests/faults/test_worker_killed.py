"""SIGKILL of `tilik worker` mid-report, on both task backends: the job is queued again when a worker starts,
finishes once, and no half-written report is ever at the download path (issue 18 item 6)."""

from __future__ import annotations

import signal
from pathlib import Path

from tests.faults.conftest import STALE, Stack, finish_after_requeue, job_state, skip_reasons, stop_group, wait_until

pytestmark = skip_reasons()


SETUP = """
from tilik.core.models import AuditEvent, Role
from tilik.jobs.services import job_enqueue
from tilik.reports.jobs import KIND, report_params
from tilik.reports.tests.support import build_programme, make_user
from tilik.programs.models import Program
program = Program.objects.filter(slug__startswith="pelayanan-prima").first()
if program is None:
    program = build_programme()["program"]
import uuid
owner = make_user(Role.EVALUATOR, username=f"evaluator-{uuid.uuid4().hex[:8]}")
params = report_params(year=2026, program=None, fmt="pdf", lang="id")
job = job_enqueue(owner=owner, kind=KIND, title="Laporan tahunan (PDF)", params=params)
out = job.pk
"""


def _files(stack: Stack, pk: int) -> list[str]:
    key = job_state(stack, pk)["key"]
    folder = Path(stack.env["TILIK_VAR_DIR"]) / "media" / "jobs" / key
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _requeues(stack: Stack, pk: int) -> int:
    rows = stack.sql(
        "SELECT count(*) AS n FROM core_auditevent WHERE action = 'job.requeue' AND target_id = %s", str(pk)
    )
    return int(rows[0]["n"])


def test_sigkill_mid_report_then_a_new_worker_finishes_it_once(stack: Stack, backend: dict[str, str]) -> None:
    pk = stack.python(SETUP, **backend)
    worker = stack.worker(log=f"worker-kill-{pk}.log", **backend)
    # Mid-report: the worker has started the job and is gathering or rendering (5..95 %), not yet published.
    wait_until(
        lambda: (s := job_state(stack, pk))["status"] == "running" and 5 <= s["percent"] < 100 and s,
        f"the worker to start job {pk} ({stack.log(f'worker-kill-{pk}.log')})",
        timeout=120,
    )
    stop_group(worker, signal.SIGKILL)  # the worker and all it started, as systemd kills a unit's group
    after_kill = job_state(stack, pk)
    assert (after_kill["status"], after_kill["result"], after_kill["attempts"]) == ("running", "", 1), after_kill
    # Nothing at the download path: at most a temporary file (never the published name).
    assert all(".tmp-" in name for name in _files(stack, pk)), _files(stack, pk)

    final = finish_after_requeue(stack, pk, backend)
    files = _files(stack, pk)
    assert files == ["laporan-evaluasi-2026-id.pdf"], files  # one file, no leftovers of the dead run
    pdf = (Path(stack.env["TILIK_VAR_DIR"]) / "media" / final["result"]).read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")
    assert _requeues(stack, pk) == 1

    # The dead run's task is never run again: another worker finds nothing to do for this job.
    again = stack.tilik("worker", "--batch", TILIK_JOB_STALE_SECONDS=STALE, **backend)
    assert again.returncode == 0 and f"job {pk}" not in again.stdout
    assert job_state(stack, pk)["attempts"] == 2 and _requeues(stack, pk) == 1
