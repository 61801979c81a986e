"""How timeline events read to an operator, in the active language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from opsroom.incidents.models import Status

register = template.Library()

EVENT_KINDS = {
    "created": _("Created"),
    "status": _("Status"),
    "priority": _("Priority"),
    "type": _("Type"),
    "location": _("Location"),
    "address": _("Address"),
    "description": _("Description"),
    "caller_name": _("Caller name changed"),
    "caller_phone": _("Caller phone changed"),
    "note": _("Note"),
    "assigned": _("Unit assigned"),
    "released": _("Unit released"),
    "merged_into": _("Merged into"),
    "merged_from": _("Duplicate merged in"),
}


@register.filter
def event_kind(kind: str) -> str:
    return str(EVENT_KINDS.get(kind, kind))


@register.filter
def event_value(event: Any) -> str:
    """The event's value as a sentence fragment, never a raw dictionary."""
    value = event.value
    if event.kind == "status":
        status = value.get("status") if isinstance(value, dict) else value
        label = str(Status(status).label) if status in Status.values else str(status)
        reason = value.get("reason") if isinstance(value, dict) else ""
        return f"{label} ({reason})" if reason else label
    if event.kind == "note" and isinstance(value, dict):
        return str(value.get("text", ""))
    if event.kind in ("assigned", "released") and isinstance(value, dict):
        return str(value.get("call_sign", ""))
    if event.kind in ("merged_into", "merged_from") and isinstance(value, dict):
        return str(value.get("number", ""))
    if event.kind == "created" and isinstance(value, dict):
        return str(value.get("number", ""))
    if event.kind == "location" and isinstance(value, dict):
        return f"{value.get('lat')}, {value.get('lon')}"
    if event.kind.startswith("caller_"):
        return ""
    return "" if value is None else str(value)
