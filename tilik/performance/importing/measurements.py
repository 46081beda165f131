"""Measurements: validate every row against the catalogue, then diff against the store (upsert plan).

Each row is checked field by field with the rules ``Measurement.full_clean`` would apply (entity exists,
period well-formed and allowed for the indicator, numeric value inside the indicator's range), plus the
natural key being unique inside the file. Rows are not ``full_clean``-ed one by one: a 200,000-row
file would spend minutes there; the database constraints still guard the writes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from math import isfinite
from typing import Any, cast

from django.db import connection
from django.utils.translation import gettext as _

from tilik.org.models import Employee, Unit
from tilik.org.nip import normalize_nip
from tilik.performance.importing.common import Preview, norm, parse_number, show, text
from tilik.performance.importing.mapping import find_column
from tilik.performance.importing.reader import Table
from tilik.performance.models import Indicator, Measurement
from tilik.performance.periods import FREQUENCY_ID, PeriodError, parse_period, period_code

Key = tuple[int, int | None, int | None, str, dt.date]  # indicator, employee, unit, frequency, start
CHUNK = 5000
Sink = Callable[[list[tuple[Key, float]]], None]


@dataclass
class MeasurementPlan:
    creates: list[tuple[Key, float]]
    updates: list[tuple[int, float, float]]  # measurement id, old value, new value


def _indicator_lookup() -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    for indicator in Indicator.objects.all():
        out[norm(indicator.code)] = indicator
        out[norm(indicator.name)] = indicator
    return out


def _unit_lookup() -> dict[str, int]:
    out: dict[str, int] = {}
    for pk, code, name in Unit.objects.values_list("pk", "code", "name"):
        out[norm(name)] = pk
        out[norm(code)] = pk
    return out


def _employee_lookup(nips: set[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    items = sorted(nips)
    for i in range(0, len(items), CHUNK):
        out.update(Employee.objects.filter(nip__in=items[i : i + CHUNK]).values_list("nip", "pk"))
    return out


def _employee_of(raw: Any, employees: dict[str, int]) -> int | str:
    """The employee id of a NIP cell, or the normalised NIP when it is malformed or not stored."""
    nip = normalize_nip(text(raw))
    if nip.isdigit() and len(nip) == 18 and nip in employees:
        return employees[nip]
    return nip if nip.isdigit() and len(nip) == 18 else "!" + nip  # "!" keeps a malformed one non-numeric


def _period_of(raw: Any, frequency: str) -> tuple[str, dt.date] | str:
    """(frequency, start) of a period cell, or the Indonesian reason it is not one."""
    try:
        return parse_period(raw, frequency)
    except PeriodError as exc:
        return str(exc)


def _value(raw: Any, indicator: Indicator, labels: dict[tuple[int, str], float]) -> float:
    """The number in a value cell; ``labels`` caches label texts already resolved ("Baik" -> 4)."""
    if type(raw) is float or type(raw) is int:  # native spreadsheet numbers: the common case
        number = float(raw)
        if math.isfinite(number):
            return number
    if indicator.value_labels and isinstance(raw, str):
        key = (indicator.id, raw)
        if key in labels:
            return labels[key]
        known = {norm(k): v for k, v in indicator.value_labels.items()}
        if norm(raw) in known:
            labels[key] = float(known[norm(raw)])
            return labels[key]
    return parse_number(raw)


def validate_measurements(
    table: Table, mapping: dict[str, Any], preview: Preview, sink: Sink | None = None
) -> dict[Key, tuple[int, float]]:
    """Rows -> {natural key: (row number, value)}; problems go to ``preview.errors``.

    ``sink``, when given, receives the valid rows as (key, value) in chunks of CHUNK while the file is
    still being checked, so that writing can overlap checking; it must cope with a later row failing.
    """
    headers = table.headers
    indicators = _indicator_lookup()
    nip_col = find_column(headers, mapping.get("nip_column"), preview, required=False, purpose="NIP")
    unit_col = find_column(headers, mapping.get("unit_column"), preview, required=False, purpose="unit")
    period_col = find_column(headers, mapping.get("period_column"), preview, required=True, purpose="periode")
    frequency = mapping.get("frequency") or ""
    targets: list[tuple[Indicator | None, int | None, int | None]] = []  # fixed indicator, indicator col, value col
    if mapping.get("value_columns"):
        for code, header in mapping["value_columns"].items():
            indicator = indicators.get(norm(code))
            if indicator is None:
                preview.add_error(1, header, code, _("indikator '%(c)s' tidak ada di katalog") % {"c": code})
                continue
            col = find_column(headers, header, preview, required=False, purpose=indicator.name)
            if col is not None:
                targets.append((indicator, None, col))
        if not targets and preview.ok:
            preview.add_error(1, "", "", _("tidak satu pun kolom nilai dari pemetaan ditemukan di berkas"))
    else:
        ind_col = find_column(headers, mapping.get("indicator_column"), preview, required=True, purpose="indikator")
        val_col = find_column(headers, mapping.get("value_column"), preview, required=True, purpose="nilai")
        targets.append((None, ind_col, val_col))
    if nip_col is None and unit_col is None:
        preview.add_error(1, "", "", _("pemetaan harus menyebut kolom NIP atau kolom unit, dan kolom itu harus ada"))
    if not preview.ok:
        return {}

    rows = table.rows
    employees: dict[str, int] = {}
    if nip_col is not None and isinstance(rows, list):
        employees = _employee_lookup({normalize_nip(text(raw)) for raw in {cells[nip_col] for _n, cells in rows}})
    elif nip_col is not None:  # rows still being read: every stored NIP (thousands, one query)
        employees = dict(Employee.objects.values_list("nip", "pk"))
    units = _unit_lookup()
    unknown_nips: set[str] = set()
    wide = bool(mapping.get("value_columns"))
    out: dict[Key, tuple[int, float]] = {}
    # A 200,000-row file holds a few dozen periods, indicators and units and a few thousand NIPs:
    # each distinct cell value is parsed once and the verdict reused (same messages as a fresh parse).
    periods: dict[Any, tuple[str, dt.date] | str] = {}
    entity_of_nip: dict[Any, int | str] = {}
    indicator_of: dict[Any, Any] = {}  # raw cell -> Indicator | None (a sentinel marks 'not looked up')
    unit_of: dict[Any, int | None] = {}
    labels: dict[tuple[int, str], float] = {}
    nip_header = headers[nip_col] if nip_col is not None else ""
    period_header = headers[period_col or 0]
    pending: list[tuple[Key, float]] = []
    missing = object()
    seen = 0
    for row, cells in rows:
        seen += 1
        for fixed, ind_col, val_col in targets:
            raw_value = cells[val_col] if val_col is not None else None
            if wide and text(raw_value) == "":
                continue  # a wide file leaves a cell empty when there is no value for that indicator
            indicator = fixed
            if indicator is None:
                raw_ind = cells[ind_col] if ind_col is not None else None
                indicator = indicator_of.get(raw_ind, missing)
                if indicator is missing:
                    indicator = indicator_of[raw_ind] = indicators.get(norm(text(raw_ind)))
                if indicator is None:
                    preview.add_error(row, headers[ind_col or 0], text(raw_ind), _("indikator tidak ada di katalog"))
                    continue
            value_header = headers[val_col] if val_col is not None else ""
            employee_id = unit_id = None
            if indicator.entity_kind == "employee":
                if nip_col is None:
                    preview.add_error(row, value_header, indicator.code, _("indikator pegawai memerlukan kolom NIP"))
                    continue
                raw = cells[nip_col]
                found = entity_of_nip.get(raw) if raw.__class__ is str else None  # cached by the exact text
                if found is None:
                    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
                        preview.add_error(
                            row,
                            nip_header,
                            raw,
                            _(
                                "NIP tersimpan sebagai angka sehingga Excel membulatkan digit terakhirnya; "
                                "format kolom NIP sebagai Teks lalu ekspor ulang"
                            ),
                        )
                        continue
                    found = _employee_of(raw, employees)
                    if raw.__class__ is str:
                        entity_of_nip[raw] = found
                if found.__class__ is str:  # the normalised NIP that is malformed or unknown
                    if found.isdigit() and len(found) == 18:
                        unknown_nips.add(found)
                        preview.add_error(
                            row,
                            nip_header,
                            found,
                            _("NIP tidak terdaftar di Tilik; impor data pegawai lebih dahulu"),
                        )
                    else:
                        preview.add_error(row, nip_header, raw, _("NIP harus 18 digit angka"))
                    continue
                employee_id = cast(int, found)  # not a str here: the checks above handled those
            else:
                if unit_col is None:
                    preview.add_error(row, value_header, indicator.code, _("indikator unit memerlukan kolom unit"))
                    continue
                raw_unit = cells[unit_col]
                if raw_unit in unit_of:
                    unit_id = unit_of[raw_unit]
                else:
                    unit_id = unit_of[raw_unit] = units.get(norm(text(raw_unit)))
                if unit_id is None:
                    preview.add_error(
                        row, headers[unit_col], text(raw_unit), _("unit tidak dikenal (isi kode atau nama unit)")
                    )
                    continue
            raw_period = cells[period_col] if period_col is not None else None
            parsed = periods.get(raw_period)
            if parsed is None:
                parsed = periods[raw_period] = _period_of(raw_period, frequency)
            if isinstance(parsed, str):
                preview.add_error(row, period_header, raw_period, parsed)
                continue
            freq, start = parsed
            if freq not in indicator.frequencies:
                allowed = ", ".join(str(FREQUENCY_ID[f]) for f in indicator.frequencies)
                preview.add_error(
                    row,
                    period_header,
                    raw_period,
                    _("indikator '%(i)s' dilaporkan %(a)s, bukan %(f)s")
                    % {"i": indicator.name, "a": allowed, "f": FREQUENCY_ID[freq]},
                )
                continue
            if raw_value.__class__ is float and isfinite(raw_value):  # a native number: most cells
                value = raw_value
            else:
                try:
                    value = _value(raw_value, indicator, labels)
                except ValueError:
                    reason = _("nilai kosong") if text(raw_value) == "" else _("bukan angka")
                    if indicator.value_labels:
                        reason += _(" (label yang dikenal: %(l)s)") % {"l": ", ".join(indicator.value_labels)}
                    preview.add_error(row, value_header, raw_value, reason)
                    continue
            low, high = indicator.min_value, indicator.max_value
            if (low is not None and value < low) or (high is not None and value > high):
                preview.add_error(
                    row,
                    value_header,
                    raw_value,
                    _("di luar rentang %(lo)s–%(hi)s %(u)s")
                    % {
                        "lo": show(low) if low is not None else "…",
                        "hi": show(high) if high is not None else "…",
                        "u": indicator.unit_of_measure,
                    },
                )
                continue
            key: Key = (indicator.id, employee_id, unit_id, freq, start)
            earlier = out.get(key)
            if earlier is not None:
                preview.add_error(
                    row,
                    value_header,
                    raw_value,
                    _("baris ganda: %(i)s untuk entitas dan periode %(p)s yang sama sudah ada di baris %(r)s")
                    % {"i": indicator.code, "p": period_code(start, freq), "r": earlier[0]},
                )
                continue
            out[key] = (row, value)
            if sink is not None:
                pending.append((key, value))
                if len(pending) == CHUNK:
                    sink(pending)
                    pending = []
    preview.rows += seen
    if sink is not None and pending:
        sink(pending)
    if unknown_nips:
        preview.notices.append(
            _("%(n)s NIP tidak dikenal: %(list)s")
            % {
                "n": len(unknown_nips),
                "list": ", ".join(sorted(unknown_nips)[:50]) + (" …" if len(unknown_nips) > 50 else ""),
            }
        )
    return out


def stored_measurements(keys: Iterable[Key]) -> dict[Key, tuple[int, float]]:
    """{natural key: (pk, value)} of the stored rows in the keys' (indicator, frequency, period range)
    scopes, looked up in bulk."""
    by_scope: dict[tuple[int, str], list[dt.date]] = defaultdict(list)
    for indicator_id, _e, _u, freq, start in keys:
        by_scope[(indicator_id, freq)].append(start)
    stored: dict[Key, tuple[int, float]] = {}
    for (indicator_id, freq), starts in by_scope.items():
        rows = Measurement.objects.filter(
            indicator_id=indicator_id,
            frequency=freq,
            period_start__gte=min(starts),
            period_start__lte=max(starts),
        )
        # The ORM's SQL, run on a plain cursor: its per-row conversions cost more than the query for 200,000
        # rows; the few distinct dates are converted once each (SQLite returns them as text).
        columns = rows.order_by().values_list("pk", "employee_id", "unit_id", "period_start", "value")
        sql, params = columns.query.sql_with_params()
        dates: dict[Any, dt.date] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while batch := cursor.fetchmany(10000):
                for pk, employee_id, unit_id, raw_start, value in batch:
                    day = dates.get(raw_start)
                    if day is None:
                        day = dates[raw_start] = (
                            dt.date.fromisoformat(raw_start) if isinstance(raw_start, str) else raw_start
                        )
                    stored[(indicator_id, employee_id, unit_id, freq, day)] = (pk, value)
    return stored


def changed(old: float, new: float) -> bool:
    return abs(old - new) > 1e-9 * max(1.0, abs(new))


def plan_measurements(items: dict[Key, tuple[int, float]]) -> MeasurementPlan:
    """Split validated rows into creates, updates and unchanged by looking up stored rows in bulk."""
    stored = stored_measurements(items)
    creates: list[tuple[Key, float]] = []
    updates: list[tuple[int, float, float]] = []
    for key, (_row, value) in items.items():
        found = stored.get(key)
        if found is None:
            creates.append((key, value))
        elif changed(found[1], value):
            updates.append((found[0], found[1], value))
    return MeasurementPlan(creates=creates, updates=updates)
