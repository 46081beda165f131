"""Serve a stored private file only after the caller's permission check, as a download that cannot run."""

from __future__ import annotations

import mimetypes
import re
from typing import Any

from django.http import FileResponse, Http404

from tilik.core.audit import audit_export

_UNSAFE = re.compile(r"[^\w.\- ]+")


def safe_filename(name: str, default: str = "berkas") -> str:
    """A download name without paths, quotes or control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", name).strip(" ._")
    return cleaned[:120] or default


def serve_private_file(
    field_file: Any,
    *,
    allowed: bool,
    filename: str,
    actor: Any = None,
    what: str = "",
    content_type: str | None = None,
    rows: int = 1,
    **audit_detail: Any,
) -> FileResponse:
    """Return the file as an attachment, or 404 when ``allowed`` is false or the file is missing.

    Give ``actor`` and ``what`` for personal data: the download is then written to the audit log (with
    ``rows`` and any further ``audit_detail``, e.g. the language of a report).
    The response is never cached by shared caches, never sniffed and never rendered inline.
    """
    if not allowed or not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    name = safe_filename(filename)
    guessed = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=guessed)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if actor is not None and what:
        fmt = name.rsplit(".", 1)[-1] if "." in name else ""
        audit_export(actor=actor, what=what, rows=rows, fmt=str(audit_detail.pop("fmt", fmt)), **audit_detail)
    return response
