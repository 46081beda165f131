"""The functions that write the audit log; every service calls audit_record, every export audit_export.

The table is append-only: database triggers (migration core 0002) refuse UPDATE and DELETE, except
setting ``actor`` to NULL when a user account is deleted (the label keeps who it was).
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction

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


def audit_export(*, actor: Any, what: str, rows: int, fmt: str, **detail: Any) -> AuditEvent:
    """Record an export or download of personal data: who (actor), what, when (now), how many rows, format.

    Call it from every view, command or API endpoint that lets personal data leave Tilik, e.g.
    ``audit_export(actor=request.user, what="surveys.responses:wave=12", rows=len(frame), fmt="xlsx")``.
    """
    return audit_record(actor=actor, action="data.export", what=what[:200], rows=int(rows), fmt=fmt, **detail)


def audit_view(request: Any, *, what: str, target: models.Model | None = None, rows: int | None = None) -> None:
    """Record that a signed-in user opened a page of personal data (UU PDP: reading is processing too).

    One event per request, whatever the number of calls while the page is built (``data.view``, with the
    path and, for a list, how many people it shows), e.g. ``audit_view(request, what="surveys.wave",
    target=wave)`` in the view, just before rendering.
    """
    if getattr(request, "_tilik_view_audited", False):
        return
    request._tilik_view_audited = True
    detail: dict[str, Any] = {"what": what[:200], "path": request.path[:200]}
    if rows is not None:
        detail["rows"] = int(rows)
    audit_record(actor=request.user, action="data.view", target=target, **detail)


def operator_label() -> str:
    """The actor of a management command: the operating-system account that ran it (``operator:<login>``).

    A command has no signed-in user; it runs with database access, so the OS account is who to ask.
    """
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER (some containers)
        login = "tidak-dikenal"
    return f"operator:{login}"


@contextmanager
def audit_unlocked() -> Iterator[None]:
    """Let the current transaction delete or change audit rows (the database triggers refuse otherwise).

    Only for operator paths that replace the whole database (`flush`, `restore`) and for test teardown;
    nothing reachable from the web uses it. The unlock row is visible to this transaction only.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO core_auditunlock (id) VALUES (1)")
        try:
            yield
        finally:
            cursor.execute("DELETE FROM core_auditunlock")
