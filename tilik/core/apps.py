from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tilik.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from tilik.core.security import signals

        signals.connect()
