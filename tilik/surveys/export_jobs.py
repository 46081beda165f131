"""A wave's response export as a background job (issue 18) when it holds more than
TILIK_EXPORT_BACKGROUND_ROWS responses; smaller exports stay in the request (views/waves.export).

The worker checks the owner's access again at run time (live rows for rahasia waves, the published batch for
anonymous ones, exactly as the immediate download) and publishes the file by an atomic rename; the download
from the job page is the audited export.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from tilik.jobs.errors import JobError
from tilik.jobs.models import Job
from tilik.jobs.progress import JobProgress
from tilik.surveys import exports, published
from tilik.surveys.models import Wave

KIND = "surveys.responses_export"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": exports.XLSX}
STEP_GATHER = gettext_noop("Menghimpun jawaban responden")
STEP_PUBLISH = gettext_noop("Menyimpan berkas ekspor")
WRITTEN = gettext_noop("%(n)s respons diekspor.")
GONE = gettext_noop("Gelombang survei ini sudah tidak ada.")
REFUSED = gettext_noop(
    "Respons gelombang ini tidak dapat diunduh dengan akun Anda sekarang (hak akses berubah, atau respons "
    "anonim yang diterbitkan kurang dari batas minimal)."
)


def run_responses_export(job: Job, progress: JobProgress) -> None:
    wave = Wave.objects.filter(pk=job.params.get("wave")).first()
    if wave is None:
        raise JobError(GONE)
    fmt = str(job.params["fmt"])
    access = published.access_for(job.owner, wave)
    ids = None if access.live else published.published_ids(wave)
    if not access.rows or (not access.live and ids is None):
        raise JobError(REFUSED)
    progress.step(5, STEP_GATHER)
    data = (
        exports.responses_csv(wave, response_ids=ids)
        if fmt == "csv"
        else exports.responses_xlsx(wave, response_ids=ids)
    )
    progress.step(95, STEP_PUBLISH)
    progress.publish_file(
        data.content,
        name=f"respons-gelombang-{wave.pk}.{fmt}",
        summary={
            "content_type": CONTENT_TYPES[fmt],
            "audit": {"what": f"surveys.responses:wave={wave.pk}", "rows": data.rows, "fmt": fmt},
            "lines": [{"text": WRITTEN, "values": {"n": data.rows}}],
            "rows": data.rows,
        },
    )
