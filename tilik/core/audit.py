"""The one function that writes the audit log; every service calls it."""

from __future__ import annotations

from typing import Any

from django.db import models

from tilik.core.models import AuditEvent


def audit_record(*, actor: Any, action: str, target: models.Model | None = None, **detail: Any) -> AuditEvent:
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    label = actor.get_username() if actor_obj is not None else (str(actor) if actor else "sistem")
    event = AuditEvent(
        actor=actor_obj,
        actor_label=label[:150],
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        detail=detail,
    )
    event.save()
    return event
