"""The import wizard's write step as a background job (issue 18): upload → check → preview stay in the
request; "Terapkan impor" queues this job, which writes every row in one transaction or none.

The write and the job's ledger entry naming the ImportBatch it made commit together, so a job run again
after its worker died either finds that entry (the rows are in: it only reports them) or finds nothing
(the transaction rolled back: it writes them now). Rows are never written twice.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from tilik.core import fmt
from tilik.jobs.errors import JobError
from tilik.jobs.models import Job, JobItem
from tilik.jobs.progress import JobProgress
from tilik.performance.importing.common import ImportRejected
from tilik.performance.models import ImportBatch, Measurement
from tilik.performance.pending import pending_dir
from tilik.performance.services_import import import_apply

KIND = "performance.import"
LEDGER = "import-batch:"
SHOWN_ERRORS = 10  # the job page names this many problems; the preview lists them all

STEP_WRITE = gettext_noop("Memeriksa dan menulis semua baris berkas (semua atau tidak sama sekali)")
STEP_DONE = gettext_noop("Menyimpan ringkasan impor")
WRITE_FROM, WRITE_TO = 5, 95  # the write's share of the bar
SAVED = gettext_noop("Impor #%(id)s tersimpan: %(c)s dibuat, %(u)s diubah, %(n)s tidak berubah.")
TABLE = gettext_noop("Tabel %(table)s: %(c)s baris baru, %(u)s baris diubah (dari %(rows)s baris berkas).")
GONE = gettext_noop(
    "Berkas unggahan untuk impor ini sudah tidak ada (berkas yang tidak diterapkan dihapus setelah masa "
    "retensinya). Unggah ulang berkasnya lalu terapkan lagi."
)
MORE = gettext_noop("… dan %(n)s masalah lain (lihat pratinjau).")
HISTORY = gettext_noop("Lihat riwayat impor")


def import_params(pending: dict[str, Any], *, rows: int = 0) -> dict[str, Any]:
    """What the worker needs from the wizard's session: the kept upload (by its SHA-256), its name and mapping;
    ``rows``, the preview's count of data rows, only scales the progress bar of the write."""
    params = {key: pending[key] for key in ("token", "name", "kind", "layout", "mapping")}
    return {**params, "rows": max(0, rows)} if rows > 0 else params


def _table(kind: str) -> str:
    from tilik.org.models import Employee
    from tilik.programs.models import Enrollment

    model = {"measurements": Measurement, "employees": Employee, "enrolments": Enrollment}[kind]
    return str(model._meta.db_table)


def _earlier_batch(job: Job) -> ImportBatch | None:
    item = JobItem.objects.filter(job=job, key__startswith=LEDGER, state=JobItem.State.DONE).first()
    if item is None:
        return None
    return ImportBatch.objects.filter(pk=int(item.key[len(LEDGER) :])).first()


def _rejected(exc: ImportRejected) -> str:
    errors = [str(error) for error in exc.preview.errors]
    lines = [str(exc), *errors[:SHOWN_ERRORS]]
    rest = len(errors) - SHOWN_ERRORS + exc.preview.truncated_errors
    if rest > 0:
        lines.append(MORE % {"n": fmt.integer(rest)})
    return "\n".join(lines)


class _WriteProgress:
    """import_apply's row counter as the job's percent, reported beside the write's transaction (step_aside)
    each time it moves a whole percent. ``rows``: the file's data rows as the preview counted them."""

    def __init__(self, progress: JobProgress, rows: int) -> None:
        self.progress, self.rows, self.done, self.shown = progress, rows, 0, WRITE_FROM

    def __call__(self, n: int) -> None:
        self.done += n
        percent = WRITE_FROM + (WRITE_TO - WRITE_FROM) * min(self.done, self.rows) // self.rows
        if percent > self.shown:
            self.shown = percent
            self.progress.step_aside(percent, STEP_WRITE)  # a msgid: the page words it in the reader's language


def run_import(job: Job, progress: JobProgress) -> None:
    params = job.params
    batch = _earlier_batch(job)  # an earlier run of this job committed its rows before its worker died
    if batch is None:
        path = pending_dir() / str(params["token"])
        if not path.is_file():
            raise JobError(GONE)
        content = path.read_bytes()
        # The progress row is written outside the import's transaction (inside it, no one else would see it).
        progress.step(WRITE_FROM, STEP_WRITE)
        rows = int(params.get("rows") or 0)
        try:
            with transaction.atomic():
                # A second worker given this job as stale while the first still writes waits here, then finds
                # the first one's ledger entry and writes nothing.
                Job.objects.select_for_update().filter(pk=job.pk).first()
                batch = _earlier_batch(job) or import_apply(
                    kind=str(params["kind"]),
                    content=content,
                    filename=str(params["name"]),
                    mapping=dict(params["mapping"]),
                    by=job.owner,
                    layout=str(params.get("layout", "")),
                    progress=_WriteProgress(progress, rows) if rows > 0 else None,
                )
                # Committed with the rows: a re-run finds it and writes nothing again.
                JobItem.objects.get_or_create(
                    job=job, key=f"{LEDGER}{batch.pk}", defaults={"state": JobItem.State.DONE}
                )
        except ImportRejected as exc:
            raise JobError(_rejected(exc)) from exc
        path.unlink(missing_ok=True)
    progress.step(99, STEP_DONE)
    counts = {"id": batch.pk, "c": batch.created, "u": batch.updated, "n": batch.unchanged}
    progress.publish_summary(
        {
            "lines": [
                {"text": SAVED, "values": counts},
                {
                    "text": TABLE,
                    "values": {"table": _table(batch.kind), "c": batch.created, "u": batch.updated, "rows": batch.rows},
                },
                *({"text": notice.replace("%", "%%"), "values": {}} for notice in batch.notices),
            ],
            "link": {"url": reverse("performance:imports"), "text": HISTORY},
            "batch": batch.pk,
            "created": batch.created,
            "updated": batch.updated,
            "unchanged": batch.unchanged,
            "rows": batch.rows,
        }
    )
