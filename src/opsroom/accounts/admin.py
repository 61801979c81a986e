from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from opsroom.accounts.models import Agency, ApiToken, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ar", "name_en", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name_ar", "name_en")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "agency", "role", "is_active", "last_login")
    list_filter = ("role", "agency", "is_active")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Operations room"), {"fields": ("agency", "role", "language", "arabic_digits")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("token_hash", "created_at", "last_used_at")
