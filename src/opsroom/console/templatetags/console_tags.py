"""How timeline events read to an operator, in the active language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from opsroom.accounts.roles import Cap
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


_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@register.filter
def digits(value: Any, arabic: bool) -> str:
    """Write a number, time or date in the user's chosen digits."""
    text = str(value)
    return text.translate(_ARABIC_INDIC) if arabic else text


@register.filter
def can(user: Any, capability: str) -> bool:
    """Whether the signed-in user's role has ``capability`` (a Cap value): menus only; the
    pages and API check again through the access functions."""
    return bool(user.is_authenticated and user.can(Cap(capability)))


@register.filter
def minutes(seconds: Any) -> str:
    """Seconds as whole minutes (at least 1), for travel times."""
    try:
        return str(max(1, round(float(seconds) / 60)))
    except (TypeError, ValueError):
        return "—"


@register.filter
def agency_name(agency: Any) -> str:
    """An agency's name in the reader's language (its code when it has none)."""
    if agency is None:
        return ""
    name = agency.name_ar if get_language() == "ar" else agency.name_en
    return str(name or agency.code)
