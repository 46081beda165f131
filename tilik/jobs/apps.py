from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background jobs Tilik owns (issue 18): who asked for what, progress, result, error."""

    name = "tilik.jobs"
    label = "jobs"
    verbose_name = _("Tugas latar belakang")
