"""Demo data that later apps add on top of the base city, in order.

Each builder is called with the seed after `build_demo`, inside the same transaction, and
returns a small summary dict printed by `tilik demo`. Planted values live in the matching
`ground_truth_*.py` module beside each builder.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.utils.translation import gettext_noop

# Labels are msgids (translated where `tilik demo` prints them).
BUILDERS: tuple[tuple[str, str], ...] = (
    (gettext_noop("Kinerja dan layanan publik"), "tilik.demo.performance:build_performance_demo"),
    (gettext_noop("Wawancara dan pengodean"), "tilik.demo.interviews:build_interview_demo"),
    (gettext_noop("Survei, tes dan IKM"), "tilik.demo.surveys:build_survey_demo"),
    (gettext_noop("Anggaran, partisipasi dan JP"), "tilik.demo.participation:build_participation_demo"),
    (gettext_noop("Tahun unggulan: tes, 360°, wawancara, rencana"), "tilik.demo.showcase:build_showcase_demo"),
    (gettext_noop("Hasil evaluasi dan asumsi ROI"), "tilik.demo.evaluations:build_evaluation_demo"),
    (gettext_noop("Kop surat dan pengesahan laporan"), "tilik.demo.letterhead:build_letterhead_demo"),
    (gettext_noop("Konteks integritas: SPI dan Zona Integritas"), "tilik.demo.trust:build_trust_demo"),
)


def _load(path: str) -> Callable[..., dict[str, Any]]:
    module, name = path.split(":")
    builder: Callable[..., dict[str, Any]] = getattr(import_module(module), name)
    return builder


def build_extensions(*, seed: int) -> list[tuple[str, dict[str, Any]]]:
    return [(label, _load(path)(seed=seed)) for label, path in BUILDERS]
