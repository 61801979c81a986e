from django.contrib import admin

from opsroom.audit.admin import AuditedModelAdmin
from opsroom.dispatch.models import Unit


@admin.register(Unit)
class UnitAdmin(AuditedModelAdmin):
    list_display = ("call_sign", "agency", "kind", "status", "field_user")
    list_filter = ("agency", "kind", "status")
    search_fields = ("call_sign",)
    # Status and position change only through dispatch actions, which keep the timeline.
    readonly_fields = ("status", "lat", "lon", "position_at", "current_incident")
