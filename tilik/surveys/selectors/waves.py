"""Reads for waves and invitations: token lookup, response rates, lists for the evaluator."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from tilik.core.privacy.restriction import restricted_employee_ids
from tilik.surveys.choices import RaterGroup
from tilik.surveys.models import Draft, Instrument, Invitation, Wave
from tilik.surveys.tokens import token_hash


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    # .get() on the unique hash: .first() would add an ORDER BY with joins for nothing.
    try:
        return Invitation.objects.select_related("wave__version__instrument", "use", "draft").get(
            token_hash=token_hash(token)
        )
    except Invitation.DoesNotExist:
        return None


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
