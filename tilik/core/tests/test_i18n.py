"""The English catalogue is complete, compiled and up to date with the code.

Every msgid in the code is Bahasa Indonesia; the English UI comes only from
tilik/locale/en/LC_MESSAGES/django.po. These tests fail when a string was added
without a translation, when a translation is fuzzy or breaks a placeholder, when
the .mo was not recompiled, or when `makemessages` would find msgids that the
catalogue does not have yet. To fix, run (see docs / the localisation notes):

    .venv/bin/python scripts/i18n.py [translations.json]   # makemessages + fill + compile, under a lock
    # translate the empty/fuzzy entries of tilik/locale/en/LC_MESSAGES/django.po
    .venv/bin/python manage.py compilemessages -l en -l id --ignore=.venv

No database is needed.
"""

from __future__ import annotations

import collections
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest

ROOT = Path(__file__).resolve().parents[3]
EN_DIR = ROOT / "tilik" / "locale" / "en" / "LC_MESSAGES"
EN_PO = EN_DIR / "django.po"
EN_MO = EN_DIR / "django.mo"
MAKEMESSAGES_IGNORE = [".venv", "var", "bench", "docs"]

# printf-style conversions as Python's % operator reads them; "%%" is a literal percent sign.
PY_FORMAT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
BRACE_FORMAT = re.compile(r"\{\{|\}\}|\{[^{}]*\}")


def _entries() -> list[polib.POEntry]:
    return [e for e in polib.pofile(str(EN_PO)) if not e.obsolete]


def _label(e: polib.POEntry) -> str:
    where = e.occurrences[0][0] + ":" + e.occurrences[0][1] if e.occurrences else "?"
    return f"{where} {e.msgid!r}"


def _placeholders(text: str, flags: list[str]) -> collections.Counter[str]:
    found: list[str] = []
    if "python-format" in flags:
        found += [t for t in PY_FORMAT.findall(text) if t != "%%"]
    if "python-brace-format" in flags:
        found += [t for t in BRACE_FORMAT.findall(text) if t not in ("{{", "}}")]
    return collections.Counter(found)


def _pairs(e: polib.POEntry) -> list[tuple[str, str]]:
    if e.msgid_plural:
        forms = [e.msgstr_plural[k] for k in sorted(e.msgstr_plural)]
        return [(e.msgid, forms[0])] + [(e.msgid_plural, form) for form in forms[1:]]
    return [(e.msgid, e.msgstr)]


def _key(entry: polib._BaseEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _content(entry: polib._BaseEntry) -> tuple:
    if entry.msgid_plural:
        forms = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural, key=int))
        return (entry.msgctxt, entry.msgid, entry.msgid_plural, forms)
    return (entry.msgctxt, entry.msgid, None, entry.msgstr)


def test_english_catalogue_has_no_untranslated_or_fuzzy_entries():
    entries = _entries()
    assert entries, f"{EN_PO} has no entries"
    untranslated = [_label(e) for e in entries if not e.translated() and not e.fuzzy]
    fuzzy = [_label(e) for e in entries if e.fuzzy]
    assert not untranslated, f"{len(untranslated)} untranslated English entries:\n" + "\n".join(untranslated[:30])
    assert not fuzzy, f"{len(fuzzy)} fuzzy English entries (check, then drop the flag):\n" + "\n".join(fuzzy[:30])
    for e in entries:
        if e.msgid_plural:
            assert len(e.msgstr_plural) == 2 and all(e.msgstr_plural.values()), f"plural forms missing: {_label(e)}"


def test_english_translations_keep_placeholders():
    problems = []
    for e in _entries():
        for source, translation in _pairs(e):
            want, got = _placeholders(source, e.flags), _placeholders(translation, e.flags)
            if want != got:
                problems.append(f"{_label(e)}: expected {sorted(want.elements())}, got {sorted(got.elements())}")
            # Leading/trailing whitespace (e.g. "  " indents in command output) must survive.
            lead, trail = re.match(r"\s*", source), re.search(r"\s*\Z", source)
            if not (translation.startswith(lead.group()) and translation.endswith(trail.group())):
                problems.append(f"{_label(e)}: leading/trailing whitespace differs")
    assert not problems, "\n".join(problems[:30])


def test_compiled_english_catalogue_matches_po():
    assert EN_MO.exists(), f"{EN_MO} is missing: run `manage.py compilemessages -l en -l id --ignore=.venv`"
    po = {_key(e): _content(e) for e in _entries() if e.translated() and not e.fuzzy}
    mo = {_key(e): _content(e) for e in polib.mofile(str(EN_MO)) if e.msgid}
    stale = sorted(repr(k[1]) for k in po.keys() | mo.keys() if po.get(k) != mo.get(k))
    assert not stale, (
        f"{EN_MO.name} differs from {EN_PO.name} for {len(stale)} msgids; run compilemessages:\n"
        + "\n".join(stale[:30])
    )


def test_makemessages_finds_no_new_msgids(tmp_path):
    """`makemessages -l en` into a copy of the catalogue adds nothing and retires nothing."""
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        pytest.skip("GNU gettext (xgettext, msgmerge) is not installed")
    locale_dir = tmp_path / "locale"
    shutil.copytree(EN_DIR, locale_dir / "en" / "LC_MESSAGES", ignore=shutil.ignore_patterns("*.mo"))
    env = {**os.environ, "TILIK_LOCALE_DIR": str(locale_dir), "DJANGO_SETTINGS_MODULE": "tilik.settings.test"}
    cmd = [sys.executable, "manage.py", "makemessages", "-l", "en", "-v0"]
    # makemessages adopts every directory named "locale" it walks past, so the real catalogue is
    # ignored explicitly; otherwise it would be updated in place instead of the copy.
    cmd += [f"--ignore={pattern}" for pattern in [*MAKEMESSAGES_IGNORE, "tilik/locale"]]
    before = EN_PO.read_bytes()
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
    assert result.returncode == 0, result.stderr
    assert EN_PO.read_bytes() == before, "makemessages wrote to the real catalogue instead of the copy"
    fresh = {_key(e) for e in polib.pofile(str(locale_dir / "en" / "LC_MESSAGES" / "django.po")) if not e.obsolete}
    current = {_key(e) for e in _entries()}
    new, gone = sorted(m for _, m in fresh - current), sorted(m for _, m in current - fresh)
    assert not new, f"{len(new)} msgids in the code are not in {EN_PO.name}; run makemessages and translate:\n" + (
        "\n".join(map(repr, new[:30]))
    )
    assert not gone, f"{len(gone)} msgids in {EN_PO.name} are no longer in the code; run makemessages:\n" + (
        "\n".join(map(repr, gone[:30]))
    )
