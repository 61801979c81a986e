from django.contrib import admin

from opsroom.incidents.models import IncidentType


@admin.register(IncidentType)
class IncidentTypeAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ar", "name_en", "cap_category", "default_priority", "active")
    list_filter = ("cap_category", "default_priority", "active")
    search_fields = ("code", "name_ar", "name_en")
