"""What each job kind runs: a dotted path, so this app imports none of the apps whose work it carries.

A runner is ``run(job, progress) -> None``: it reports progress with ``progress.step(...)``, publishes its
result with ``progress.publish_file(...)`` (or ``progress.publish_summary(...)``) as its last act, and
raises ``JobError`` with an Indonesian message for a failure the owner can act on.
"""

from __future__ import annotations

RUNNERS: dict[str, str] = {
    "reports.render": "tilik.reports.jobs.run_report",
    "surveys.invitations": "tilik.surveys.jobs.run_invitations",
    "performance.import": "tilik.performance.jobs.run_import",
    "evaluations.run": "tilik.evaluations.jobs.run_evaluation",
    "core.list_export": "tilik.jobs.list_export.run_list_export",
    "surveys.responses_export": "tilik.surveys.export_jobs.run_responses_export",
    "core.backup": "tilik.jobs.ops.run_backup",
    "core.purge": "tilik.jobs.ops.run_purge",
}
