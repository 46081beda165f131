"""The Indonesian report says nothing in code: no model or field names, slugs, snake_case, untranslated
English or English decimals in the text of the demo's latest-year report (HTML and DOCX).

Strict on purpose: every hit is a sentence a reader at BKPSDM cannot use. Fix the text at its source.
"""

from __future__ import annotations

import html as html_lib
import io
import re
from typing import Any

import pytest
from django.apps import apps
from docx import Document

import analysis
from tilik.reports import render
from tilik.reports.scope import scope_for
from tilik.reports.selectors import build_report

SEED = 1
EMPLOYEES = 1000  # the size the demo's own recovery tests use: every planted estimate exists

SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
# 0.40, 12.5, 0.400 — an English decimal; Indonesian thousands (10.000) have three digits and no leading 0.
ENGLISH_DECIMAL = re.compile(r"(?<![\d.,/])(?:0\.\d+|\d+\.\d{1,2}|\d+\.\d{4,})(?![\d.])")
BAD_FORMS = {
    "p = <": re.compile(r"p = <"),
    "p = 0,0000": re.compile(r"\b0,0000\b"),
    "Python value": re.compile(r"\b(?:None|True|False|nan|NaN|inf)\b|0x[0-9a-f]{6,}|\{'|\['"),
    # The estimation frame's own columns as an estimator names them ("(value, d, entity)", "'d'",
    # "golongan=III"): tilik.evaluations.frame_names gives each the name the user knows.
    "frame column": re.compile(
        r"'(?:value|d|entity|period|treated|change|baseline)'"
        r"|(?<=[(,] )(?:value|d|entity|period)(?=[,)])|\((?:value|d|entity|period)(?=[,)])"
        r"|\b[a-z_]+=[A-Za-z0-9]"
    ),
}
# English words that have reached report text before (issue 16) or would if a label went untranslated.
# ("pre-test"/"post-test" are the terms Indonesian training practice itself uses, so not listed.)
ENGLISH = frozenset(
    "the and of with without not change control never treated comparison estimate effect mean significant "
    "measured warning error baseline csdid twfe reg ipw dr notyettreated nevertreated".split()
)
WORD = re.compile(r"[A-Za-z][A-Za-z]*")


def report_texts(report: Any) -> dict[str, str]:
    page = render.to_html(report)
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = html_lib.unescape(re.sub(r"<[^>]+>", "\n", page))  # each element on its own line
    doc = Document(io.BytesIO(render.to_docx(report)))
    parts = [p.text for p in doc.paragraphs]
    parts += [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return {"html": page, "docx": "\n".join(parts)}


def identifiers() -> tuple[set[str], set[str]]:
    """Model class names in CamelCase and the slugs/codes stored in the database."""
    models = {m.__name__ for m in apps.get_models() if sum(ch.isupper() for ch in m.__name__) >= 2}
    slugs: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in {"programs", "org", "performance", "surveys", "interviews", "evaluations"}:
            continue
        fields = {f.name for f in model._meta.get_fields()}
        for name in ("slug", "code"):
            if name in fields:
                stored = model._default_manager.values_list(name, flat=True)
                slugs |= {str(s) for s in stored if s and "-" in str(s)}
    return models, slugs


def leaks(text: str, models: set[str], slugs: set[str], headings: frozenset[str] = frozenset()) -> list[str]:
    """Every leaked identifier in ``text``, with a little context to find its source.

    ``headings``: the report's sub-section numbers ("4.1"), which look like English decimals but are not.
    """
    text = text.replace(analysis.__version__, "")  # the package version is a version, not a decimal
    found: list[str] = []

    def hit(kind: str, m: re.Match[str]) -> None:
        found.append(f"{kind}: {m.group(0)!r} in …{text[max(0, m.start() - 50) : m.end() + 30]!r}…")

    for m in SNAKE.finditer(text):
        hit("snake_case", m)
    for m in ENGLISH_DECIMAL.finditer(text):
        at_line_start = text[: m.start()].rstrip(" ").endswith("\n") or m.start() == 0
        if not (m.group(0) in headings and at_line_start and text[m.end() : m.end() + 1] == " "):
            hit("English decimal", m)
    for kind, pattern in BAD_FORMS.items():
        for m in pattern.finditer(text):
            hit(kind, m)
    for m in WORD.finditer(text):
        if m.group(0) in models:
            hit("model name", m)
        elif m.group(0) in ENGLISH:
            hit("English word", m)
    for slug in slugs:
        for m in re.finditer(rf"(?<![\w-]){re.escape(slug)}(?![\w-])", text):
            hit("slug", m)
    return found


def test_scanner_catches_each_kind_of_leak():
    models, slugs = {"EvaluationRun"}, {"pelayanan-prima-2026"}
    sample = (
        "Kolom change dan d_z; csdid, kontrol never, reg; efek 0.40 (p = 0,0000); p = < 0,001; None; "
        "EvaluationRun untuk pelayanan-prima-2026."
    )
    kinds = {f.split(":")[0] for f in leaks(sample, models, slugs)}
    assert kinds == {"snake_case", "English decimal", "p = <", "p = 0,0000", "Python value", "model name",
                     "English word", "slug"}
    for frame in ("3 baris dibuang (value, d, entity, period).", "Kolom 'd': kelompok", "pada: golongan=III;"):
        assert [f for f in leaks(frame, models, slugs) if f.startswith("frame column")], frame
    clean = "Pagu Rp 10.000.000, serapan 50,0 %; IK 95 % 0,12 – 0,80; p < 0,001; rata-rata; selisih-dalam-selisih."
    assert leaks(clean, models, slugs) == []
    assert leaks("4.1 Level 1 — Reaksi", models, slugs, frozenset({"4.1"})) == []
    assert leaks("naik 4.1 poin", models, slugs, frozenset({"4.1"}))  # only as a heading number


@pytest.fixture(scope="module")
def demo_report(django_db_setup: Any, django_db_blocker: Any) -> Any:
    from tilik.demo.extensions import build_extensions
    from tilik.demo.generator import build_demo
    from tilik.demo.services import demo_wipe
    from tilik.programs.models import Program

    with django_db_blocker.unblock():
        build_demo(seed=SEED, employees=EMPLOYEES)
        build_extensions(seed=SEED)
        year = Program.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
        assert year is not None
        report = build_report(scope_for(None, year=year, suppress=False))
        texts = report_texts(report)
        ids = identifiers()
        headings = frozenset(c.number for part in render.outline(report) for c in part.children or [])
        yield texts, ids, headings
        demo_wipe(by="test")


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_demo_latest_year_report_leaks_no_identifiers(demo_report: Any, fmt: str) -> None:
    texts, (models, slugs), headings = demo_report
    found = leaks(texts[fmt], models, slugs, headings)
    assert not found, f"{len(found)} leaks in the {fmt} report:\n" + "\n".join(found[:80])
