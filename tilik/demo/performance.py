"""Demo performance and public-service data with planted effects, and the shipped evaluation plans.

``build_performance_demo(seed=...)`` runs after ``tilik.demo.generator.build_demo`` on the same database:
monthly registration and waiting times and complaints for the 11 puskesmas, imported IKM for 2023 (from
2024 the IKM comes from the demo's SKM surveys), monthly task
measures and quarterly SKP for every ASN, January 2024 – October 2026. Planted values come from
tilik.demo.ground_truth (Pelayanan Prima) and tilik.demo.ground_truth_performance (the rest).
Deterministic for a seed (numpy's PCG64 seeded from the seed and a stream name).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import numpy as np
from django.db import transaction

from tilik.demo import ground_truth as gt
from tilik.demo import ground_truth_performance as gtp
from tilik.evaluations.models import EvaluationPlan
from tilik.evaluations.services import evaluation_plan_create
from tilik.org.models import Unit, UnitMembership
from tilik.performance.models import Indicator, Measurement
from tilik.performance.periods import period_floor, shift
from tilik.performance.services import indicators_ensure_shipped, measurements_bulk_create
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.models import Enrollment, Program

ACTOR = "demo"


def _rng(seed: int, stream: str) -> np.random.Generator:
    digest = hashlib.sha256(f"tilik-demo-performance:{seed}:{stream}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def _months() -> list[dt.date]:
    out, day = [], gtp.FIRST_MONTH
    while day <= gtp.LAST_MONTH:
        out.append(day)
        day = shift(day, "monthly", 1)
    return out


def _puskesmas_trained_from() -> dict[str, dt.date]:
    """Puskesmas code -> first month after the last completed Pelayanan Prima angkatan of its staff.

    Read from the enrolments (the unit of each completer on the angkatan's last day), as the evaluation
    reads them, so the effect is planted exactly where and when the evaluation will look for it.
    """
    done = list(
        Enrollment.objects.filter(
            offering__program__slug__startswith=gt.PELAYANAN_PRIMA.program,
            status=EnrollmentStatus.COMPLETED,
        ).values_list("employee_id", "offering__end_date")
    )
    spells: dict[int, list[tuple[dt.date, dt.date | None, str]]] = {}
    for employee_id, start, end, code in UnitMembership.objects.filter(
        employee_id__in={e for e, _end in done}
    ).values_list("employee_id", "start_date", "end_date", "unit__code"):
        spells.setdefault(employee_id, []).append((start, end, code))
    last: dict[str, dt.date] = {}
    for employee_id, day in done:
        for start, end, code in spells.get(employee_id, []):
            if start <= day and (end is None or day <= end) and code.startswith("pkm-"):
                last[code] = max(last.get(code, day), day)
    return {code: shift(period_floor(day, "monthly"), "monthly", 1) for code, day in last.items()}


def _puskesmas(seed: int, ind: dict[str, Indicator]) -> tuple[list[Measurement], dict[str, Any]]:
    """Monthly registration and waiting times and complaints per puskesmas, and the imported 2023 IKM.

    One random stream per indicator, drawing a puskesmas × month matrix (as ``_employees`` does), so
    changing one planted value (or the cohorts) never reshuffles the noise of another indicator.
    """
    pp, svc = gt.PELAYANAN_PRIMA, gtp.PUSKESMAS_SERVICE
    units = list(Unit.objects.filter(unit_type="puskesmas").order_by("code"))
    months = _months()
    n_u, n_m = len(units), len(months)
    t = np.arange(n_m)
    trained_from = _puskesmas_trained_from()
    on = np.array([[unit.code in trained_from and m >= trained_from[unit.code] for m in months] for unit in units])
    reg_rng = _rng(seed, "waktu-registrasi")
    reg = (
        reg_rng.uniform(*pp.registration_minutes_baseline, n_u)[:, None]
        + pp.registration_minutes_trend_per_month * t[None, :]
        + np.where(on, pp.registration_minutes_effect, 0.0)
        + reg_rng.normal(0, pp.registration_minutes_noise_sd, (n_u, n_m))
    )
    wait_rng = _rng(seed, "waktu-tunggu")
    wait = (
        wait_rng.uniform(*svc.waiting_minutes_baseline, n_u)[:, None]
        + svc.waiting_minutes_trend_per_month * t[None, :]
        + np.where(on, svc.waiting_minutes_effect, 0.0)
        + wait_rng.normal(0, svc.waiting_minutes_noise_sd, (n_u, n_m))
    )
    complaints = _rng(seed, "pengaduan").poisson(svc.complaints_mean, (n_u, n_m)).astype(float)
    ikm_rng = _rng(seed, "ikm-imported")
    rows: list[Measurement] = []
    for i, unit in enumerate(units):
        for code, values, floor in (
            ("waktu-registrasi", reg[i], 0.5),
            ("waktu-tunggu", wait[i], 0.5),
            ("pengaduan", complaints[i], 0.0),
        ):
            rows.extend(
                Measurement(
                    indicator=ind[code],
                    unit=unit,
                    frequency="monthly",
                    period_start=month,
                    value=round(max(float(value), floor), 2),
                )
                for month, value in zip(months, values, strict=True)
            )
        # IKM from 2024 comes from the public SKM surveys (tilik.demo.surveys); only the earlier
        # semesters are imported, so survey and imported IKM never cover the same unit and period.
        nrr0 = ikm_rng.uniform(*svc.ikm_nrr_baseline)
        for semester in svc.imported_ikm_semesters:
            ikm = 25 * nrr0 + ikm_rng.normal(0, svc.ikm_noise_sd)
            rows.append(
                Measurement(
                    indicator=ind["ikm"],
                    unit=unit,
                    frequency="semester",
                    period_start=semester,
                    value=round(float(np.clip(ikm, 25, 100)), 2),
                )
            )
    planned = {code: pp.effect_from_of(code) for code in pp.treated_puskesmas}
    return rows, {
        "puskesmas": len(units),
        "treated_puskesmas": len(trained_from),
        "puskesmas_trained_as_planned": trained_from == planned,
        "puskesmas_trained_from": trained_from,
    }


def _trained_from() -> dict[int, dt.date]:
    """Employee -> first month of the quarter after their first completed Manajemen Waktu offering."""
    out: dict[int, dt.date] = {}
    done = Enrollment.objects.filter(
        offering__program__slug__startswith=gtp.MANAJEMEN_WAKTU.program, status=EnrollmentStatus.COMPLETED
    ).values_list("employee_id", "offering__end_date")
    for employee_id, end in done:
        start = shift(period_floor(end, "quarterly"), "quarterly", 1)
        out[employee_id] = min(out.get(employee_id, start), start)
    return out


def _employees(seed: int, ind: dict[str, Indicator]) -> tuple[list[Measurement], dict[str, Any]]:
    mw, skp = gtp.MANAJEMEN_WAKTU, gtp.SKP
    ids = sorted(set(UnitMembership.objects.values_list("employee_id", flat=True)))
    rng = _rng(seed, "employees")
    months = _months()
    n_m, n_e = len(months), len(ids)
    trained = _trained_from()
    month_arr = np.array([m.toordinal() for m in months])
    start = np.array([trained[e].toordinal() if e in trained else 10**9 for e in ids])
    on = month_arr[None, :] >= start[:, None]  # employees × months
    base = mw.baseline_hours * np.exp(rng.normal(0, mw.baseline_log_sd, n_e))
    trend = (1 + mw.trend_per_month) ** np.arange(n_m)
    y0 = base[:, None] * trend[None, :] * np.exp(rng.normal(0, mw.noise_log_sd, (n_e, n_m)))
    y = np.where(on, y0 * (1 - mw.effect_share), y0)
    planted_att = float((y - y0)[on].mean()) if on.any() else 0.0
    ontime0 = rng.uniform(*mw.on_time_baseline_pct, n_e)
    ontime = np.clip(
        ontime0[:, None] + np.where(on, mw.on_time_effect_points, 0.0) + rng.normal(0, mw.on_time_noise_sd, (n_e, n_m)),
        0,
        100,
    )
    rows: list[Measurement] = []
    task, pct = ind["waktu-penyelesaian-tugas"], ind["tugas-tepat-waktu"]
    for i, employee_id in enumerate(ids):
        for t, month in enumerate(months):
            rows.append(
                Measurement(
                    indicator=task,
                    employee_id=employee_id,
                    frequency="monthly",
                    period_start=month,
                    value=round(float(y[i, t]), 3),
                )
            )
            rows.append(
                Measurement(
                    indicator=pct,
                    employee_id=employee_id,
                    frequency="monthly",
                    period_start=month,
                    value=round(float(ontime[i, t]), 1),
                )
            )
    quarters = months[::3]
    draws = rng.choice(np.arange(1, 6), size=(n_e, len(quarters)), p=skp.predikat_shares)
    pred = ind["skp-predikat"]
    for i, employee_id in enumerate(ids):
        for q, quarter in enumerate(quarters):
            rows.append(
                Measurement(
                    indicator=pred,
                    employee_id=employee_id,
                    frequency="quarterly",
                    period_start=quarter,
                    value=float(draws[i, q]),
                )
            )
    return rows, {
        "employees": n_e,
        "trained_manajemen_waktu": len(set(trained) & set(ids)),
        "planted_task_hours_att": planted_att,
    }


def _plans(ind: dict[str, Indicator]) -> list[EvaluationPlan]:
    prima = Program.objects.filter(slug__startswith=gt.PELAYANAN_PRIMA.program)
    waktu = Program.objects.filter(slug__startswith=gtp.MANAJEMEN_WAKTU.program)
    es = gtp.PRIMA_EVENT_STUDY
    first = gt.PELAYANAN_PRIMA.cohorts[0].effect_from
    windows = {
        "pre_start": gtp.FIRST_MONTH,
        "pre_end": first - dt.timedelta(days=1),
        "post_start": first,
        "post_end": shift(gtp.LAST_MONTH, "monthly", 1) - dt.timedelta(days=1),
    }
    return [
        evaluation_plan_create(
            name=es.name,
            programs=prima,
            indicators=[ind["waktu-registrasi"], ind["waktu-tunggu"]],
            primary_indicator=ind["waktu-registrasi"],
            min_meaningful_effect=es.min_meaningful_effect,
            design="event_study",
            frequency=es.frequency,
            leads=es.leads,
            lags=es.lags,
            notes=es.notes,
            **windows,
            by=ACTOR,
        ),
        evaluation_plan_create(
            name="Pelayanan Prima di Puskesmas — deret waktu angkatan pertama (ITS)",
            programs=prima,
            indicators=[ind["waktu-registrasi"]],
            design="its",
            frequency="monthly",
            notes="Hanya puskesmas angkatan pertama: masa sesudah dimulai bulan setelah pelatihannya.",
            **windows,
            by=ACTOR,
        ),
        evaluation_plan_create(
            name="Manajemen Waktu — waktu penyelesaian tugas (studi peristiwa)",
            programs=waktu,
            indicators=[ind["waktu-penyelesaian-tugas"]],
            primary_indicator=ind["waktu-penyelesaian-tugas"],
            min_meaningful_effect=gtp.MANAJEMEN_WAKTU.min_meaningful_effect_hours,
            design="event_study",
            frequency="quarterly",
            pre_start=dt.date(2024, 1, 1),
            pre_end=dt.date(2024, 3, 31),
            post_start=dt.date(2024, 4, 1),
            post_end=dt.date(2026, 9, 30),
            leads=4,
            lags=4,
            by=ACTOR,
        ),
        evaluation_plan_create(
            name="Manajemen Waktu angkatan 2025 — pembanding hasil pencocokan",
            programs=waktu,
            indicators=[ind["waktu-penyelesaian-tugas"]],
            design="matched",
            frequency="quarterly",
            pre_start=dt.date(2024, 1, 1),
            pre_end=dt.date(2024, 12, 31),
            post_start=dt.date(2026, 1, 1),
            post_end=dt.date(2026, 9, 30),
            match_on=["golongan", "sex", "age_band", "baseline"],
            by=ACTOR,
        ),
    ]


@transaction.atomic
def build_performance_demo(*, seed: int) -> dict[str, Any]:
    """Write the demo measurements and evaluation plans; return counts and the realised planted effects."""
    indicators_ensure_shipped(by=ACTOR)
    ind = {i.code: i for i in Indicator.objects.all()}
    pusk_rows, pusk_info = _puskesmas(seed, ind)
    emp_rows, emp_info = _employees(seed, ind)
    measurements_bulk_create(measurements=pusk_rows + emp_rows, by=ACTOR)
    plans = _plans(ind)
    return {
        "measurements": len(pusk_rows) + len(emp_rows),
        "plans": [p.name for p in plans],
        **pusk_info,
        **emp_info,
        "planted_registration_minutes_effect": gt.PELAYANAN_PRIMA.registration_minutes_effect,
        "planted_waiting_minutes_effect": gtp.PUSKESMAS_SERVICE.waiting_minutes_effect,
    }
