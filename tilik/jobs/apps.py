from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background jobs Tilik owns (issue 18): who asked for what, progress, result, error."""

    name = "tilik.jobs"
    label = "jobs"
    verbose_name = _("Tugas latar belakang")

    def ready(self) -> None:
        # Large list exports (tilik.core.listing) are queued here; core, below this app, cannot import it.
        from tilik.core import listing
        from tilik.jobs.list_export import list_export_enqueue

        listing.register_background_export(list_export_enqueue)
