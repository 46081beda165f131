"""The admin site of Tilik: every add, change and delete made in the admin is written to the audit log.

Django's admin logs its own LogEntry for each save; the audit log must hold them too, whatever the
ModelAdmin (Tilik's, django.contrib.auth's, django-otp's, axes'). The site wraps every registered
ModelAdmin class in ``AuditedAdmin`` at registration, so no admin module has to remember it.
Installed in place of ``django.contrib.admin`` in INSTALLED_APPS (``TilikAdminConfig``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.db import models
from django.http import HttpRequest


def _audit(request: HttpRequest, action: str, obj: models.Model, message: Any = None) -> None:
    # Imported here: this module is loaded with INSTALLED_APPS, before the models are ready.
    from tilik.core.audit import audit_record

    detail = {} if message is None else {"change": message if isinstance(message, (list, str)) else str(message)}
    audit_record(actor=request.user, action=action, target=obj, **detail)


class AuditedAdmin(admin.ModelAdmin):
    """Adds an audit event beside each LogEntry the admin writes (the save or delete has just run)."""

    def log_addition(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)
        _audit(request, "admin.add", obj, message)
        return entry

    def log_change(self, request: HttpRequest, obj: models.Model, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        _audit(request, "admin.change", obj, message)
        return entry

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        # Called before the rows go, once for a single delete and once for the "delete selected" action.
        entries = super().log_deletions(request, queryset)
        for obj in queryset:
            _audit(request, "admin.delete", obj)
        return entries


class TilikAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        """The system administrator's tool only (issue 17): an active staff account whose Tilik role is admin.

        Evaluators work in Tilik's own pages (programmes, ASN, units, surveys ...); an evaluator account
        that still carries ``is_staff`` from before is sent to the admin login like any other non-admin.
        """
        from tilik.core.models import Role
        from tilik.core.roles import role_of

        user = request.user
        return bool(user.is_active and user.is_staff and role_of(user) == Role.ADMIN)

    @property
    def login_form(self) -> Any:  # type: ignore[override]
        # The per-username delay applies at /admin/ too (imported late: the admin site loads before models).
        from tilik.core.security.login_throttle import ThrottledAdminAuthenticationForm

        return ThrottledAdminAuthenticationForm

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, AuditedAdmin):
            admin_class = type(base.__name__, (AuditedAdmin, base), {"__module__": base.__module__})
        super().register(model_or_iterable, admin_class, **options)


class TilikAdminConfig(AdminConfig):
    default_site = "tilik.core.admin_site.TilikAdminSite"
