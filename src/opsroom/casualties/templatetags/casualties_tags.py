"""How civilian harm reads on the console, in the active language: ACLED's event types,
figures as ranges, states, precisions, the labels of the Every Casualty fields."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy

from opsroom.casualties.models import (
    AgeBand,
    Cause,
    CivilianStatus,
    GeoPrecision,
    Operator,
    OutageStatus,
    Outcome,
    Service,
    Sex,
    SourceKind,
    State,
    TimePrecision,
)

register = template.Library()

# ACLED's event and sub-event types (opsroom.casualties.models.EVENT_TYPES) as the reader
# reads them; the values sent and exported stay ACLED's English. The context keeps them
# apart from words spelt alike elsewhere ("Other", "Arrests").
EVENT_TYPE_LABELS: dict[str, Promise] = {
    "Battles": pgettext_lazy("ACLED", "Battles"),
    "Explosions/Remote violence": pgettext_lazy("ACLED", "Explosions/Remote violence"),
    "Violence against civilians": pgettext_lazy("ACLED", "Violence against civilians"),
    "Protests": pgettext_lazy("ACLED", "Protests"),
    "Riots": pgettext_lazy("ACLED", "Riots"),
    "Strategic developments": pgettext_lazy("ACLED", "Strategic developments"),
}
SUB_EVENT_LABELS: dict[str, Promise] = {
    "Armed clash": pgettext_lazy("ACLED", "Armed clash"),
    "Government regains territory": pgettext_lazy("ACLED", "Government regains territory"),
    "Non-state actor overtakes territory": pgettext_lazy(
        "ACLED", "Non-state actor overtakes territory"),
    "Chemical weapon": pgettext_lazy("ACLED", "Chemical weapon"),
    "Air/drone strike": pgettext_lazy("ACLED", "Air/drone strike"),
    "Suicide bomb": pgettext_lazy("ACLED", "Suicide bomb"),
    "Shelling/artillery/missile attack": pgettext_lazy(
        "ACLED", "Shelling/artillery/missile attack"),
    "Remote explosive/landmine/IED": pgettext_lazy("ACLED", "Remote explosive/landmine/IED"),
    "Grenade": pgettext_lazy("ACLED", "Grenade"),
    "Sexual violence": pgettext_lazy("ACLED", "Sexual violence"),
    "Attack": pgettext_lazy("ACLED", "Attack"),
    "Abduction/forced disappearance": pgettext_lazy("ACLED", "Abduction/forced disappearance"),
    "Peaceful protest": pgettext_lazy("ACLED", "Peaceful protest"),
    "Protest with intervention": pgettext_lazy("ACLED", "Protest with intervention"),
    "Excessive force against protesters": pgettext_lazy(
        "ACLED", "Excessive force against protesters"),
    "Violent demonstration": pgettext_lazy("ACLED", "Violent demonstration"),
    "Mob violence": pgettext_lazy("ACLED", "Mob violence"),
    "Agreement": pgettext_lazy("ACLED", "Agreement"),
    "Arrests": pgettext_lazy("ACLED", "Arrests"),
    "Change to group/activity": pgettext_lazy("ACLED", "Change to group/activity"),
    "Disrupted weapons use": pgettext_lazy("ACLED", "Disrupted weapons use"),
    "Headquarters or base established": pgettext_lazy(
        "ACLED", "Headquarters or base established"),
    "Looting/property destruction": pgettext_lazy("ACLED", "Looting/property destruction"),
    "Non-violent transfer of territory": pgettext_lazy(
        "ACLED", "Non-violent transfer of territory"),
    "Other": pgettext_lazy("ACLED", "Other"),
}

# The model's choices, by field, for the `choice` filter.
CHOICES: dict[str, Any] = {
    "state": State, "time_precision": TimePrecision, "geo_precision": GeoPrecision,
    "source_kind": SourceKind, "age_band": AgeBand, "sex": Sex,
    "civilian_status": CivilianStatus, "outcome": Outcome, "cause": Cause,
    "operator": Operator, "service": Service, "outage_status": OutageStatus,
}


@register.filter
def event_type_label(value: str) -> str:
    return str(EVENT_TYPE_LABELS.get(value, value))


@register.filter
def sub_event_label(value: str) -> str:
    return str(SUB_EVENT_LABELS.get(value, value))


@register.filter
def choice(value: Any, field: str) -> str:
    """A stored value as its label: ``{{ v.outcome|choice:"outcome" }}``."""
    choices = CHOICES.get(field)
    if choices is None:
        return str(value)
    return str(dict(choices.choices).get(value, value))


@register.filter
def services(values: list[str]) -> str:
    return "، ".join(choice(v, "service") for v in values or ())


@register.filter
def figure(value: dict[str, Any] | None, arabic: bool = False) -> str:
    """A figure as "min–max (best)": a total never hides its uncertainty."""
    if not value:
        return "—"
    text = f"{value['min']}–{value['max']} ({value['best']})"
    return text.translate(_ARABIC_INDIC) if arabic else text


@register.filter
def claim(value: dict[str, Any] | None, arabic: bool = False) -> str:
    """What a source says of one figure: "4–9", "≥ 4", "≤ 9", or "—" when it says nothing."""
    if not value:
        return "—"
    low, high = value.get("min"), value.get("max")
    if low is None and high is None:
        text = "—"
    elif high is None:
        text = f"≥ {low}"
    elif low is None:
        text = f"≤ {high}"
    else:
        text = f"{low}–{high}" if low != high else str(low)
    return text.translate(_ARABIC_INDIC) if arabic else text


@register.filter
def short(digest: str, length: int = 12) -> str:
    return (digest or "")[:length]


@register.filter
def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


@register.filter
def get(mapping: dict[str, Any] | None, key: Any) -> Any:
    return (mapping or {}).get(str(key))


_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@register.filter
def named(record: Any, field: str) -> str:
    """``record.<field>_ar`` in Arabic, ``_en`` in English (the other when one is empty)."""
    def value(suffix: str) -> str:
        if isinstance(record, dict):
            return str(record.get(f"{field}_{suffix}") or "")
        return str(getattr(record, f"{field}_{suffix}", "") or "")

    first, second = ("ar", "en") if (get_language() or "ar").startswith("ar") else ("en", "ar")
    return value(first) or value(second)
