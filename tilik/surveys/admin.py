"""Admin: read-mostly views. Instruments and waves are edited in the evaluator screens (services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tilik.surveys.models import Instrument, InstrumentVersion, Invitation, ParticipantKey, Wave


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ("title", "code", "kind")
    search_fields = ("title", "code")
    readonly_fields = ("created_by", "created_at")


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(admin.ModelAdmin):
    list_display = ("instrument", "number", "created_at")
    readonly_fields = ("instrument", "number", "created_at")


@admin.register(Wave)
class WaveAdmin(admin.ModelAdmin):
    list_display = ("title", "version", "audience", "anonymity", "status", "opens_at", "closes_at")
    list_filter = ("status", "audience", "anonymity")
    readonly_fields = ("version", "audience", "anonymity", "public_slug", "created_by", "created_at")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("name", "wave", "rater_group", "sent_on", "reminders")
    list_filter = ("rater_group",)
    search_fields = ("name", "email")
    exclude = ("nonce", "token_hash")
    readonly_fields = (
        "wave",
        "employee",
        "subject",
        "rater_group",
        "unit",
        "sent_on",
        "reminded_on",
        "reminders",
    )


@admin.register(ParticipantKey)
class ParticipantKeyAdmin(admin.ModelAdmin):
    """Pseudonym ↔ employee: only superusers (admins) may see identities behind rahasia responses."""

    list_display = ("key", "employee")
    search_fields = ("key", "employee__nip", "employee__name")
    readonly_fields = ("key", "employee")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
