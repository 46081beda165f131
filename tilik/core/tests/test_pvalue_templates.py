"""Every page prints a p-value through the one wording (fmt.p_text / fmt.pvalue), never its own digits."""

from __future__ import annotations

import re
from pathlib import Path

import tilik

# A p-value variable (p_value, p_adjusted, wilcoxon_p, ...) printed with any filter but the two p filters.
BYPASS = re.compile(r"\{\{\s*[\w.]*\b(p_value|p_adjusted|(?!as_p\b)\w+_p)\s*(\|(?!pvalue\b|ptext\b)[^}]*)?\}\}")


def test_no_template_prints_a_p_value_on_its_own():
    root = Path(tilik.__file__).parent
    offenders = [
        f"{path.relative_to(root)}:{n}: {m.group(0)}"
        for path in root.rglob("templates/**/*.html")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for m in BYPASS.finditer(line)
    ]
    assert offenders == []


def test_the_scan_sees_a_bypass():
    assert BYPASS.search("Wilcoxon p = {{ res.learning.wilcoxon_p|floatformat:4 }}")
    assert BYPASS.search("<td>{{ o.p_value|num:3 }}</td>")
    assert not BYPASS.search("<td>{{ o.p_value|pvalue }}</td> {{ x.wilcoxon_p|ptext }}")


def test_number_filters_come_from_the_one_core_library():
    """The p-value and number filters live in tilik.core (tilik_fmt); no page loads another app's copy."""
    from django.template import Context, Template
    from django.utils import translation

    root = Path(tilik.__file__).parent
    libraries = {p.stem for p in root.rglob("templatetags/*.py") if p.stem != "__init__"}
    assert "tilik_fmt" in libraries and "programs_fmt" not in libraries
    loads = [
        str(path.relative_to(root))
        for path in root.rglob("templates/**/*.html")
        if re.search(r"\{%\s*load\b[^%]*\bprograms_fmt\b", path.read_text(encoding="utf-8"))
    ]
    assert loads == []
    with translation.override("id"):
        html = Template("{% load tilik_fmt %}{{ a|pvalue }}|{{ b|ptext }}").render(Context({"a": 0.0004, "b": 0.0312}))
    assert html == "&lt; 0,001|p = 0,031"
