"""Presenters for spreadsheets: responses as CSV/XLSX and the WhatsApp invitation list.

Cells that a spreadsheet would run as a formula (starting with = + - @, or a
tab/carriage return) are prefixed with an apostrophe (OWASP's advice).
"""

from __future__ import annotations

import csv
import io
import urllib.parse
from typing import Any

import pandas as pd
from django.utils import timezone
from openpyxl import Workbook

from tilik.surveys.models import Wave
from tilik.surveys.selectors.results import responses_frame
from tilik.surveys.selectors.waves import pending_invitations
from tilik.surveys.services.waves import invitation_token

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def _export_frame(wave: Wave) -> pd.DataFrame:
    codes, questions = responses_frame(wave)
    labels, _questions = responses_frame(wave, labels=True)
    frame = codes.copy()
    for q in questions:
        if q.choices.exists() and q.code in labels:
            frame[f"{q.code}_label"] = labels[q.code]
    if wave.anonymity == "anonim":
        frame = frame.drop(columns=["kunci_peserta"])
    return frame


def _cells(frame: pd.DataFrame) -> list[list[Any]]:
    rows = []
    for record in frame.itertuples(index=False):
        rows.append([neutralise(None if (isinstance(v, float) and v != v) else v) for v in record])
    return rows


def responses_csv(wave: Wave) -> bytes:
    frame = _export_frame(wave)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(c) for c in frame.columns])
    for row in _cells(frame):
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 correctly


def responses_xlsx(wave: Wave) -> bytes:
    frame = _export_frame(wave)
    book = Workbook()
    sheet = book.active
    sheet.title = "respons"
    sheet.append([neutralise(c) for c in frame.columns])
    for row in _cells(frame):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _wa_number(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


def whatsapp_xlsx(wave: Wave, *, base_url: str) -> bytes:
    """Pending invitees with wa.me links whose message carries the personal link."""
    book = Workbook()
    sheet = book.active
    sheet.title = "whatsapp"
    sheet.append(["nama", "unit", "kelompok", "nomor", "tautan_survei", "tautan_whatsapp"])
    close = timezone.localtime(wave.closes_at).strftime("%d-%m-%Y")
    for inv in pending_invitations(wave).select_related("unit"):
        link = f"{base_url.rstrip('/')}/s/t/{invitation_token(inv)}/"
        message = (
            f'Yth. {inv.name}, mohon mengisi "{wave.title}" sebelum {close} melalui tautan pribadi '
            f"berikut (jangan diteruskan): {link}"
        )
        number = _wa_number(inv.phone)
        wa = f"https://wa.me/{number}?text={urllib.parse.quote(message)}" if number else ""
        sheet.append(
            [
                neutralise(inv.name),
                neutralise(inv.unit.name if inv.unit else ""),
                inv.get_rater_group_display(),
                neutralise(number),
                link,
                wa,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
