"""The Django admin writes through the audit chain: every change made in /admin/ leaves an
entry with the fields it changed, before and after (a role granted there must be as
visible to the inspector as one granted anywhere else). Every app's admin classes derive
from AuditedModelAdmin."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date, datetime
from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest

from opsroom.audit.actions import do_audit

# Columns whose values never enter the chain: only that they changed.
SECRET_FIELDS = frozenset({"password", "totp_secret", "token_hash", "totp_last_step"})


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    try:
        json.dumps(value)
    except TypeError:
        return str(value)
    return value


def _secret(value: Any) -> str:
    # Enough to tell that a secret changed, nothing that helps to recover it.
    return "secret:" + hashlib.sha256(str(value).encode()).hexdigest()[:12] if value else ""


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The row's stored columns, as the chain records them (secrets only as a digest)."""
    values = {}
    for f in instance._meta.concrete_fields:
        value = getattr(instance, f.attname)
        values[f.attname] = _secret(value) if f.attname in SECRET_FIELDS else _plain(value)
    return values


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Each changed column as [before, after]; a secret only as "changed"."""
    changed: dict[str, list[Any]] = {}
    for name, value in after.items():
        if before.get(name) != value:
            changed[name] = (["(secret)", "(changed)"] if name in SECRET_FIELDS
                             else [before.get(name), value])
    return changed


def object_kind(instance: models.Model) -> str:
    return instance._meta.model_name or type(instance).__name__.lower()


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every save and delete joins the audit chain, in the same
    transaction as the write."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm[Any],
                   change: bool) -> None:
        with transaction.atomic():
            before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else {}
            super().save_model(request, obj, form, change)
            after = snapshot(obj)
            changed = changes_between(before, after) if change else {}
            do_audit(request.user, "admin.change" if change else "admin.add",  # type: ignore[arg-type]
                     object_kind(obj), obj.pk,
                     detail={"model": obj._meta.label, "fields": changed} if change
                     else {"model": obj._meta.label, "row": after})
            self.audit_changes(request, obj, before, after, change)

    def audit_changes(self, request: HttpRequest, obj: Any, before: dict[str, Any],
                      after: dict[str, Any], change: bool) -> None:
        """Further entries a subclass wants for what an admin change means (a role grant)."""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            do_audit(request.user, "admin.delete", object_kind(obj), obj.pk,  # type: ignore[arg-type]
                     detail={"model": obj._meta.label, "row": snapshot(obj)})
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                do_audit(request.user, "admin.delete", object_kind(obj), obj.pk,  # type: ignore[arg-type]
                         detail={"model": obj._meta.label, "row": snapshot(obj)})
            super().delete_queryset(request, queryset)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any,
                     change: bool) -> None:
        """Many-to-many fields (a user's groups and permissions) change here, not in
        save_model: the chain records them too."""
        obj = form.instance
        names = [f.name for f in obj._meta.many_to_many if f.name in form.changed_data]
        before = {n: sorted(str(pk) for pk in getattr(obj, n).values_list("pk", flat=True))
                  for n in names} if change else {}
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            if names:
                after = {n: sorted(str(pk) for pk in getattr(obj, n).values_list("pk", flat=True))
                         for n in names}
                do_audit(request.user, "admin.change", object_kind(obj), obj.pk,  # type: ignore[arg-type]
                         detail={"model": obj._meta.label,
                                 "fields": {n: [before.get(n), after[n]] for n in names}})
