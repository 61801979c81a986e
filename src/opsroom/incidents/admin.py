from django.contrib import admin

from opsroom.audit.admin import AuditedModelAdmin
from opsroom.incidents.models import IncidentType


@admin.register(IncidentType)
class IncidentTypeAdmin(AuditedModelAdmin):
    list_display = ("code", "name_ar", "name_en", "cap_category", "default_priority", "active")
    list_filter = ("cap_category", "default_priority", "active")
    search_fields = ("code", "name_ar", "name_en")
