from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tilik.surveys"
    verbose_name = _("Survei dan tes")

    def ready(self) -> None:
        from tilik.core.privacy.retention import RetentionTask, register_retention_task
        from tilik.surveys.services.retention import purge_burst_traces, purge_drafts, purge_invitations

        register_retention_task(
            RetentionTask("survey_drafts", "Draf jawaban survei yang tidak dikirim", "hapus", purge_drafts)
        )
        register_retention_task(
            RetentionTask(
                "survey_invitations",
                "Undangan survei yang tidak dipakai dari gelombang yang sudah lama ditutup",
                "hapus",
                purge_invitations,
            )
        )
        register_retention_task(
            RetentionTask(
                "survey_burst_traces",
                "Kunci jendela lonjakan survei publik (hash alamat dan jawaban) yang sudah lewat",
                "hapus",
                purge_burst_traces,
            )
        )
