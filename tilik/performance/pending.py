"""Uploads waiting between the import wizard's steps, and their cleanup by `tilik purge`.

The wizard keeps an uploaded file in MEDIA_ROOT/imports-pending/<sha256> from upload until apply; a
preview that is never applied would leave it there. The retention task "import_pending" (1 day by
default, TILIK_RETENTION_IMPORT_PENDING) deletes older files whenever `tilik purge --apply` runs
(docs/keamanan.md: scheduled daily with the other retention tasks).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings

from tilik.core.privacy.retention import RetentionTask


def pending_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports-pending"
    path.mkdir(parents=True, exist_ok=True)
    return path


def purge_pending(cutoff: dt.datetime, apply: bool) -> int:
    """Pending uploads last written before ``cutoff``: count them, and delete them when applying."""
    folder = Path(settings.MEDIA_ROOT) / "imports-pending"
    if not folder.is_dir():
        return 0
    old = [p for p in folder.iterdir() if p.is_file() and p.stat().st_mtime < cutoff.timestamp()]
    if apply:
        for path in old:
            path.unlink(missing_ok=True)
    return len(old)


TASK = RetentionTask("import_pending", "Berkas impor yang belum diterapkan (imports-pending)", "hapus", purge_pending)
