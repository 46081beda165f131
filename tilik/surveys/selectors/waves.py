"""Reads for waves and invitations: token lookup, response rates, lists for the evaluator."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.db.models import Count, Q, QuerySet

from tilik.core import rawsql
from tilik.core.privacy.restriction import restricted_employee_ids
from tilik.surveys.choices import RaterGroup
from tilik.surveys.models import Draft, Instrument, InstrumentVersion, Invitation, TokenUse, Wave
from tilik.surveys.tokens import token_hash


@cache
def _lookup_sql() -> str:
    tables = {m: connection.ops.quote_name(m._meta.db_table) for m in (Invitation, Wave, InstrumentVersion)}
    use = connection.ops.quote_name(TokenUse._meta.db_table)
    return (
        f"SELECT {rawsql.columns(Invitation, 'i')}, {rawsql.columns(Wave, 'w')}, "  # noqa: S608 - names from _meta
        f"{rawsql.columns(InstrumentVersion, 'v')}, u.invitation_id "
        f"FROM {tables[Invitation]} i JOIN {tables[Wave]} w ON w.id = i.wave_id "
        f"JOIN {tables[InstrumentVersion]} v ON v.id = w.version_id "
        f"LEFT JOIN {use} u ON u.invitation_id = i.id WHERE i.token_hash = %s"
    )


def invitation_by_token(token: str) -> Invitation | None:
    """The invitation of a personal link, with its wave and version, and whether it was used.

    ``hasattr(invitation, "use")`` answers without a query. Fixed SQL (tilik.core.rawsql): this runs
    on every submission, where the ORM's compilation of the joins cost more than the rest of the lookup.
    """
    if not token or len(token) > 100:
        return None
    with rawsql.cursor() as cursor:
        cursor.execute(_lookup_sql(), [token_hash(token)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    parts = []
    for model in (Invitation, Wave, InstrumentVersion):
        n = len(model._meta.concrete_fields)
        parts.append(rawsql.instance(model, values[:n]))
        values = values[n:]
    invitation, wave, version = parts  # the instrument (titles) is loaded when a page is rendered
    Wave.version.field.set_cached_value(wave, version)  # the ids match already: cache, no checks
    Invitation.wave.field.set_cached_value(invitation, wave)
    use = TokenUse(invitation=invitation) if values[0] is not None else None
    Invitation.use.related.set_cached_value(invitation, use)
    return invitation


def draft_of(invitation: Invitation) -> dict[str, object]:
    draft = Draft.objects.filter(invitation=invitation).first()
    return dict(draft.data) if draft else {}


def wave_by_public_slug(slug: str) -> Wave | None:
    return Wave.objects.select_related("version__instrument", "unit").filter(public_slug=slug).first()


def instruments_list() -> QuerySet[Instrument]:
    return Instrument.objects.annotate(n_versions=Count("versions", distinct=True)).order_by("title")


def waves_list() -> QuerySet[Wave]:
    return (
        Wave.objects.select_related("version__instrument", "program", "offering", "unit")
        .annotate(n_responses=Count("responses", distinct=True), n_invited=Count("invitations", distinct=True))
        .order_by("-opens_at")
    )


@dataclass(frozen=True)
class RateRow:
    unit: str
    invited: int
    responded: int

    @property
    def pct(self) -> float | None:
        return 100.0 * self.responded / self.invited if self.invited else None


def response_rate_by_unit(wave: Wave) -> list[RateRow]:
    """Invited and responded per unit (from invitations and token use; never from the responses)."""
    rows = (
        wave.invitations.values("unit__name")
        .annotate(invited=Count("pk"), responded=Count("pk", filter=Q(use__isnull=False)))
        .order_by("unit__name")
    )
    return [RateRow(unit=row["unit__name"] or "—", invited=row["invited"], responded=row["responded"]) for row in rows]


@dataclass(frozen=True)
class GroupRateRow:
    group: str
    label: str
    invited: int
    responded: int

    @property
    def pct(self) -> float | None:
        return 100.0 * self.responded / self.invited if self.invited else None


def response_rate_by_group(wave: Wave) -> list[GroupRateRow]:
    """Invited and responded per rater group (360°), from invitations and token use."""
    rows = {
        row["rater_group"]: row
        for row in wave.invitations.values("rater_group")
        .annotate(invited=Count("pk"), responded=Count("pk", filter=Q(use__isnull=False)))
        .order_by()
    }
    return [
        GroupRateRow(group=g, label=str(label), invited=rows[g]["invited"], responded=rows[g]["responded"])
        for g, label in RaterGroup.choices
        if g in rows
    ]


def pending_invitations(wave: Wave) -> QuerySet[Invitation]:
    # Restricted ASN (UU PDP) are neither e-mailed nor put on the WhatsApp list.
    return wave.invitations.filter(use__isnull=True).exclude(employee_id__in=restricted_employee_ids()).order_by("name")
