"""Scope labels say what each number covers (issue 16 item 7): a unit head's Beranda is not all unit-limited."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tilik.core.models import Profile, Role
from tilik.core.tests.factories import UserFactory
from tilik.reports.dashboard import dashboard
from tilik.reports.scope import scope_for
from tilik.reports.tests.support import build_programme

pytestmark = pytest.mark.django_db


def test_unit_head_tiles_name_their_unit_only_where_the_data_are_filtered(client):
    data = build_programme()
    head: Any = UserFactory(username="kadis-alfa")
    Profile.objects.create(user=head, role=Role.UNIT_HEAD, unit=data["opd_a"])
    tiles = {t.label: t.coverage for t in dashboard(scope_for(head, year=2026)).tiles}
    assert tiles["Partisipasi"] == "Dinas Alfa dan sub-unitnya"
    assert tiles["Kepatuhan 20 JP"] == "Dinas Alfa dan sub-unitnya"
    for citywide in ("Serapan anggaran", "Kepuasan peserta (Level 1)", "Dampak (Level 4)", "Program"):
        assert tiles[citywide] == "seluruh pemda (tidak dibatasi pada Dinas Alfa)", citywide
    client.force_login(head)
    html = client.get(reverse("home") + "?tahun=2026").content.decode()
    assert "Angka lain mencakup seluruh pemda" in html
    assert "Cakupan: Dinas Alfa dan sub-unitnya." not in html  # the old label claimed every number was the unit's


def test_evaluator_sees_no_unit_label():
    build_programme()
    evaluator: Any = UserFactory(username="eval-scope")
    Profile.objects.create(user=evaluator, role=Role.EVALUATOR)
    board = dashboard(scope_for(evaluator, year=2026))
    assert board.coverage == "" and {t.coverage for t in board.tiles} == {"seluruh pemda"}
