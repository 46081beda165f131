"""Presenters for spreadsheets: responses as CSV/XLSX, the WhatsApp list and the invitation list.

Cells that a spreadsheet would run as a formula (starting with = + - @, or a
tab/carriage return) are prefixed with an apostrophe (OWASP's advice). Every
function returns the file with the number of data rows in it, which the view
writes to the audit log (audit_export).
"""

from __future__ import annotations

import csv
import io
import urllib.parse
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from analysis.disclosure import rare_categories
from tilik.core.cells import neutralise  # the one formula-injection guard of every export
from tilik.surveys.choices import RaterGroup
from tilik.surveys.models import Invitation, Wave
from tilik.surveys.selectors.results import responses_frame
from tilik.surveys.selectors.waves import pending_invitations
from tilik.surveys.services.waves import invitation_token

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Export:
    content: bytes
    rows: int  # data rows, header excluded


def _xlsx(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


QUASI_IDENTIFIERS = ("tanggal", "unit", "kelompok_penilai")
OTHER = "lainnya"


def _recode_rare(frame: pd.DataFrame) -> pd.DataFrame:
    """Anonymous rows: a date, unit or rater group held by fewer than k rows becomes "lainnya".

    The invitation list says who answered from which unit and the wave says when, so a rare value of
    these columns would point at a person (rare_categories also keeps the merged group at k or more).
    """
    k = int(settings.TILIK_MIN_CELL)
    frame = frame.copy()
    for column in QUASI_IDENTIFIERS:
        values = frame[column].map(lambda v: "" if v is None or v != v else str(v))
        merged = rare_categories({str(v): int(c) for v, c in values.value_counts().items()}, k=k)
        if merged:
            frame[column] = [OTHER if v in merged else orig for v, orig in zip(values, frame[column], strict=True)]
    return frame


def _export_frame(wave: Wave, response_ids: Collection[str] | None = None) -> pd.DataFrame:
    codes, questions = responses_frame(wave, response_ids=response_ids)
    labels, _questions = responses_frame(wave, labels=True, response_ids=response_ids)
    frame = codes.copy()
    for q in questions:
        if not q.choices.exists():
            continue
        # a question in a repeat group has a column per iteration, code[1], code[2], ...
        for column in [c for c in labels.columns if c == q.code or c.startswith(f"{q.code}[")]:
            frame[f"{column}_label"] = labels[column]
    if wave.anonymity == "anonim" or wave.audience == "public":
        frame = _recode_rare(frame.drop(columns=["kunci_peserta"]))
    return frame


def _cells(frame: pd.DataFrame) -> list[list[Any]]:
    rows = []
    for record in frame.itertuples(index=False):
        rows.append([neutralise(None if (isinstance(v, float) and v != v) else v) for v in record])
    return rows


def responses_csv(wave: Wave, *, response_ids: Collection[str] | None = None) -> Export:
    frame = _export_frame(wave, response_ids)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([neutralise(c) for c in frame.columns])
    rows = _cells(frame)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    # BOM: Excel opens UTF-8 correctly
    return Export(("\ufeff" + buffer.getvalue()).encode("utf-8"), len(rows))


def responses_xlsx(wave: Wave, *, response_ids: Collection[str] | None = None) -> Export:
    frame = _export_frame(wave, response_ids)
    book = Workbook()
    sheet = book.active
    sheet.title = "respons"
    sheet.append([neutralise(c) for c in frame.columns])
    rows = _cells(frame)
    for row in rows:
        sheet.append(row)
    return Export(_xlsx(book), len(rows))


def _wa_number(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


def whatsapp_message(invitation: Invitation, *, wave: Wave, link: str) -> str:
    """The prefilled WhatsApp text, in the site's language (settings.LANGUAGE_CODE).

    The reader is the invited ASN, not the evaluator who downloads the list: an evaluator who
    browses in English must still send Denpasar staff the Indonesian text that matches the
    Indonesian wave title and the survey they will open (respondent pages default to it too).
    """
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "name": invitation.name,
            "title": wave.title,
            "close": formats.date_format(timezone.localtime(wave.closes_at), "j F Y"),
            "link": link,
            "ratee": invitation.subject.name if invitation.subject else "",
        }
        if invitation.rater_group == RaterGroup.SUPERVISOR and invitation.subject_id:
            text = _(
                'Yth. %(name)s, sebagai atasan langsung mohon menilai perilaku kerja %(ratee)s melalui "%(title)s" '
                "sebelum %(close)s. Tautan pribadi (jangan diteruskan): %(link)s"
            )
        elif invitation.rater_group == RaterGroup.PEER and invitation.subject_id:
            text = _(
                'Yth. %(name)s, sebagai rekan kerja mohon menilai perilaku kerja %(ratee)s melalui "%(title)s" '
                "sebelum %(close)s. Tautan pribadi (jangan diteruskan): %(link)s"
            )
        else:
            text = _(
                'Yth. %(name)s, mohon mengisi "%(title)s" sebelum %(close)s melalui tautan pribadi berikut '
                "(jangan diteruskan): %(link)s"
            )
        return text % values


def _link(base_url: str, invitation: Invitation) -> str:
    return f"{base_url.rstrip('/')}/s/t/{invitation_token(invitation)}/"


def whatsapp_xlsx(wave: Wave, *, base_url: str) -> Export:
    """Pending invitees with wa.me links whose message carries the personal link."""
    book = Workbook()
    sheet = book.active
    sheet.title = "whatsapp"
    sheet.append(["nama", "unit", "kelompok", "nomor", "tautan_survei", "tautan_whatsapp", "dinilai"])
    rows = 0
    for inv in pending_invitations(wave).select_related("unit", "subject"):
        link = _link(base_url, inv)
        number = _wa_number(inv.phone)
        message = whatsapp_message(inv, wave=wave, link=link)
        wa = f"https://wa.me/{number}?text={urllib.parse.quote(message)}" if number else ""
        sheet.append(
            [
                neutralise(inv.name),
                neutralise(inv.unit.name if inv.unit else ""),
                inv.get_rater_group_display(),
                neutralise(number),
                link,
                wa,
                neutralise(inv.subject.name if inv.subject else ""),
            ]
        )
        rows += 1
    return Export(_xlsx(book), rows)


def invitations_xlsx(wave: Wave) -> Export:
    """Every invitation of the wave: who, which rater group, whom they rate, sent, reminded, answered.

    No token or link: this list is for checking who is invited, not for sending.
    """
    book = Workbook()
    sheet = book.active
    sheet.title = "undangan"
    sheet.append(
        ["nama", "nip", "unit", "kelompok", "dinilai", "surel", "nomor", "dikirim", "pengingat", "sudah_mengisi"]
    )
    invitations = wave.invitations.select_related("employee", "subject", "unit", "use").order_by(
        "subject__name", "rater_group", "name", "pk"
    )
    rows = 0
    for inv in invitations:
        used = hasattr(inv, "use")
        sheet.append(
            [
                neutralise(inv.name),
                inv.employee.nip if inv.employee else "",
                neutralise(inv.unit.name if inv.unit else ""),
                inv.get_rater_group_display(),
                neutralise(inv.subject.name if inv.subject else ""),
                neutralise(inv.email),
                neutralise(inv.phone),
                inv.sent_on,
                inv.reminders,
                _("ya") if used else _("belum"),
            ]
        )
        rows += 1
    return Export(_xlsx(book), rows)
