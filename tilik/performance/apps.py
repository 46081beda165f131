from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "tilik.performance"
    label = "performance"
    verbose_name = _("Kinerja dan data layanan")

    def ready(self) -> None:
        from tilik.core.privacy.retention import register_retention_task
        from tilik.performance.pending import TASK

        register_retention_task(TASK)
