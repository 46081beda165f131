"""KPI cards lift a figure out of a headline only when it stands for the whole headline."""

import pytest

from tilik.core.templatetags.tilik_ui import kpi_split


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        ("12", ("12", "")),
        ("78,5 % peserta undangan hadir", ("78,5 %", "peserta undangan hadir")),
        ("-0,86 – -0,70", ("-0,86 – -0,70", "")),
        ("Rp 36.000.000", ("Rp 36.000.000", "")),
        # a count followed by words is not the headline's figure: shown whole, as text
        (
            "3 tes, 59 pasangan; peningkatan rata-rata 10,7 poin",
            ("", "3 tes, 59 pasangan; peningkatan rata-rata 10,7 poin"),
        ),
        (
            "Rata-rata waktu penyelesaian tugas: -0,78 jam (p < 0,001)",
            ("", "Rata-rata waktu penyelesaian tugas: -0,78 jam (p < 0,001)"),
        ),
        ("serapan 87,1 %", ("87,1 %", "serapan")),
        ("IKM rata-rata unit 78,68", ("78,68", "IKM rata-rata unit")),
        ("Belum diukur", ("", "Belum diukur")),
        ("", ("", "")),
    ],
)
def test_kpi_split(headline: str, expected: tuple[str, str]) -> None:
    assert kpi_split(headline) == expected
