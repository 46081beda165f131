"""Writes for the kop surat and lembar pengesahan (Laporan → Kop dan pengesahan): validated, audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tilik.core.audit import audit_record
from tilik.reports.models import Letterhead

LOGO_MAX_BYTES = 1024 * 1024  # a letterhead logo; a scanned emblem is a few hundred KB at most
LOGO_MAX_PIXELS = 4000 * 4000
LETTERHEAD_FIELDS = (
    "pemda",
    "instansi",
    "address",
    "phone",
    "email",
    "website",
    "number",
    "place",
    "signed_on",
    "signer_name",
    "signer_nip",
    "signer_position",
    "signer_rank",
)


def logo_validate(upload: Any) -> None:
    """A PNG or JPEG by content (tilik.core.security.uploads) that Pillow can also decode as an image."""
    from PIL import Image, UnidentifiedImageError

    from tilik.core.security.uploads import validate_upload

    validate_upload(upload, kinds=("png", "jpeg"), max_bytes=LOGO_MAX_BYTES)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise ValidationError(_("Gambar logo terlalu besar (paling banyak 4000 × 4000 piksel)."))
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError(_("Berkas logo bukan gambar PNG atau JPEG yang sah.")) from exc
    finally:
        upload.seek(0)


@transaction.atomic
def letterhead_save(
    *, by: Any, values: dict[str, Any], logo: Any = None, remove_logo: bool = False, is_demo: bool = False
) -> Letterhead:
    """Store the kop surat and lembar pengesahan (one row: the first one is updated, else created)."""
    row = Letterhead.objects.select_for_update().first() or Letterhead()
    changed = [name for name in LETTERHEAD_FIELDS if name in values and getattr(row, name) != values[name]]
    for name in LETTERHEAD_FIELDS:
        if name in values:
            setattr(row, name, values[name])
    if remove_logo and row.logo:
        row.logo.delete(save=False)
        changed.append("logo")
    if logo is not None:
        logo_validate(logo)
        ext = ".png" if logo.read(4) == b"\x89PNG" else ".jpg"
        logo.seek(0)
        row.logo.save(f"logo{ext}", logo, save=False)
        changed.append("logo")
    row.is_demo = is_demo
    row.updated_by = by if getattr(by, "is_authenticated", False) else None
    row.full_clean()
    row.save()
    audit_record(actor=by, action="report.letterhead_save", target=row, fields=sorted(set(changed)))
    return row
