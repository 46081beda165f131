"""Report generation as a background job (issue 18): the request enqueues, the worker renders and publishes."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from tilik.jobs.errors import JobError
from tilik.jobs.models import Job
from tilik.jobs.progress import JobProgress
from tilik.programs.models import Program
from tilik.reports import render as renderer
from tilik.reports.scope import scope_for
from tilik.reports.selectors import build_report, report_key

KIND = "reports.render"
STEP_GATHER = gettext_noop("Menghimpun hasil evaluasi")
STEP_RENDER = gettext_noop("Menyusun berkas laporan")
STEP_PUBLISH = gettext_noop("Menyimpan berkas laporan")


def report_params(*, year: int, program: Program | None, fmt: str, lang: str) -> dict[str, object]:
    return {"year": year, "program": program.slug if program else None, "fmt": fmt, "lang": lang}


def run_report(job: Job, progress: JobProgress) -> None:
    params = job.params
    program = None
    if params.get("program"):
        program = Program.objects.filter(slug=params["program"]).first()
        if program is None:
            raise JobError(gettext_noop("Program ini sudah tidak ada; laporannya tidak dapat disusun."))
    # The scope is the owner's at run time: what they may read now, suppressed as on the page.
    scope = scope_for(job.owner, year=int(params["year"]), program=program)
    fmt = str(params["fmt"])
    progress.step(5, STEP_GATHER)
    report = build_report(scope, lang=str(params["lang"]))
    progress.step(50, STEP_RENDER)
    body = renderer.render_as(report, fmt)
    progress.step(95, STEP_PUBLISH)
    stem = f"laporan-{program.slug}" if program else f"laporan-evaluasi-{params['year']}"
    progress.publish_file(
        body,
        name=f"{stem}-{report.lang}.{fmt}",
        summary={
            "content_type": renderer.CONTENT_TYPES[fmt],
            # What the download's audit event records (as the in-request download did).
            "audit": {
                "what": f"reports.{report_key(scope)}",
                "rows": report.table_rows(),
                "fmt": fmt,
                "lang": report.lang,
                "suppressed": scope.suppress,
            },
        },
    )
