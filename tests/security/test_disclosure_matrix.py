"""Disclosure for every role and every page or download (issue 16 item 7, issue 19 items 3-4).

One citizen answers the public (anonymous) IKM survey of unit A1. No role, the evaluator and admin included,
may see that answer or an aggregate of it: not on the results page, the IKM overview, the Beranda, the
programme and year reports (HTML, DOCX, PDF), nor in the response download.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tilik.core import fmt
from tilik.core.models import Role
from tilik.jobs.tests.support import result_of
from tilik.surveys.selectors.results import wave_results

pytestmark = pytest.mark.django_db

MARKER = "JAWABAN-WARGA-XYZ"
ROLES = [r.value for r in Role]


def _answer(client: Client, wave: Any, *, u3: str = "1", saran: str = MARKER) -> None:
    data: dict[str, Any] = {f"q_U{i}": "3" for i in range(1, 10)}
    data.update({"q_U3": u3, "q_USIA": "30_39", "q_JK": "P", "q_PENDIDIKAN": "s1", "q_PEKERJAAN": "swasta"})
    data.update({"q_SARAN": saran, "consent": "1"})
    client.cookies.clear()
    assert client.post(reverse("surveys:public", args=[wave.public_slug]), data).status_code == 302


def _text(response: Any) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "wordprocessingml" in kind:
        doc = Document(io.BytesIO(body))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    if "spreadsheetml" in kind:
        book = load_workbook(io.BytesIO(body))
        return "\n".join(str(c.value) for row in book.active.iter_rows() for c in row)
    if "pdf" in kind:
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8-sig", errors="replace")


def _pages(world: Any) -> dict[str, str]:
    year = world.program_a.fiscal_year
    wave = world.wave_a.pk
    pages = {
        "results": reverse("surveys:results", args=[wave]),
        "ikm": reverse("surveys:ikm"),
        "export-csv": reverse("surveys:export", args=[wave, "csv"]),
        "export-xlsx": reverse("surveys:export", args=[wave, "xlsx"]),
        "beranda": reverse("home") + f"?tahun={year}",
        "program": reverse("reports:program", args=[world.program_a.slug]),
    }
    for f in ("html", "docx", "pdf"):
        pages[f"year-{f}"] = reverse("reports:year_download", args=[year, f])
        pages[f"program-{f}"] = reverse("reports:program_download", args=[world.program_a.slug, f])
    return pages


PAGES = [
    "results",
    "ikm",
    "export-csv",
    "export-xlsx",
    "beranda",
    "program",
    "year-html",
    "year-docx",
    "year-pdf",
    "program-html",
    "program-docx",
    "program-pdf",
]


@pytest.mark.parametrize("role", ROLES)
def test_one_anonymous_answer_reaches_no_role(client, world, role):
    """Every page and download of the matrix, for one role (one world per role keeps the test affordable)."""
    _answer(client, world.wave_a)
    lone = wave_results(world.wave_a, full_access=True).ikm  # the one citizen's IKM, computed for the check
    assert lone is not None
    client.force_login(world.users[role])
    opened = 0
    for page, url in _pages(world).items():
        response = client.get(url)
        if page.startswith(("year-", "program-")) and response.status_code == 302:
            response = result_of(client, response)  # queued (issue 18): the worker renders, the job serves it
        assert response.status_code in (200, 302, 403, 404), (page, response.status_code)
        if response.status_code != 200:
            continue
        opened += 1
        text = _text(response)
        assert MARKER not in text, f"{role} reads the lone answer on {page}"
        for shown in (fmt.num(lone.ikm, 2), f"{lone.ikm:.2f}"):
            assert shown not in text, f"{role} sees the lone respondent's IKM {shown} on {page}"
    if role in (Role.ADMIN, Role.EVALUATOR):
        assert opened == len(PAGES) - 2  # every page opens for them; the two downloads redirect (nothing to give)


@pytest.mark.parametrize("role", ROLES)
def test_five_answers_are_published_and_rows_only_to_evaluators(client, world, role):
    for i in range(5):
        _answer(client, world.wave_a, u3="4", saran=f"{MARKER}-{i}")
    client.force_login(world.users[role])
    pages = _pages(world)
    results = client.get(pages["results"])
    download = client.get(pages["export-csv"])
    if role in (Role.ADMIN, Role.EVALUATOR):
        assert 'id="ikm-value"' in results.content.decode()
        assert download.status_code == 200 and f"{MARKER}-0" in _text(download)
    else:
        assert download.status_code in (302, 403, 404) and MARKER not in _text(download)
