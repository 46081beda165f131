"""Refresh the message catalogues: makemessages, apply English translations, compilemessages.

    .venv/bin/python scripts/i18n.py [translations.json ...]

Each JSON file maps an Indonesian msgid to its English text (a list of two strings for a
plural entry). The whole run holds a file lock, so several people (or helpers) working in
the same tree never overwrite each other's catalogue edits. Prints the entries still
untranslated or fuzzy at the end; tilik/core/tests/test_i18n.py fails while any remain.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parents[1]
EN_PO = ROOT / "tilik" / "locale" / "en" / "LC_MESSAGES" / "django.po"
LOCK = ROOT / "var" / "i18n.lock"
IGNORE = [".venv", "var", "bench", "docs"]


def _manage(*args: str) -> None:
    cmd = [sys.executable, str(ROOT / "manage.py"), *args]
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 - our own manage.py


def _apply(paths: list[str]) -> int:
    wanted: dict[str, object] = {}
    for p in paths:
        wanted.update(json.loads(Path(p).read_text(encoding="utf-8")))
    po = polib.pofile(str(EN_PO))
    applied = 0
    for e in po:
        if e.obsolete or e.msgid not in wanted:
            continue
        text = wanted[e.msgid]
        if e.msgid_plural:
            forms = text if isinstance(text, list) else [text, text]
            e.msgstr_plural = {0: forms[0], 1: forms[1]}
        else:
            e.msgstr = str(text)
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
            e.previous_msgid = None
            e.previous_msgid_plural = None  # a plural "#|" line left on a singular entry breaks msgfmt
            e.previous_msgctxt = None
        applied += 1
    po.save(str(EN_PO))
    return applied


def _missing() -> list[str]:
    out = []
    for e in polib.pofile(str(EN_PO)):
        if e.obsolete:
            continue
        empty = not e.msgstr and not any(e.msgstr_plural.values()) if e.msgid_plural else not e.msgstr
        if empty or "fuzzy" in e.flags:
            where = e.occurrences[0][0] if e.occurrences else "?"
            out.append(f"{where}: {e.msgid!r}")
    return out


def main(argv: list[str]) -> int:
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with open(LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ignore = [f"--ignore={d}" for d in IGNORE]
        _manage("makemessages", "-l", "en", "-l", "id", *ignore)
        applied = _apply(argv) if argv else 0
        _manage("compilemessages", "-l", "en", "-l", "id", "--ignore=.venv")
        missing = _missing()
    print(f"applied {applied} translation(s); {len(missing)} entr(y/ies) still untranslated or fuzzy")
    for line in missing:
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
