"""Ids in templates are never localised: with USE_THOUSAND_SEPARATOR, {{ x.pk }} renders 2155 as "2.155".

A form value or link built that way breaks as soon as a table passes 999 rows (it did: the 360° rater
page on PostgreSQL). Every id goes through |unlocalize (a template builtin, see TEMPLATES in settings).
"""

from __future__ import annotations

import re
from pathlib import Path

from django.template import Context, Template

ROOT = Path(__file__).resolve().parents[2]
BARE_ID = re.compile(r"\{\{\s*[\w.]*(?:\.pk|\.id|_id|_pk)\s*\}\}")


def test_no_template_prints_a_bare_id():
    found = [
        f"{path.relative_to(ROOT.parent)}:{n}: {m.group(0)}"
        for path in sorted(ROOT.rglob("*.html"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for m in BARE_ID.finditer(line)
    ]
    assert not found, "use |unlocalize for ids:\n" + "\n".join(found)


def test_unlocalize_is_a_builtin_and_keeps_large_ids_intact(settings):
    from django.utils import translation

    with translation.override("id"):
        html = Template('<option value="{{ e.pk|unlocalize }}">{{ n }}</option>').render(
            Context({"e": {"pk": 2155}, "n": 2155})
        )
    assert html == '<option value="2155">2.155</option>'  # the id intact; a count still grouped
