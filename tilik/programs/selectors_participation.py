"""Reads for participation: the funnel, the analysis frame (one row per decided enrolment), reasons.

Statistics come from analysis.participation (Wilson CIs, flagged low groups, the logit model); this
module only turns rows into frames and counts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analysis.disclosure import suppress_counts
from analysis.participation import GroupRate, LogitResult, nonparticipation_logit, rates_by_group
from tilik.org.choices import JabatanCategory, Sex
from tilik.org.models import Unit, UnitMembership
from tilik.programs.choices import AbsenceReason, EnrollmentStatus
from tilik.programs.models import Enrollment, Program

S = EnrollmentStatus
FINAL = (S.ATTENDED, S.COMPLETED, S.DECLINED, S.NO_SHOW, S.WITHDRAWN)
TOOK_PART = (S.ATTENDED, S.COMPLETED)
EVER_REGISTERED = (S.REGISTERED, S.ATTENDED, S.COMPLETED, S.NO_SHOW, S.WITHDRAWN)
DIMENSIONS = {
    "opd": _("OPD"),
    "golongan": _("Golongan"),
    "age_band": _("Kelompok umur"),
    "sex": _("Jenis kelamin"),
    "jabatan": _("Kategori jabatan"),
}
AGE_BANDS = ((29, "18–29"), (39, "30–39"), (49, "40–49"), (200, "50+"))
NO_UNIT = "(tanpa unit)"


@dataclass(frozen=True)
class FunnelRow:
    program: Program | None
    invited: int
    registered: int
    attended: int
    completed: int


def _scoped(qs: QuerySet[Enrollment], units: QuerySet[Unit] | None) -> QuerySet[Enrollment]:
    if units is None:
        return qs
    current = UnitMembership.objects.filter(end_date__isnull=True, unit__in=units).values("employee_id")
    return qs.filter(employee_id__in=current)


def _year_filter(year: int | None, prefix: str = "offering__program__") -> Q:
    return Q() if year is None else Q(**{f"{prefix}fiscal_year": year})


def funnel(year: int | None, *, units: QuerySet[Unit] | None = None) -> list[FunnelRow]:
    """Invited -> registered -> attended -> completed per programme of the year (None: every year),
    and a total row (last)."""
    qs = _scoped(Enrollment.objects.filter(_year_filter(year)), units)
    counts = {
        row["offering__program"]: row
        for row in qs.values("offering__program").annotate(
            invited=Count("id"),
            registered=Count("id", filter=Q(status__in=EVER_REGISTERED)),
            attended=Count("id", filter=Q(status__in=TOOK_PART)),
            completed=Count("id", filter=Q(status=S.COMPLETED)),
        )
    }
    rows = [
        FunnelRow(p, *(counts[p.pk][k] for k in ("invited", "registered", "attended", "completed")))
        for p in Program.objects.filter(_year_filter(year, "")).order_by("-fiscal_year", "name")
        if p.pk in counts
    ]
    total = FunnelRow(
        None, *(sum(getattr(r, k) for r in rows) for k in ("invited", "registered", "attended", "completed"))
    )
    return [*rows, total]


def _age_band(age: int) -> str:
    return next(label for top, label in AGE_BANDS if age <= top)


def _golongan_group(golongan: str) -> str:
    return "PPPK" if golongan.startswith("PPPK") else golongan.split("/")[0]


def participation_frame(
    year: int | None, *, units: QuerySet[Unit] | None = None, today: dt.date | None = None
) -> pd.DataFrame:
    """One row per enrolment of the year with a final status: took_part, not_part and the group columns.

    The OPD is the depth-1 ancestor of the unit the employee belonged to when the offering started.
    Offerings that start after ``today`` are left out (their invitation round is still open).
    ``year`` None pools every fiscal year (more power for small groups).
    Three queries whatever the size.
    """
    rows = list(
        Enrollment.objects.filter(
            *([] if year is None else [Q(offering__program__fiscal_year=year)]),
            status__in=FINAL,
            offering__start_date__lte=today or timezone.localdate(),
        ).values_list(
            "id",
            "employee_id",
            "status",
            "offering__start_date",
            "offering__program__fiscal_year",
            "employee__golongan",
            "employee__birth_date",
            "employee__sex",
            "employee__jabatan_category",
        )
    )
    spans: dict[int, list[tuple[dt.date, dt.date | None, int]]] = defaultdict(list)
    for emp, unit, start, end in UnitMembership.objects.values_list(
        "employee_id", "unit_id", "start_date", "end_date"
    ):
        spans[emp].append((start, end, unit))
    units_by_id = {u.pk: u for u in Unit.objects.only("id", "name", "short_name", "path")}
    in_scope = None if units is None else set(units.values_list("pk", flat=True))
    sexes, jabatan = dict(Sex.choices), dict(JabatanCategory.choices)

    def opd_of(unit_id: int) -> str:
        ids = [int(x) for x in units_by_id[unit_id].path.strip("/").split("/") if x]
        opd = units_by_id.get(ids[1] if len(ids) > 1 else ids[0])
        return (opd.short_name or opd.name) if opd else NO_UNIT

    out: list[dict[str, Any]] = []
    for pk, emp, status, start, fiscal_year, golongan, born, sex, jab in rows:
        unit_id = next(
            (u for s, e, u in spans.get(emp, []) if s <= start and (e is None or e >= start)), None
        )
        if in_scope is not None and unit_id not in in_scope:
            continue
        age = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
        took = int(status in TOOK_PART)
        out.append(
            {
                "enrollment": pk,
                "year": str(fiscal_year),
                "took_part": took,
                "not_part": 1 - took,
                "opd": opd_of(unit_id) if unit_id is not None else NO_UNIT,
                "golongan": _golongan_group(golongan),
                "age_band": _age_band(age),
                "age": age,
                "sex": str(sexes.get(sex, sex)),
                "jabatan": str(jabatan.get(jab, jab)),
            }
        )
    columns = ["enrollment", "year", "took_part", "not_part", "opd", "golongan", "age_band", "age", "sex", "jabatan"]
    return pd.DataFrame(out, columns=columns)


@dataclass(frozen=True)
class RateRow:
    rate: GroupRate
    hidden: bool  # suppressed for a unit head (small cell)


def group_rates(frame: pd.DataFrame, dimension: str, *, min_cell: int | None = None) -> list[RateRow]:
    """Participation rate per group with Wilson CIs; with ``min_cell`` small groups are suppressed."""
    if frame.empty:
        return []
    rates = rates_by_group(frame, outcome="took_part", group=dimension)
    hidden: set[str] = set()
    if min_cell is not None:
        hidden = set(suppress_counts({r.group: r.n for r in rates}, k=min_cell).suppressed)
    return [RateRow(r, r.group in hidden) for r in rates]


def participation_logit(frame: pd.DataFrame) -> LogitResult:
    """Logit of not taking part on age band, sex, golongan, jabatan and OPD (references: first level).

    The model names the frame's columns ('age_band=30-39'); the page shows them as users know them.
    """
    from dataclasses import replace

    from tilik.core.frame_labels import label_of, readable

    predictors = ["age_band", "sex", "golongan", "jabatan", "opd"]
    res = nonparticipation_logit(frame, outcome="not_part", predictors=predictors, categorical=predictors)
    labels = {
        "age_band": str(_("kelompok umur")),
        "sex": str(_("jenis kelamin")),
        "golongan": str(_("golongan")),
        "jabatan": str(_("jabatan")),
        "opd": str(_("OPD")),
        "not_part": str(_("tidak ikut pelatihan")),
    }
    return replace(
        res,
        odds_ratios=tuple(replace(o, term=label_of(o.term, labels)) for o in res.odds_ratios),
        reference_levels={label_of(k, labels): v for k, v in res.reference_levels.items()},
        interpretation_id=readable(res.interpretation_id, labels),
        interpretation_en=readable(res.interpretation_en, labels),
        warnings=tuple(readable(w, labels) for w in res.warnings),
    )


@dataclass(frozen=True)
class ReasonRow:
    code: str
    label: str
    declined: int | None
    no_show: int | None
    withdrawn: int | None
    total: int | None


def reasons(
    year: int | None, *, units: QuerySet[Unit] | None = None, min_cell: int | None = None
) -> list[ReasonRow]:
    """Reason codes by final status; with ``min_cell`` the totals are suppressed for small counts."""
    qs = _scoped(
        Enrollment.objects.filter(_year_filter(year), status__in=(S.DECLINED, S.NO_SHOW, S.WITHDRAWN)),
        units,
    )
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for code, status, n in (
        qs.exclude(reason_code="").values_list("reason_code", "status").annotate(n=Count("id"))
    ):
        table[code][status] = n
    labels = dict(AbsenceReason.choices)
    totals = {code: sum(v.values()) for code, v in table.items()}
    hidden: set[str] = set()
    if min_cell is not None and totals:
        hidden = set(suppress_counts(totals, k=min_cell).suppressed)
    rows = []
    for code, _label in AbsenceReason.choices:
        if code not in table:
            continue
        counts = table[code]
        show = code not in hidden and min_cell is None
        rows.append(
            ReasonRow(
                code,
                str(labels[code]),
                counts.get(S.DECLINED, 0) if show else None,
                counts.get(S.NO_SHOW, 0) if show else None,
                counts.get(S.WITHDRAWN, 0) if show else None,
                None if code in hidden else totals[code],
            )
        )
    return sorted(rows, key=lambda r: -(r.total or 0))


def reason_texts(year: int | None, *, limit: int = 30) -> list[tuple[str, str]]:
    """The most recent free-text reasons (evaluators only: text can identify a person)."""
    qs = (
        Enrollment.objects.filter(_year_filter(year))
        .exclude(reason_text="")
        .order_by("-status_changed_on", "-id")
        .values_list("reason_code", "reason_text")[:limit]
    )
    labels = dict(AbsenceReason.choices)
    return [(str(labels.get(code, code)), text) for code, text in qs]


# --- across years ------------------------------------------------------------------------------------


def of_year(frame: pd.DataFrame, year: int | None) -> pd.DataFrame:
    """The rows of one fiscal year of a pooled frame (None: all of them)."""
    return frame if year is None else frame[frame["year"] == str(year)].reset_index(drop=True)


def yearly_rates(frame: pd.DataFrame, *, min_cell: int | None = None) -> list[RateRow]:
    """Participation rate per fiscal year with Wilson CIs (oldest first); a year is flagged when it is
    significantly lower than the other years together."""
    return group_rates(frame, "year", min_cell=min_cell)


@dataclass(frozen=True)
class TrendRow:
    group: str
    cells: list[RateRow | None]  # one per year of TrendTable.years; None: no invitee of the group that year


@dataclass(frozen=True)
class TrendTable:
    years: list[str]
    rows: list[TrendRow]


def yearly_group_rates(frame: pd.DataFrame, dimension: str, *, min_cell: int | None = None) -> TrendTable:
    """Rates with CIs for each group of ``dimension`` in each year; the low-group flag compares a group
    with the other groups of the same year. Suppression (``min_cell``) is applied year by year."""
    if frame.empty:
        return TrendTable([], [])
    years = sorted(frame["year"].unique())
    per_year = {y: {r.rate.group: r for r in group_rates(of_year(frame, int(y)), dimension, min_cell=min_cell)}
                for y in years}
    groups = sorted({g for cells in per_year.values() for g in cells})
    return TrendTable(years, [TrendRow(g, [per_year[y].get(g) for y in years]) for g in groups])
