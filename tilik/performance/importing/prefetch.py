"""Parse an XLSX on a thread while `tilik import` starts up.

python-calamine parses a sheet in Rust without holding the GIL (``get_sheet_by_index``), and Django
needs about as long to load its apps before the import command runs. ``start_from_argv`` (called by
``tilik.cli`` before Django is set up) parses the file named on the command line; the reader then takes
the parsed sheet, but only when the bytes it was given are exactly the bytes that were parsed.
Imported before ``django.setup()``: nothing here may touch models or settings at import time.
"""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

_lock = threading.Lock()
_jobs: list[_Job] = []


class _Job:
    def __init__(self, path: Path, limit: int) -> None:
        self.path, self.limit = path, limit
        self.content: bytes | None = None
        self.parsed: tuple[Any, list[str]] | None = None
        self.done = threading.Event()

    def run(self) -> None:
        from python_calamine import CalamineWorkbook

        from tilik.core.security.zipcheck import zip_members

        try:
            content = self.path.read_bytes()
            if len(content) > self.limit or not content.startswith(b"PK\x03\x04"):
                return
            zip_members(io.BytesIO(content), len(content))  # refuse a zip bomb before inflating anything
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
            self.parsed = workbook.get_sheet_by_index(0), list(workbook.sheet_names)
            self.content = content
        except Exception:  # noqa: S110 - the reader parses again and reports the problem in Indonesian
            pass
        finally:
            self.done.set()


def start_from_argv(args: list[str]) -> None:
    """For ``import KIND FILE ...``: start parsing FILE when it is an .xlsx/.xlsm within the size limit."""
    files = [a for a in args[1:] if a.lower().endswith((".xlsx", ".xlsm")) and not a.startswith("-")]
    if not files or not Path(files[0]).is_file():
        return
    try:
        from django.conf import settings

        limit = int(settings.TILIK_IMPORT_MAX_BYTES)
    except Exception:  # settings that cannot load: Django reports that itself in a moment
        return
    job = _Job(Path(files[0]), limit)
    with _lock:
        _jobs.append(job)
    threading.Thread(target=job.run, name="tilik-xlsx-prefetch", daemon=True).start()


def take(content: bytes) -> tuple[Any, list[str]] | None:
    """(first sheet, sheet names) parsed from exactly ``content``; None when nothing was prefetched for it.

    The first read after start-up takes every prefetched file off the list (the parsed sheets are large).
    """
    with _lock:
        jobs = list(_jobs)
        _jobs.clear()
    found = None
    for job in jobs:
        job.done.wait()
        if found is None and job.content is not None and job.content == content:
            found = job.parsed
    return found
