"""The demo's kop surat and lembar pengesahan: BKPSDM Kota Denpasar, marked as demo data.

DEMO DATA. The address is the city government's office complex as publicly known; the phone number, the
signing official's name and NIP are invented, and the logo is a drawn placeholder, not the city's emblem.
An evaluator replaces all of it in Laporan → Kop dan pengesahan.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tilik.reports.services_letterhead import letterhead_save

ACTOR = "demo"
DENPASAR = {
    "pemda": "Pemerintah Kota Denpasar",
    "instansi": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "address": "Jalan Majapahit Nomor 1, Lumintang, Denpasar, Bali 80231",
    "phone": "(0361) 000000 (contoh)",
    "email": "bkpsdm@denpasarkota.go.id",
    "website": "bkpsdm.denpasarkota.go.id",
    "number": "000.9.3/1520/BKPSDM",
    "place": "Denpasar",
    "signed_on": None,  # the report's generation date
    "signer_name": "I Made Contoh Wirawan, S.H., M.Si.",
    "signer_nip": "197205141998031004",  # invented, valid by tilik.org.nip
    "signer_position": "Sekretaris Daerah Kota Denpasar",
    "signer_rank": "Pembina Utama Madya (IV/d)",
}


def placeholder_logo() -> bytes:
    """A plain shield in the city's colours with CONTOH on it: clearly not the real emblem."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (240, 280), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    shield = [(20, 10), (220, 10), (220, 150), (120, 270), (20, 150)]
    draw.polygon(shield, fill=(16, 84, 150), outline=(212, 160, 23))
    draw.line([*shield, shield[0]], fill=(212, 160, 23), width=8)
    draw.ellipse((80, 50, 160, 130), fill=(212, 160, 23))
    font = ImageFont.load_default(size=30)
    draw.text((120, 185), "CONTOH", fill="white", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def build_letterhead_demo(*, seed: int) -> dict[str, Any]:
    logo = SimpleUploadedFile("logo-contoh.png", placeholder_logo(), content_type="image/png")
    row = letterhead_save(by=ACTOR, values=DENPASAR, logo=logo, is_demo=True)
    return {"instansi": row.instansi, "penanda_tangan": row.signer_position}
