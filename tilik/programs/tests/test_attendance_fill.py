"""“Semua hadir” on the attendance grid (issue 17): a day's or a participant's unmarked cells ticked by the
server (no JavaScript), shown unsaved; a recorded absence is never overwritten; saving is the normal save."""

from __future__ import annotations

import datetime as dt

import lxml.html  # type: ignore[import-untyped]
import pytest

from tilik.core.models import AuditEvent
from tilik.programs.attendance_fill import fill_present
from tilik.programs.models import Enrollment
from tilik.programs.models_attendance import Attendance, Session
from tilik.programs.services_attendance import AttendanceRow
from tilik.programs.tests import test_attendance as base
from tilik.programs.tests.test_attendance import DAYS, _url

world = base.world  # three registered ASN, sessions Monday 2 to Thursday 5 March 2026

pytestmark = pytest.mark.django_db


def _page_form(response) -> dict[str, list[str]]:
    """The grid form's values as the page shows them (what a browser would post)."""
    form = lxml.html.fromstring(response.content).xpath('//form[contains(@class, "attendance-form")]')[0]
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def _present(response) -> dict[int, list[str]]:
    lines = response.context["lines"]
    return {line["e"].pk: [d.isoformat() for d, on, *_rest in line["cells"] if on] for line in lines}


def test_day_button_ticks_only_unmarked_cells_and_saves_nothing(client, world):
    client.force_login(world["evaluator"])
    a, b, c = world["enrolled"]
    shown = client.post(
        _url(world),
        {
            f"a_{a.pk}_{DAYS[0]}": "sakit",  # a recorded absence that day: kept
            f"r_{c.pk}": "izin",  # absent from the whole angkatan: kept
            "semua_hadir_hari": DAYS[0],
        },
    )
    assert shown.status_code == 200
    assert _present(shown) == {a.pk: [], b.pk: [DAYS[0]], c.pk: []}
    cells = {line["e"].pk: line["cells"] for line in shown.context["lines"]}
    assert cells[a.pk][0][2] == "sakit"
    assert {line["e"].pk: line["reason"] for line in shown.context["lines"]}[c.pk] == "izin"
    text = [str(m) for m in shown.context["messages"]]
    assert text == [
        "1 sel ditandai hadir pada 2 Maret 2026. 2 sel dengan ketidakhadiran tercatat tidak diubah. "
        "Belum disimpan: periksa, lalu klik “Simpan kehadiran”."
    ]
    assert not Session.objects.exists() and not Attendance.objects.exists()
    assert not AuditEvent.objects.filter(action="attendance.record").exists()
    assert Enrollment.objects.get(pk=b.pk).status == "registered"


def test_filling_every_day_then_saving_the_page_as_shown_is_a_normal_save(client, world):
    client.force_login(world["evaluator"])
    a, b, c = world["enrolled"]
    page = client.get(_url(world))
    data = _page_form(page)
    data[f"r_{c.pk}"] = ["sakit"]  # the no-show's reason first, as the page asks
    for day in DAYS:
        page = client.post(_url(world), {**data, "semua_hadir_hari": day})
        data = _page_form(page)
    assert _present(page) == {a.pk: DAYS, b.pk: DAYS, c.pk: []}
    assert not Attendance.objects.exists()
    saved = client.post(_url(world), data)  # "Simpan kehadiran": no fill button in the post
    assert saved.status_code == 302
    got = {
        e.pk: (e.status, e.attendance_pct)
        for e in Enrollment.objects.filter(offering=world["first"], status__in=["attended", "no_show"])
    }
    assert got == {a.pk: ("attended", 100), b.pk: ("attended", 100), c.pk: ("no_show", 0)}
    event = AuditEvent.objects.get(action="attendance.record")
    assert (event.actor, event.detail["marks"], event.detail["rows"]) == (world["evaluator"], 8, 3)


def test_row_button_fills_that_participant_only_and_leaves_a_no_show_alone(client, world):
    client.force_login(world["evaluator"])
    a, b, c = world["enrolled"]
    saved = client.post(_url(world), {f"h_{a.pk}": DAYS[:1], f"h_{b.pk}": DAYS[:1], f"r_{c.pk}": "sakit"}, follow=True)
    assert saved.redirect_chain and Enrollment.objects.get(pk=c.pk).status == "no_show"
    shown = client.post(
        _url(world),
        {
            f"h_{a.pk}": DAYS[:1],
            f"n_{a.pk}_{DAYS[2]}": "Terlambat datang",
            f"h_{b.pk}": DAYS[:1],
            "semua_hadir_peserta": str(a.pk),
        },
    )
    assert _present(shown) == {a.pk: [DAYS[0], DAYS[1], DAYS[3]], b.pk: [DAYS[0]], c.pk: []}
    assert [str(m) for m in shown.context["messages"]][-1].startswith(
        "2 sel peserta ini ditandai hadir. 1 sel dengan ketidakhadiran tercatat tidak diubah."
    )
    # c is a recorded no-show: even with the reason field emptied, the fill does not tick c.
    kept = client.post(_url(world), {f"h_{a.pk}": DAYS[:1], f"h_{b.pk}": DAYS[:1], "semua_hadir_peserta": str(c.pk)})
    assert _present(kept)[c.pk] == []
    assert "0 sel peserta ini ditandai hadir. 4 sel" in str(list(kept.context["messages"])[-1])
    assert Attendance.objects.count() == 2  # the first save only


def test_fill_refuses_a_day_or_participant_not_in_the_grid(client, world):
    client.force_login(world["evaluator"])
    for extra in ({"semua_hadir_hari": "2026-02-28"}, {"semua_hadir_peserta": "999999"}):
        shown = client.post(_url(world), extra)
        assert shown.status_code == 200
        assert all(not cells for cells in _present(shown).values())
        assert [m.level_tag for m in shown.context["messages"]] == ["error"]
    assert not Session.objects.exists()


def test_buttons_name_their_day_and_participant_and_enter_still_saves(client, world):
    client.force_login(world["evaluator"])
    page = lxml.html.fromstring(client.get(_url(world)).content)
    form = page.xpath('//form[contains(@class, "attendance-form")]')[0]
    buttons = form.xpath(".//button[@type='submit']")
    assert buttons[0].get("name") is None  # the default button (Enter in a field) is the save
    days = [" ".join(b.text_content().split()) for b in form.xpath(".//button[@name='semua_hadir_hari']")]
    assert days == [
        "Semua hadir 2 Maret 2026",
        "Semua hadir 3 Maret 2026",
        "Semua hadir 4 Maret 2026",
        "Semua hadir 5 Maret 2026",
    ]
    rows = [" ".join(b.text_content().split()) for b in form.xpath(".//button[@name='semua_hadir_peserta']")]
    assert rows == [f"Hadir semua sesi Peserta {i}" for i in range(3)]


def test_fill_present_rule():
    d1, d2 = dt.date(2026, 3, 2), dt.date(2026, 3, 3)
    rows = [
        AttendanceRow(1, frozenset({d1})),
        AttendanceRow(2, frozenset(), absences={d1: ("izin", "")}),
        AttendanceRow(3, frozenset(), reason_code="sakit"),
        AttendanceRow(4, frozenset()),
    ]
    by_day = fill_present(rows, days=[d1, d2], absent_ids={4}, day=d2)
    assert [sorted(r.present) for r in by_day.rows] == [[d1, d2], [d2], [], []]
    assert (by_day.marked, by_day.kept) == (2, 2)
    by_row = fill_present(rows, days=[d1, d2], absent_ids=set(), enrollment_id=2)
    assert [sorted(r.present) for r in by_row.rows] == [[d1], [d2], [], []]
    assert (by_row.marked, by_row.kept) == (1, 1)
