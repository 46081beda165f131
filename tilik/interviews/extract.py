"""Reading uploaded files: transcript text from .txt/.docx/.odt, and checks on audio files.

Every refusal is a ValidationError with an Indonesian message; nothing here writes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from tilik.interviews.text import normalise_text

TRANSCRIPT_TYPES = (".txt", ".docx", ".odt")
AUDIO_TYPES = (".mp3", ".m4a", ".ogg", ".oga", ".opus", ".wav", ".webm")
MB = 1024 * 1024


def transcript_max_bytes() -> int:
    return int(getattr(settings, "TILIK_TRANSCRIPT_MAX_BYTES", 5 * MB))


def audio_max_bytes() -> int:
    return int(getattr(settings, "TILIK_INTERVIEW_AUDIO_MAX_BYTES", 100 * MB))


def import_max_bytes() -> int:
    return int(getattr(settings, "TILIK_CODEBOOK_IMPORT_MAX_BYTES", 2 * MB))


def check_size(upload: Any, limit: int) -> None:
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s); batasnya %(limit)s.")
            % {"size": filesizeformat(upload.size or 0), "limit": filesizeformat(limit)}
        )


def suffix_of(upload: Any) -> str:
    return PurePath(upload.name or "").suffix.lower()


def _read(upload: Any) -> bytes:
    upload.seek(0)
    data: bytes = upload.read()
    upload.seek(0)
    return data


def _decode_txt(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ValidationError(_("Berkas .txt tidak dapat dibaca; simpan ulang sebagai UTF-8.")) from None


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(paragraphs)


def _odt_text(data: bytes) -> str:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load
    from odf.text import P

    document = load(io.BytesIO(data))
    parts = []
    for element in document.text.childNodes:
        if getattr(element, "qname", None) in ((TEXTNS, "p"), (TEXTNS, "h")):
            parts.append(teletype.extractText(element))
        elif hasattr(element, "getElementsByType"):  # lists, sections, tables: their paragraphs in order
            parts.extend(teletype.extractText(p) for p in element.getElementsByType(P))
    return "\n".join(parts)


def transcript_text_from_upload(upload: Any) -> tuple[str, str]:
    """Return (normalised text, source) of an uploaded transcript, or refuse with a clear message."""
    suffix = suffix_of(upload)
    if suffix not in TRANSCRIPT_TYPES:
        raise ValidationError(
            _("Jenis berkas %(suffix)s tidak didukung. Unggah transkrip sebagai .txt, .docx atau .odt.")
            % {"suffix": suffix or _("(tanpa ekstensi)")}
        )
    check_size(upload, transcript_max_bytes())
    data = _read(upload)
    if suffix == ".txt":
        if b"\x00" in data and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
            raise ValidationError(_("Berkas .txt ini bukan teks biasa."))
        text = _decode_txt(data)
    else:
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise ValidationError(
                _("Berkas %(suffix)s rusak atau bukan dokumen %(suffix)s.") % {"suffix": suffix}
            )
        try:
            text = _docx_text(data) if suffix == ".docx" else _odt_text(data)
        except Exception:  # noqa: BLE001 - any parser failure means a corrupt or foreign document
            raise ValidationError(
                _("Berkas %(suffix)s rusak atau bukan dokumen %(suffix)s.") % {"suffix": suffix}
            ) from None
    text = normalise_text(text)
    if not text:
        raise ValidationError(_("Transkrip kosong: berkas tidak berisi teks."))
    return text, suffix.lstrip(".")


def check_audio(upload: Any) -> None:
    suffix = suffix_of(upload)
    if suffix not in AUDIO_TYPES:
        raise ValidationError(
            _("Jenis berkas audio %(suffix)s tidak didukung. Gunakan %(types)s.")
            % {"suffix": suffix or _("(tanpa ekstensi)"), "types": ", ".join(AUDIO_TYPES)}
        )
    check_size(upload, audio_max_bytes())
