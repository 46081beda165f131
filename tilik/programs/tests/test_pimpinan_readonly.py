"""A pimpinan unit reads their unit's budget lines and JP ledger, read-only (issue 17: a pimpinan sees and edits
nothing outside their unit). Every role: who gets the list, what it holds, what it exports, who may write."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tilik.core.tests.factories import ProgramFactory, make_unit
from tilik.programs import services
from tilik.programs.services_jp_ledger import jp_external_record
from tilik.programs.tests.support import make_asn, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    root = make_unit("Pemerintah Kota Uji", code="pemkot", unit_type="pemda")
    dinkes = make_unit("Dinas Kesehatan", code="dinkes", parent=root)
    puskesmas = make_unit("Puskesmas Uji", code="pkm-uji", parent=dinkes, unit_type="puskesmas")
    dukcapil = make_unit("Disdukcapil", code="dukcapil", parent=root)
    own = ProgramFactory(name="Triase Puskesmas", fiscal_year=2026, organiser=puskesmas)
    other = ProgramFactory(name="Layanan Adminduk", fiscal_year=2026, organiser=dukcapil)
    for program, pagu in ((own, 10_000_000), (other, 20_000_000)):
        services.budget_line_save(program=program, fiscal_year=2026, category="atk", pagu=Decimal(pagu), by=None)
    ani, budi = make_asn(unit=puskesmas, name="Ani Puskesmas"), make_asn(unit=dukcapil, name="Budi Dukcapil")
    for person in (ani, budi):
        jp_external_record(employee=person, by=None, title="Webinar mutu", provider="LAN", competency_type="teknis",
                           jp=Decimal(8), completed_on=dt.date(2026, 2, 1), file=None)
    return {
        "own": own, "other": other, "ani": ani, "budi": budi,
        "users": {
            "evaluator": make_user("evaluator", username="eva"),
            "admin": make_user("admin", username="adm"),
            "head": make_user("pimpinan_unit", unit=dinkes, username="kadinkes"),
            "daerah": make_user("pimpinan_daerah", username="walikota"),
            "peserta": make_user("peserta", username="asn"),
            "pengode": make_user("pengode", username="kode"),
        },
    }


def _xlsx_names(response) -> set[str]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return {str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)}


@pytest.mark.parametrize(
    ("role", "status"),
    [("evaluator", 200), ("admin", 200), ("head", 200), ("daerah", 403), ("peserta", 403), ("pengode", 403)],
)
def test_who_reads_the_lists(client, world, role, status):
    client.force_login(world["users"][role])
    assert client.get(reverse("programs:budget_lines")).status_code == status
    assert client.get(reverse("programs:jp_ledger")).status_code == status


def test_anonymous_goes_to_login(client, world):
    for name in ("programs:budget_lines", "programs:jp_ledger"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_pimpinan_sees_only_their_units_budget_lines_without_edit_links(client, world):
    client.force_login(world["users"]["head"])
    response = client.get(reverse("programs:budget_lines"))
    html = response.content.decode()
    assert "Triase Puskesmas" in html and "Layanan Adminduk" not in html
    assert "Hanya baca" in html
    for name in ("programs:budget_line_create", "programs:budget_import"):
        assert reverse(name) not in html
    line = world["own"].budget_lines.get()
    assert reverse("programs:budget_line_edit", args=[line.pk]) not in html
    # the filter offers nothing outside the unit
    programs = list(response.context["filter"].form.fields["program"].queryset)
    assert programs == [world["own"]]
    # asking for the other unit's programme by filter gives nothing
    picked = client.get(reverse("programs:budget_lines"), {"program": world["other"].pk})
    assert "Layanan Adminduk" not in picked.content.decode().split("</form>")[-1]
    export = client.get(reverse("programs:budget_lines"), {"unduh": "xlsx"})
    assert _xlsx_names(export) == {"Triase Puskesmas"}


def test_evaluator_sees_every_line_with_edit_links(client, world):
    client.force_login(world["users"]["evaluator"])
    html = client.get(reverse("programs:budget_lines")).content.decode()
    assert "Triase Puskesmas" in html and "Layanan Adminduk" in html and "Hanya baca" not in html
    assert reverse("programs:budget_line_create") in html
    line = world["own"].budget_lines.get()
    assert reverse("programs:budget_line_edit", args=[line.pk]) in html


def test_pimpinan_sees_only_their_units_jp_entries_without_correction_links(client, world):
    client.force_login(world["users"]["head"])
    response = client.get(reverse("programs:jp_ledger"))
    html = response.content.decode()
    assert "Ani Puskesmas" in html and "Budi Dukcapil" not in html and "Hanya baca" in html
    assert reverse("programs:jp_external_create") not in html and reverse("programs:certificates") not in html
    entry = world["ani"].jp_entries.get()
    assert reverse("programs:jp_entry_edit", args=[entry.pk]) not in html
    units = {u.name for u in response.context["filter"].form.fields["unit"].queryset}
    assert units == {"Dinas Kesehatan", "Puskesmas Uji"}
    searched = client.get(reverse("programs:jp_ledger"), {"q": world["budi"].nip})
    assert "Budi Dukcapil" not in searched.content.decode()
    export = client.get(reverse("programs:jp_ledger"), {"unduh": "xlsx"})
    assert _xlsx_names(export) == {"Ani Puskesmas"}


def test_evaluator_sees_every_jp_entry_with_correction_links(client, world):
    client.force_login(world["users"]["evaluator"])
    html = client.get(reverse("programs:jp_ledger")).content.decode()
    assert "Ani Puskesmas" in html and "Budi Dukcapil" in html and "Hanya baca" not in html
    entry = world["budi"].jp_entries.get()
    assert reverse("programs:jp_entry_edit", args=[entry.pk]) in html


def test_pimpinan_writes_nothing(client, world):
    client.force_login(world["users"]["head"])
    line = world["own"].budget_lines.get()
    entry = world["ani"].jp_entries.get()
    posts = [
        (reverse("programs:budget_line_create"), {"program": world["own"].pk, "fiscal_year": "2026",
                                                  "category": "atk", "source_of_funds": "apbd", "pagu": "5"}),
        (reverse("programs:budget_line_edit", args=[line.pk]), {"pagu": "1"}),
        (reverse("programs:jp_external_create"), {"nip": world["ani"].nip}),
        (reverse("programs:jp_entry_edit", args=[entry.pk]), {"jp": "1", "reason": "x"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    line.refresh_from_db()
    entry.refresh_from_db()
    assert (line.pagu, entry.jp) == (Decimal(10_000_000), Decimal(8))
