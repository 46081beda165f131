"""One validator for uploaded files: size, type by content (magic bytes), and zip-bomb limits.

Other apps call ``validate_upload(upload, kinds=("pdf", "png", "jpeg"), max_bytes=...)`` in a form's
clean method or a service, or put ``UploadValidator(...)`` in a field's ``validators``. Files are stored
under MEDIA_ROOT, which is never served directly: see tilik.core.security.files.serve_private_file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from tilik.core.security.zipcheck import ZipRefused, zip_members

SNIFF_BYTES = 8192


def _zip_has(*names: str) -> Callable[[bytes, Any], bool]:
    def check(head: bytes, fileobj: Any) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        members = zip_guard(fileobj)
        return all(any(m == n or m.startswith(n) for m in members) for n in names)

    return check


def _text(head: bytes, fileobj: Any) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as exc:
            # A multi-byte character may be cut at the end of the sniffed block.
            if encoding == "utf-8" and exc.start >= len(head) - 3:
                return True
            continue
        return True
    return False


@dataclass(frozen=True)
class Kind:
    extensions: tuple[str, ...]
    content_type: str
    sniff: Callable[[bytes, Any], bool]


def _magic(*prefixes: bytes, offset: int = 0) -> Callable[[bytes, Any], bool]:
    return lambda head, _f: any(head[offset:].startswith(p) for p in prefixes)


KINDS: dict[str, Kind] = {
    "pdf": Kind((".pdf",), "application/pdf", _magic(b"%PDF-")),
    "png": Kind((".png",), "image/png", _magic(b"\x89PNG\r\n\x1a\n")),
    "jpeg": Kind((".jpg", ".jpeg"), "image/jpeg", _magic(b"\xff\xd8\xff")),
    "xlsx": Kind(
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _zip_has("[Content_Types].xml", "xl/"),
    ),
    "docx": Kind(
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _zip_has("[Content_Types].xml", "word/"),
    ),
    "odt": Kind((".odt",), "application/vnd.oasis.opendocument.text", _zip_has("mimetype", "content.xml")),
    "ods": Kind((".ods",), "application/vnd.oasis.opendocument.spreadsheet", _zip_has("mimetype", "content.xml")),
    "csv": Kind((".csv",), "text/csv", _text),
    "txt": Kind((".txt",), "text/plain", _text),
    "mp3": Kind((".mp3",), "audio/mpeg", _magic(b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    "m4a": Kind((".m4a", ".mp4"), "audio/mp4", _magic(b"ftyp", offset=4)),
    "wav": Kind((".wav",), "audio/wav", lambda h, _f: h.startswith(b"RIFF") and h[8:12] == b"WAVE"),
    "ogg": Kind((".ogg", ".oga", ".opus"), "audio/ogg", _magic(b"OggS")),
    "webm": Kind((".webm",), "audio/webm", _magic(b"\x1a\x45\xdf\xa3")),
}


def zip_guard(fileobj: Any) -> list[str]:
    """Names in the archive, after refusing zip bombs by the declared sizes, before anything is inflated.

    Raises ValidationError with code "bad_zip" or "zip_bomb" (see tilik.core.security.zipcheck).
    """
    try:
        return zip_members(fileobj, _size(fileobj))
    except ZipRefused as exc:
        if exc.reason == "bad_zip":
            raise ValidationError(_("Berkas arsip rusak atau bukan arsip yang sah."), code="bad_zip") from exc
        raise ValidationError(
            _("Berkas arsip terlalu besar setelah diekstrak (dicurigai zip bomb)."), code="zip_bomb"
        ) from exc


def _size(fileobj: Any) -> int:
    size = getattr(fileobj, "size", None)
    if size is not None:
        return int(size)
    position = fileobj.tell()
    fileobj.seek(0, 2)
    end = fileobj.tell()
    fileobj.seek(position)
    return int(end)


def _extension(name: str) -> str:
    name = name.lower()
    return name[name.rfind(".") :] if "." in name else ""


def validate_upload(upload: IO[bytes] | Any, *, kinds: Iterable[str], max_bytes: int) -> str:
    """Check an uploaded file (Django UploadedFile or any binary file object); return its kind.

    Refuses: empty files, files over ``max_bytes``, an extension not in ``kinds``, content that does not
    match the extension, and archives that would expand too far. Reads at most SNIFF_BYTES into memory.
    """
    wanted = [k for k in kinds if k in KINDS]
    size = _size(upload)
    if size == 0:
        raise ValidationError(_("Berkas kosong."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s MB; paling besar %(max)s MB).")
            % {"size": f"{size / 1048576:.1f}", "max": f"{max_bytes / 1048576:.1f}"},
            code="too_big",
        )
    extension = _extension(getattr(upload, "name", "") or "")
    candidates = [k for k in wanted if extension in KINDS[k].extensions]
    allowed = ", ".join(ext for k in wanted for ext in KINDS[k].extensions)
    if not candidates:
        raise ValidationError(_("Jenis berkas tidak diterima. Yang diterima: %(ext)s.") % {"ext": allowed}, code="type")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    for kind in candidates:
        if KINDS[kind].sniff(head, upload):
            return kind
    raise ValidationError(
        _("Isi berkas tidak sesuai dengan jenisnya (%(ext)s).") % {"ext": extension}, code="content_mismatch"
    )


@deconstructible
class UploadValidator:
    """A field validator, e.g. ``UploadValidator(("pdf",), "TILIK_CERTIFICATE_MAX_BYTES")``."""

    def __init__(self, kinds: Iterable[str], max_bytes_setting: str) -> None:
        self.kinds = tuple(kinds)
        self.max_bytes_setting = max_bytes_setting

    def __call__(self, upload: Any) -> None:
        from django.conf import settings

        validate_upload(upload, kinds=self.kinds, max_bytes=int(getattr(settings, self.max_bytes_setting)))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, UploadValidator)
            and other.kinds == self.kinds
            and other.max_bytes_setting == self.max_bytes_setting
        )

    def __hash__(self) -> int:
        return hash((self.kinds, self.max_bytes_setting))
