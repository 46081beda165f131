"""Login success, failure, logout and lockout go to the audit log (connected in CoreConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from tilik.core.audit import audit_record


def _client(request: Any) -> dict[str, Any]:
    if request is None:
        return {}
    meta = getattr(request, "META", {})
    return {"ip": str(meta.get("REMOTE_ADDR", ""))[:45], "agent": str(meta.get("HTTP_USER_AGENT", ""))[:200]}


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="auth.login", target=user, **_client(request))


def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Only the username: Django has already masked the password in `credentials`.
    username = str(credentials.get("username", ""))[:150]
    audit_record(
        actor=f"anonim:{username}", action="auth.login_failed", username=username, **_client(request)
    )
    from tilik.core.security.login_throttle import check_spike

    check_spike()


def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.logout", target=user, **_client(request))


def on_locked_out(
    sender: Any, request: Any, username: str | None = None, ip_address: str = "", **kw: Any
) -> None:
    audit_record(
        actor=f"anonim:{username or ''}", action="auth.lockout", username=username or "", ip=ip_address
    )


def connect() -> None:
    from axes.signals import user_locked_out

    user_logged_in.connect(on_login, dispatch_uid="tilik.audit.login")
    user_login_failed.connect(on_login_failed, dispatch_uid="tilik.audit.login_failed")
    user_logged_out.connect(on_logout, dispatch_uid="tilik.audit.logout")
    user_locked_out.connect(on_locked_out, dispatch_uid="tilik.audit.lockout")
