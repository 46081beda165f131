"""Everything Tilik holds about one ASN, and the log of its processing (UU PDP access right).

The collection walks the models instead of listing them, so a new app's table that points at
org.Employee (directly, or through one table that does) is included without changes here. Anonymous
survey answers hold no link to anyone, so they are not, and cannot be, part of it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q

from tilik.core.models import AuditEvent

MAX_ROWS_PER_TABLE = 10_000
# Secrets that identify nobody more than the row does but could be replayed: never exported. An invitation's
# nonce is half of its survey link (token = HMAC(SECRET_KEY, pk:nonce)): internal, not the subject's data.
HIDDEN_FIELD_MARKERS = ("password", "token", "secret", "hash", "key_digest", "bin_key", "nonce")
SKIPPED_MODELS = {
    "core.auditevent",
    "admin.logentry",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}
# Links that point at the ASN as the one being rated by others (360° invitations): following them would
# reveal who the raters are, so the ASN's copy leaves them out (their rating reaches them as aggregates).
EXCLUDED_POINTERS = {("surveys.invitation", "subject")}


@dataclass
class SubjectData:
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    log: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(len(rows) for rows in self.sections.values()) + len(self.log)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    if isinstance(value, bytes | memoryview):
        return None
    return value


def _visible_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if not any(marker in f.name.lower() for marker in HIDDEN_FIELD_MARKERS)
    ]


def _rows(queryset: models.QuerySet[Any]) -> list[dict[str, Any]]:
    fields = _visible_fields(queryset.model)
    out = []
    for obj in queryset.order_by("pk")[:MAX_ROWS_PER_TABLE]:
        row = {}
        for f in fields:
            row[f.attname] = _plain(getattr(obj, f.attname))
            if f.choices:
                row[f"{f.name}_label"] = str(getattr(obj, f"get_{f.name}_display")())
        out.append(row)
    return out


def _pointers(target: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    found = []
    for model in apps.get_models():
        if model._meta.label_lower in SKIPPED_MODELS:
            continue
        for f in model._meta.concrete_fields:
            excluded = (model._meta.label_lower, f.name) in EXCLUDED_POINTERS
            if f.is_relation and f.related_model is target and not excluded:
                found.append((model, f.name))
    return found


def collect_subject_data(*, employee: models.Model, user: Any) -> SubjectData:
    """Everything pointing at ``employee`` (an org.Employee; its model is taken from the record, so core needs
    no import of the org app) and at ``user``, one hop further, and the processing log."""
    employee_model = type(employee)
    label_employee = employee_model._meta.label_lower  # "org.employee"
    data = SubjectData()
    data.sections[label_employee] = _rows(employee_model._default_manager.filter(pk=employee.pk))
    targets: dict[str, set[str]] = {label_employee: {str(employee.pk)}}
    if user is not None:
        account = _rows(get_user_model().objects.filter(pk=user.pk))
        data.sections["auth.user"] = [{k: v for k, v in row.items() if k != "password"} for row in account]
        targets[get_user_model()._meta.label_lower] = {str(user.pk)}
    first_hop: list[tuple[type[models.Model], list[Any]]] = []
    for model, name in _pointers(employee_model):
        queryset = model._default_manager.filter(**{name: employee})
        rows = _rows(queryset)
        if rows:
            label = model._meta.label_lower
            data.sections.setdefault(label, []).extend(rows)
            pks = [row[model._meta.pk.attname] for row in rows]
            targets.setdefault(label, set()).update(str(pk) for pk in pks)
            first_hop.append((model, pks))
    for parent, pks in first_hop:  # one more hop: attendance of an enrolment, answers of a participant key
        for model, name in _pointers(parent):
            label = model._meta.label_lower
            rows = _rows(model._default_manager.filter(**{f"{name}__in": pks}))
            if rows:
                data.sections.setdefault(label, []).extend(rows)
                targets.setdefault(label, set()).update(str(row[model._meta.pk.attname]) for row in rows)
    data.log = processing_log(user=user, targets=targets)
    return data


def processing_log(*, user: Any, targets: dict[str, set[str]]) -> list[dict[str, Any]]:
    """Audit events done by the user or done to any of their records, oldest first."""
    query = Q(actor=user) if user is not None else Q(pk__in=[])
    for label, ids in targets.items():
        query |= Q(target_type=label, target_id__in=sorted(ids))
    events = AuditEvent.objects.filter(query).order_by("at", "id")[:MAX_ROWS_PER_TABLE]
    return [
        {
            "waktu": e.at.isoformat(),
            "pelaku": e.actor_label,
            "tindakan": e.action,
            "jenis_objek": e.target_type,
            "id_objek": e.target_id,
            "rincian": e.detail,
        }
        for e in events
    ]


def to_json(data: SubjectData) -> bytes:
    payload = {"data": data.sections, "log_pemrosesan": data.log}
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, default=str)
    from tilik.core.cells import neutralise

    return neutralise(value)  # never a formula in the recipient's Excel


def to_xlsx(data: SubjectData) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheets = dict(data.sections)
    sheets["log_pemrosesan"] = data.log
    used: set[str] = set()
    for label, rows in sheets.items():
        title = label.replace(".", "_")[:28]
        while title in used:
            title = title[:26] + f"_{len(used)}"
        used.add(title)
        sheet = book.create_sheet(title)
        columns = list(dict.fromkeys(key for row in rows for key in row))
        sheet.append(columns)
        for row in rows:
            sheet.append([_cell(row.get(column)) for column in columns])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
