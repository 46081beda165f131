"""Reads for 360° waves: the alumni to be rated, their proposed atasan langsung, rekan candidates.

The organisation data has no explicit superior relation, so the atasan langsung is proposed from
the unit tree and the jabatan category: the nearest managerial employee ranked above the alumnus,
first in the alumnus' own unit, then up the tree. The evaluator confirms or picks another.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from tilik.org.choices import JabatanCategory
from tilik.org.models import Employee, Unit
from tilik.org.selectors import memberships_on
from tilik.programs.choices import EnrollmentStatus
from tilik.programs.models import Enrollment
from tilik.surveys.choices import RaterGroup
from tilik.surveys.models import Invitation, Wave

# Lower is more senior; non-managerial jabatan share the last rank.
RANK = {
    JabatanCategory.JPT_UTAMA: 1,
    JabatanCategory.JPT_MADYA: 2,
    JabatanCategory.JPT_PRATAMA: 3,
    JabatanCategory.ADMINISTRATOR: 4,
    JabatanCategory.PENGAWAS: 5,
}
STAFF_RANK = 6
PARTICIPANT_STATUSES = (EnrollmentStatus.ATTENDED, EnrollmentStatus.COMPLETED)
PEER_LIMIT = 50
OTHER_GROUPS = (RaterGroup.SUPERVISOR, RaterGroup.PEER)


def rank_of(employee: Employee) -> int:
    return RANK.get(employee.jabatan_category, STAFF_RANK)  # type: ignore[call-overload]


def is_360(wave: Wave) -> bool:
    """A wave that asks atasan or rekan about an alumnus (its rater groups go beyond the self rating)."""
    return bool(set(wave.rater_groups or ()) & set(OTHER_GROUPS))


def wave_participants(wave: Wave) -> QuerySet[Employee]:
    """Alumni of the wave's offering (or of every offering of its programme) who attended or completed."""
    if wave.offering_id is not None:
        where = Q(offering_id=wave.offering_id)
    elif wave.program_id is not None:
        where = Q(offering__program_id=wave.program_id)
    else:
        return Employee.objects.none()
    ids = Enrollment.objects.filter(where, status__in=PARTICIPANT_STATUSES).values("employee_id")
    return Employee.objects.filter(pk__in=ids).order_by("name", "pk")


def _ancestor_ids(unit: Unit) -> list[int]:
    """The unit's own id first, then its parents up to the root (from the materialised path)."""
    return [int(part) for part in reversed(unit.path.strip("/").split("/")) if part]


def _units_of(employee_ids: list[int], on: dt.date) -> dict[int, Unit]:
    rows = memberships_on(on).filter(employee_id__in=employee_ids).select_related("unit")
    return {m.employee_id: m.unit for m in rows}


def _managers_by_unit(unit_ids: set[int], on: dt.date) -> dict[int, list[Employee]]:
    rows = (
        memberships_on(on)
        .filter(unit_id__in=unit_ids, employee__active=True, employee__jabatan_category__in=list(RANK))
        .select_related("employee")
        .order_by("employee__name", "employee_id")
    )
    out: dict[int, list[Employee]] = defaultdict(list)
    for m in rows:
        out[m.unit_id].append(m.employee)
    return out


def _propose(alumnus: Employee, unit: Unit | None, managers: dict[int, list[Employee]]) -> Employee | None:
    if unit is None:
        return None
    rank = rank_of(alumnus)
    for unit_id in _ancestor_ids(unit):
        above = [e for e in managers.get(unit_id, []) if e.pk != alumnus.pk and rank_of(e) < rank]
        if above:
            # The closest rank above the alumnus is the direct superior (Kasubbag before Kabag).
            return max(above, key=rank_of)
    return None


def propose_supervisor(alumnus: Employee, *, on: dt.date) -> Employee | None:
    unit = _units_of([alumnus.pk], on).get(alumnus.pk)
    if unit is None:
        return None
    return _propose(alumnus, unit, _managers_by_unit(set(_ancestor_ids(unit)), on))


@dataclass
class RaterRow:
    """One alumnus of a 360° wave: unit, proposed atasan, and who is invited in each group."""

    alumnus: Employee
    unit: Unit | None
    proposed: Employee | None
    self_invitation: Invitation | None = None
    supervisors: list[Invitation] = field(default_factory=list)
    peers: list[Invitation] = field(default_factory=list)


def _invitations_by_ratee(wave: Wave, ratee_ids: list[int]) -> dict[int, list[Invitation]]:
    rows = (
        Invitation.objects.filter(wave=wave)
        .filter(
            Q(subject_id__in=ratee_ids)
            | Q(rater_group=RaterGroup.SELF, subject__isnull=True, employee_id__in=ratee_ids)
        )
        .select_related("employee", "use")
        .order_by("name", "pk")
    )
    out: dict[int, list[Invitation]] = defaultdict(list)
    for inv in rows:
        ratee = inv.subject_id or inv.employee_id
        if ratee is not None:
            out[ratee].append(inv)
    return out


def _row(alumnus: Employee, unit: Unit | None, proposed: Employee | None, invs: list[Invitation]) -> RaterRow:
    row = RaterRow(alumnus=alumnus, unit=unit, proposed=proposed)
    for inv in invs:
        if inv.rater_group == RaterGroup.SELF:
            row.self_invitation = inv
        elif inv.rater_group == RaterGroup.SUPERVISOR:
            row.supervisors.append(inv)
        else:
            row.peers.append(inv)
    return row


def raters_overview(wave: Wave, *, on: dt.date) -> list[RaterRow]:
    """Every alumnus of the wave with the proposed atasan and the invitations per rater group.

    A fixed number of queries whatever the class size (pinned by a test).
    """
    alumni = list(wave_participants(wave))
    ids = [a.pk for a in alumni]
    units = _units_of(ids, on)
    wanted = {uid for unit in units.values() for uid in _ancestor_ids(unit)}
    managers = _managers_by_unit(wanted, on)
    invs = _invitations_by_ratee(wave, ids)
    return [_row(a, units.get(a.pk), _propose(a, units.get(a.pk), managers), invs.get(a.pk, [])) for a in alumni]


def rater_row(wave: Wave, alumnus: Employee, *, on: dt.date) -> RaterRow:
    unit = _units_of([alumnus.pk], on).get(alumnus.pk)
    managers = _managers_by_unit(set(_ancestor_ids(unit)) if unit else set(), on)
    invs = _invitations_by_ratee(wave, [alumnus.pk]).get(alumnus.pk, [])
    return _row(alumnus, unit, _propose(alumnus, unit, managers), invs)


def supervisor_candidates(alumnus: Employee, unit: Unit | None, *, on: dt.date) -> list[Employee]:
    """Who may be picked as atasan: managers above the alumnus in the unit and up the tree, then
    everyone else in the alumnus' own unit (when the jabatan data does not tell)."""
    if unit is None:
        return []
    managers = _managers_by_unit(set(_ancestor_ids(unit)), on)
    rank = rank_of(alumnus)
    seen: set[int] = {alumnus.pk}
    out: list[Employee] = []
    for unit_id in _ancestor_ids(unit):
        for e in sorted(managers.get(unit_id, []), key=rank_of, reverse=True):
            if e.pk not in seen and rank_of(e) < rank:
                seen.add(e.pk)
                out.append(e)
    for e in colleagues(unit, on=on):
        if e.pk not in seen:
            seen.add(e.pk)
            out.append(e)
    return out


def colleagues(unit: Unit, *, on: dt.date, query: str = "") -> QuerySet[Employee]:
    """Active employees of exactly this unit on the date, optionally filtered by name or NIP."""
    ids = memberships_on(on).filter(unit=unit).values("employee_id")
    found = Employee.objects.filter(pk__in=ids, active=True)
    query = query.strip()
    if query:
        digits = query.replace(" ", "")
        found = found.filter(Q(name__icontains=query) | (Q(nip__startswith=digits) if digits.isdigit() else Q()))
    return found.order_by("name", "pk")


def peer_candidates(row: RaterRow, *, on: dt.date, query: str = "") -> list[Employee]:
    """Colleagues of the alumnus' unit not yet invited for this alumnus (at most PEER_LIMIT)."""
    if row.unit is None:
        return []
    taken = {row.alumnus.pk} | {
        inv.employee_id for inv in [*row.supervisors, *row.peers] if inv.employee_id is not None
    }
    return [e for e in colleagues(row.unit, on=on, query=query).exclude(pk__in=taken)[:PEER_LIMIT]]
