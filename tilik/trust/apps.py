from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrustConfig(AppConfig):
    """Public image and trust (issue 21): IPKP, IPAK and trust indices per service unit, SPI and WBK/WBBM context."""

    name = "tilik.trust"
    label = "trust"
    verbose_name = _("Citra dan kepercayaan publik")
