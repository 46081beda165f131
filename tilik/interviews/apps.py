from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "tilik.interviews"
    label = "interviews"
    verbose_name = _("Wawancara dan pengodean")

    def ready(self) -> None:
        from tilik.core.privacy.retention import register_retention_task
        from tilik.interviews.retention import TASK

        register_retention_task(TASK)
