"""Read-only admin views: imported data changes only through the import services (and undo)."""

from typing import Any

from django.contrib import admin

from tilik.performance.models import ImportBatch, Indicator, Measurement, SourceLayout


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(ReadOnly):
    list_display = ["code", "name", "entity_kind", "unit_of_measure", "direction", "shipped"]


@admin.register(Measurement)
class MeasurementAdmin(ReadOnly):
    list_display = ["indicator", "employee", "unit", "frequency", "period_start", "value", "import_batch"]
    list_filter = ["indicator", "frequency"]
    raw_id_fields = ["employee", "unit"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnly):
    list_display = [
        "pk",
        "at",
        "by_label",
        "kind",
        "file_name",
        "rows",
        "created",
        "updated",
        "unchanged",
        "status",
    ]


@admin.register(SourceLayout)
class SourceLayoutAdmin(ReadOnly):
    list_display = ["name", "kind", "updated_at"]
