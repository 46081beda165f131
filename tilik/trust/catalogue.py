"""Names of the indices and what is documented (confirmed or not) about their scoring."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from analysis.trust import DRIVERS, INDICES

LABELS = {
    "ipkp": _("IPKP — Indeks Persepsi Kualitas Pelayanan"),
    "ipak": _("IPAK — Indeks Persepsi Anti Korupsi"),
    "kepercayaan": _("Kepercayaan kepada Pemerintah Kota (0–10)"),
    "kp-responsif": _("Responsivitas (0–10)"),
    "kp-andal": _("Keandalan (0–10)"),
    "kp-integritas": _("Integritas (0–10)"),
    "kp-keterbukaan": _("Keterbukaan (0–10)"),
    "kp-keadilan": _("Keadilan (0–10)"),
}
SHORT = {
    "ipkp": "IPKP",
    "ipak": "IPAK",
    "kepercayaan": _("Kepercayaan"),
    "kp-responsif": _("Responsivitas"),
    "kp-andal": _("Keandalan"),
    "kp-integritas": _("Integritas"),
    "kp-keterbukaan": _("Keterbukaan"),
    "kp-keadilan": _("Keadilan"),
}
ZI_INDICES = ("ipkp", "ipak")
TRUST_INDICES = ("kepercayaan", *DRIVERS)
if not set(LABELS) == set(INDICES) == set(ZI_INDICES) | set(TRUST_INDICES):  # pragma: no cover
    raise ImportError("tilik.trust.catalogue: every index of analysis.trust needs a label")

# DOMAIN.md: item sets and scale conversions of the Zona Integritas surveys vary between instansi
# (Unconfirmed). Shown on the page and in the report beside the numbers.
SCORING_NOTE = _(
    "IPKP dan IPAK di sini adalah rata-rata skor responden pada skala butirnya sendiri (1–4 pada templat "
    "bawaan: skor responden = rata-rata dimensi yang dijawabnya). Rangkaian butir, skala dan konversi nilai "
    "resmi survei Zona Integritas berbeda antarinstansi dan belum dikonfirmasi, jadi Tilik tidak memberi "
    "kategori atau ambang WBK/WBBM; butir dan skala dapat disunting pada instrumen. Kepercayaan dan kelima "
    "pendorongnya (OECD) dinilai 0–10; kalimat butirnya disesuaikan untuk unit pelayanan."
)
