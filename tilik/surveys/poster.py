"""The A4 poster for a public IKM survey: a QR code (segno) and Indonesian instructions, as PDF.

Pure Python: the QR matrix from segno is drawn as filled rectangles in a
hand-written single-page PDF using the standard Helvetica fonts, so the poster
needs no system libraries (no Cairo/Pango) and prints the same everywhere.
"""

from __future__ import annotations

import textwrap

import segno

A4_W, A4_H = 595.28, 841.89
MARGIN = 56.0


def _pdf_text(value: str) -> str:
    raw = value.encode("cp1252", errors="replace").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _width(value: str, size: float, bold: bool) -> float:
    """Approximate Helvetica advance widths (em fractions) by character class; enough to centre a line."""
    total = 0.0
    for ch in value:
        if ch == " ":
            total += 0.278
        elif ch.isupper():
            total += 0.722 if bold else 0.667
        elif ch.isdigit():
            total += 0.556
        elif ch in "ilj.,:;'|!":
            total += 0.26
        elif ch in "mw":
            total += 0.86
        else:
            total += 0.59 if bold else 0.54
    return total * size


class _Page:
    def __init__(self) -> None:
        self.ops: list[str] = []

    def text(
        self, x: float, y: float, size: float, value: str, *, bold: bool = False, center: bool = False
    ) -> None:
        if center:
            x = (A4_W - _width(value, size, bold)) / 2
        font = "F2" if bold else "F1"
        self.ops.append(f"BT /{font} {size:.1f} Tf {x:.2f} {y:.2f} Td ({_pdf_text(value)}) Tj ET")

    def paragraph(
        self,
        x: float,
        y: float,
        size: float,
        value: str,
        width_chars: int,
        *,
        bold: bool = False,
        center: bool = False,
    ) -> float:
        for line in textwrap.wrap(value, width_chars) or [""]:
            self.text(x, y, size, line, bold=bold, center=center)
            y -= size * 1.35
        return y

    def qr(self, data: str, x: float, y_top: float, size: float) -> None:
        code = segno.make(data, error="m")
        matrix = code.matrix
        n = len(matrix)
        cell = size / n
        self.ops.append("0 0 0 rg")
        for r, row in enumerate(matrix):
            c = 0
            while c < n:
                if row[c] & 1:
                    start = c
                    while c < n and row[c] & 1:
                        c += 1
                    yy = y_top - (r + 1) * cell
                    self.ops.append(f"{x + start * cell:.3f} {yy:.3f} {(c - start) * cell:.3f} {cell:.3f} re")
                else:
                    c += 1
        self.ops.append("f")

    def rect(self, x: float, y: float, w: float, h: float, rgb: tuple[float, float, float]) -> None:
        self.ops.append(
            f"{rgb[0]:.3f} {rgb[1]:.3f} {rgb[2]:.3f} rg {x:.2f} {y:.2f} {w:.2f} {h:.2f} re f 0 0 0 rg"
        )


def _document(content: bytes, title: str) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4_W} {A4_H}] "
            "/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        ).encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        f"<< /Title ({_pdf_text(title)}) /Producer (Tilik) >>".encode("latin-1"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def poster_pdf(*, url: str, unit_name: str, period: str, region: str, closes: str) -> bytes:
    page = _Page()
    page.rect(0, A4_H - 120, A4_W, 120, (0.043, 0.431, 0.31))
    page.ops.append("1 1 1 rg")
    page.text(0, A4_H - 62, 26, "SURVEI KEPUASAN MASYARAKAT", bold=True, center=True)
    page.text(0, A4_H - 94, 14, region, center=True)
    page.ops.append("0 0 0 rg")
    y = page.paragraph(MARGIN, A4_H - 165, 20, unit_name, 44, bold=True, center=True)
    page.text(
        0, y - 4, 13, f"Periode {period}" + (f" - terbuka sampai {closes}" if closes else ""), center=True
    )
    qr_size = 300.0
    top = y - 40
    page.qr(url, (A4_W - qr_size) / 2, top, qr_size)
    y = top - qr_size - 36
    page.text(0, y, 16, "Pindai kode QR dengan kamera ponsel Anda", bold=True, center=True)
    y -= 30
    steps = [
        "1. Buka kamera atau aplikasi pemindai QR, arahkan ke kode di atas.",
        "2. Ketuk tautan yang muncul; survei terbuka di peramban, tanpa perlu masuk (login).",
        "3. Jawab sembilan pertanyaan tentang layanan yang baru Anda terima, lalu tekan Kirim.",
        "Survei ini sukarela dan anonim: nama dan nomor Anda tidak diminta dan tidak disimpan.",
    ]
    for step in steps:
        y = page.paragraph(MARGIN + 10, y, 12, step, 80)
        y -= 4
    page.text(MARGIN + 10, y - 10, 10, "Atau ketik alamat ini:", bold=True)
    page.paragraph(MARGIN + 10, y - 26, 10, url, 95)
    page.text(
        0,
        40,
        9,
        "Dasar: PermenPAN-RB No. 14 Tahun 2017 tentang Pedoman Penyusunan Survei Kepuasan Masyarakat",
        center=True,
    )
    content = "\n".join(page.ops).encode("latin-1")
    return _document(content, f"SKM {unit_name} {period}")
