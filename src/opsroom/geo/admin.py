from django.contrib import admin

from opsroom.audit.admin import AuditedModelAdmin
from opsroom.geo.models import District, Place


@admin.register(District)
class DistrictAdmin(AuditedModelAdmin):
    list_display = ("code", "name_ar", "name_en", "population", "approximate")
    search_fields = ("code", "name_ar", "name_en")


@admin.register(Place)
class PlaceAdmin(AuditedModelAdmin):
    list_display = ("code", "name_ar", "name_en", "kind", "district")
    list_filter = ("kind",)
    search_fields = ("code", "name_ar", "name_en")
