"""The showcase year: the full demo's latest-year report is complete and gives the verdicts docs/demo-data.md
promises (issue 16 items 5 and 6). Builds the default demo (3,000 ASN, every extension) once: slow."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from analysis.decision import RULES
from tilik.core.audit import audit_unlocked
from tilik.core.models import AuditEvent
from tilik.demo import ground_truth as gt
from tilik.demo import ground_truth_showcase as gts
from tilik.demo.extensions import build_extensions
from tilik.demo.generator import build_demo
from tilik.demo.services import data_present, demo_wipe
from tilik.programs.models import Program
from tilik.reports.findings import NOT_MEASURED
from tilik.reports.scope import scope_for
from tilik.reports.selectors import build_report

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
DOC = Path(settings.BASE_DIR) / "docs" / "demo-data.md"
VERDICT_OF_RULE = {rule: code for code, rule in RULES.items()}


@pytest.fixture(scope="module")
def report(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        assert not data_present(), "the showcase tests need an empty test database"
        build_demo(seed=gt.DEFAULT_SEED, employees=gt.DEFAULT_EMPLOYEES)
        build_extensions(seed=gt.DEFAULT_SEED)
        with translation.override("id"):
            yield build_report(scope_for(None, year=gts.SHOWCASE_YEAR, suppress=False))
        demo_wipe(by="test")
        with audit_unlocked():
            AuditEvent.objects.all().delete()


def documented_verdicts() -> dict[str, str]:
    """Programme name -> verdict code, from the table in docs/demo-data.md (its "K" rule column)."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("### 7. Tahun unggulan") :]
    out = {}
    for line in section.splitlines():
        match = re.match(r"^\| ([^|*]+?) \| [^|]+ \| (K\d) \|", line)
        if match:
            out[match.group(1).strip()] = VERDICT_OF_RULE[match.group(2)]
    return out


def test_the_documented_verdicts_are_the_planted_ones():
    from tilik.demo.catalogue import PROGRAM_BY_KEY

    documented = documented_verdicts()
    for key, verdict in gts.EXPECTED_VERDICTS.items():
        assert documented[PROGRAM_BY_KEY[key].name] == verdict


def test_showcase_report_gives_exactly_the_documented_verdicts(report):
    documented = documented_verdicts()
    got = {v.program: v.code for v in report.verdicts}
    programmes = set(Program.objects.filter(fiscal_year=gts.SHOWCASE_YEAR).values_list("name", flat=True))
    assert set(got) == programmes  # one verdict per programme of the year
    expected = {name: documented.get(name, "not_evaluable") for name in programmes}
    assert got == expected
    assert {"expand", "improve_delivery", "collect_data", "redesign"} <= set(got.values())


def test_no_section_of_the_showcase_year_is_unmeasured(report):
    unmeasured = [(s.key, s.reason) for s in report.all_sections() if s.status == NOT_MEASURED]
    assert unmeasured == []
    for key in ("level1", "level2", "level3", "level4", "roi", "ikm", "participation", "budget", "jp"):
        assert report.section(key).measured, key


def test_level_2_headline_covers_every_test_of_the_year(report):
    level2 = report.section("level2")
    table = next(t for t in level2.tables if "Selisih" in t.headers)
    names = {row[0].split(" — ")[1].split(" — ")[0] for row in table.rows}
    assert any("Manajemen Waktu" in n for n in names) and any("Literasi Digital" in n for n in names)
    assert level2.headline.startswith(f"{len(table.rows)} tes")
    assert "per tes" in level2.headline


def test_level_3_compares_like_with_like_against_the_comparison_group(report):
    level3 = report.section("level3")
    rows = _rater_rows(report)
    for program in ("Manajemen Waktu", "Literasi Digital untuk Layanan Publik"):
        for rater in ("Peserta/alumni (diri sendiri)", "Atasan langsung", "Rekan kerja"):
            alumni, comparison = rows[(program, rater)][1].split(" / ")
            assert int(comparison.replace(".", "")) > 0  # comparison staff rated in the same waves
    supervisor = {
        f.data["program"]: f.data for f in level3.findings if f.kind == "behaviour" and f.data["rater"] == "atasan"
    }
    assert supervisor["Manajemen Waktu"]["ci_low"] > 0  # planted transfer
    ld = supervisor["Literasi Digital untuk Layanan Publik"]
    assert ld["comparison"] and ld["ci_low"] <= 0 <= ld["ci_high"]  # planted: no transfer


def _rater_rows(report):
    """(programme, rater type) -> row of the per-programme 360° change tables."""
    out = {}
    for t in report.section("level3").tables:
        if "Selisih perubahan (IK 95 %)" in t.headers:
            program = t.caption.split(" — ")[1].split(":")[0]
            out.update({(program, r[0]): r for r in t.rows})
            assert len(t.headers) <= 7  # fits a portrait page
    return out


def test_interviews_are_scoped_starred_and_double_coded(report):
    level3 = report.section("level3")
    assert level3.quotes and all(q.attribution.startswith("Atasan langsung") for q in level3.quotes)
    freq = next(t for t in level3.tables if t.caption.startswith("Frekuensi kode tematik"))
    assert gts.INTERVIEW_CODEBOOK in freq.caption and "cakupan laporan" in freq.caption
    # 2025's Pelayanan Prima codebook is not in the 2026 report.
    assert not any("Pelayanan Prima 2025" in t.caption for t in level3.tables)
    kappa = next(t for t in level3.tables if "kappa Cohen" in t.caption)
    assert kappa.rows and any("kappa Cohen per kode" in p for p in level3.paragraphs)


def test_ikm_chart_and_table_show_all_eleven_puskesmas(report):
    ikm = report.section("ikm")
    chart = next(c for c in ikm.charts if c.key == "ikm_trend")
    assert len(chart.series) == 11
    units = {row[0] for row in ikm.tables[0].rows}
    assert len(units) == 11
    assert {row[1] for row in ikm.tables[0].rows} == {"2026-S1", "2026-S2"}


def test_reminder_experiment_and_age_effect_are_reported_with_their_uncertainty(report):
    part = report.section("participation")
    text = " ".join(part.paragraphs)
    assert re.search(r"Pengingat WhatsApp menaikkan partisipasi [\d,]+ poin persen, IK 95 % [\d,]+ s\.d\. [\d,]+", text)
    assert "Umur: ASN berumur 50 tahun ke atas" in text
    arms = next(t for t in part.tables if t.caption.startswith("Eksperimen pengingat"))
    assert [r[0] for r in arms.rows][0].startswith("Kontrol") and len(arms.rows) == 3
    # Not-yet-started angkatan and the experiment's invitees stay out of the headline attendance rate.
    assert "belum dimulai" in text and "Pelayanan Prima" in text
    assert part.headline != "69,9 % peserta undangan hadir"
    opd = next(t for t in part.tables if t.caption.startswith("Tingkat partisipasi per OPD"))
    assert all(r[-1].startswith(("ya (", "tidak terbukti (")) for r in opd.rows)


def test_a_unit_heads_report_reads_level_3_for_their_units_and_labels_the_citywide_experiment(report):
    from django.contrib.auth import get_user_model

    head = get_user_model().objects.get(username="pimpinan")
    with translation.override("id"):
        mine = build_report(scope_for(head, year=gts.SHOWCASE_YEAR))

    def alumni(r):
        return {key: int(row[1].split(" / ")[0].replace(".", "")) for key, row in _rater_rows(r).items()}

    city, unit = alumni(report), alumni(mine)
    assert unit and all(n <= city[key] for key, n in unit.items())
    assert any(n < city[key] for key, n in unit.items())  # only the ratees now working in Dinas Kesehatan
    arms = next(t for t in mine.section("participation").tables if t.caption.startswith("Eksperimen pengingat"))
    assert "Cakupan tabel ini" in arms.note
