"""Read-only admin: interviews and coding are written through Tilik's own pages (services, audit)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from tilik.interviews.models import Code, Codebook, Interview, Segment, Suggestion, Transcript


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Interview)
class InterviewAdmin(ReadOnlyAdmin):
    list_display = ["code", "role", "unit", "held_on", "consent"]
    list_filter = ["role", "consent"]
    search_fields = ["code"]


@admin.register(Transcript)
class TranscriptAdmin(ReadOnlyAdmin):
    list_display = ["interview", "source", "updated_at"]
    exclude = ["text"]


@admin.register(Codebook)
class CodebookAdmin(ReadOnlyAdmin):
    list_display = ["name", "program", "origin", "created_at"]


@admin.register(Code)
class CodeAdmin(ReadOnlyAdmin):
    list_display = ["name", "codebook", "parent", "color"]
    list_filter = ["codebook"]


@admin.register(Segment)
class SegmentAdmin(ReadOnlyAdmin):
    list_display = ["transcript", "codebook", "coder", "start", "end", "starred"]
    list_filter = ["codebook", "starred"]
    exclude = ["quote", "memo"]


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ["code", "transcript", "status", "keyword"]
    list_filter = ["status"]
