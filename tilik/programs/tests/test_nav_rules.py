"""The programme and interview menus ask tilik/core/url_rules.py (the `may_open` filter), not role names:
each role is shown what it saw before, less the links it cannot open."""

from __future__ import annotations

import lxml.html  # type: ignore[import-untyped]
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve

from tilik.core.templatetags.tilik_links import may_open

PROGRAMS = {
    "admin": [
        "Anggaran",
        "Partisipasi",
        "20 JP",
        "Buku JP",
        "Verifikasi sertifikat",
        "Strategi partisipasi",
        "Perencana anggaran",
    ],
    "evaluator": [
        "Anggaran",
        "Partisipasi",
        "20 JP",
        "Buku JP",
        "Verifikasi sertifikat",
        "Strategi partisipasi",
        "Perencana anggaran",
    ],
    "pimpinan_daerah": ["Anggaran", "Partisipasi", "20 JP"],
    "pimpinan_unit": ["Baris anggaran", "Partisipasi", "20 JP", "Buku JP"],
    "peserta": [],  # before: Anggaran, Partisipasi, 20 JP — none of which a peserta can open
}
INTERVIEWS = {
    "admin": ["Wawancara", "Buku kode", "Segmen berkode", "Panduan wawancara"],
    "evaluator": ["Wawancara", "Buku kode", "Segmen berkode", "Panduan wawancara"],
    "pengode": ["Wawancara"],
}


def _links(template: str, role: str) -> list[tuple[str, str]]:
    html = render_to_string(template, {"tilik_role": role, "request": RequestFactory().get("/")})
    return [(a.text_content().strip(), a.get("href")) for a in lxml.html.fromstring(f"<div>{html}</div>").iter("a")]


@pytest.mark.parametrize(
    ("template", "expected"), [("programs/_nav.html", PROGRAMS), ("interviews/_nav.html", INTERVIEWS)]
)
def test_menu_shows_each_role_only_links_it_may_open(template, expected):
    for role, names in expected.items():
        links = _links(template, role)
        assert [name for name, _href in links] == names, role
        assert all(may_open(role, resolve(href).view_name) for _name, href in links), role
