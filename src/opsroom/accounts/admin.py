from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from opsroom.accounts.models import Agency, ApiToken, User
from opsroom.audit.actions import do_audit
from opsroom.audit.admin import AuditedModelAdmin

# Roles are opsroom's own (opsroom.accounts.roles); Django's groups and permissions are not
# used, so they are not offered as a second, unaudited way to grant access.
admin.site.unregister(Group)

_password_change = admin.site.password_change


def audited_password_change(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """An administrator changing their own password in /admin/ is on the record too."""
    with transaction.atomic():
        response = _password_change(request, extra_context)
        if request.method == "POST" and response.status_code == 302:
            do_audit(request.user, "user.password", "user", request.user.pk,  # type: ignore[arg-type]
                     detail={"via": "admin", "own": True})
    return response


admin.site.password_change = audited_password_change  # type: ignore[method-assign,assignment]

# What a change to these columns grants or takes away: each gets an entry of its own, so
# the inspector's report of role and access changes lists it.
PRIVILEGE_FIELDS = {"role": "user.role", "agency_id": "user.agency",
                    "is_active": "user.active", "is_staff": "user.staff",
                    "is_superuser": "user.superuser"}


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin):
    list_display = ("code", "name_ar", "name_en", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name_ar", "name_en")


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    list_display = ("username", "agency", "role", "is_active", "last_login")
    list_filter = ("role", "agency", "is_active")
    # Django's groups and permissions are not offered: the role is the one grant.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
        (_("Operations room"), {"fields": ("agency", "role", "language", "arabic_digits")}),
    )

    def audit_changes(self, request: HttpRequest, obj: Any, before: dict[str, Any],
                      after: dict[str, Any], change: bool) -> None:
        if not change:
            do_audit(request.user, "user.create", "user", obj.pk,  # type: ignore[arg-type]
                     detail={"username": obj.username, "role": obj.role,
                             "agency": after.get("agency_id"), "via": "admin"})
            return
        for field, action in PRIVILEGE_FIELDS.items():
            if before.get(field) != after.get(field):
                do_audit(request.user, action, "user", obj.pk,  # type: ignore[arg-type]
                         detail={"username": obj.username, "before": before.get(field),
                                 "after": after.get(field), "via": "admin"})

    def user_change_password(self, request: HttpRequest, id: str,
                             form_url: str = "") -> HttpResponse:
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                do_audit(request.user, "user.password", "user", id,  # type: ignore[arg-type]
                         detail={"via": "admin"})
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedModelAdmin):
    list_display = ("user", "name", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("token_hash", "created_at", "last_used_at")
