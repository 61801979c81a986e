"""Keep the IncidentType table in step with the registry after every migrate, so every
deployment, not only the demo, has the types."""

from __future__ import annotations

import time
from typing import Any

from opsroom.incidents.models import IncidentType
from opsroom.incidents.registry import GROUP_OF_TYPE, INCIDENT_TYPES

# Types are read on every intake and change only through the admin or a migrate, so they are
# kept in memory; a change in this process clears the copy at once, other processes re-read
# within TYPES_TTL_S.
TYPES_TTL_S = 30.0
_types: tuple[float, dict[str, IncidentType]] | None = None


def active_incident_types() -> dict[str, IncidentType]:
    global _types
    if _types is None or time.monotonic() - _types[0] > TYPES_TTL_S:
        _types = (time.monotonic(), {t.code: t for t in IncidentType.objects.filter(active=True)})
    return _types[1]


def forget_incident_types(**kwargs: Any) -> None:
    global _types
    _types = None


def sync_incident_types(**kwargs: Any) -> None:
    for spec in INCIDENT_TYPES:
        IncidentType.objects.update_or_create(
            code=spec.code,
            defaults={
                "name_ar": spec.name_ar,
                "name_en": spec.name_en,
                "cap_category": spec.cap_category,
                "acled_event_type": spec.acled_event_type or "",
                "acled_sub_event_type": spec.acled_sub_event_type or "",
                "default_priority": spec.default_priority,
                "group": GROUP_OF_TYPE.get(spec.code, "other"),
                "required_capabilities": list(spec.required_capabilities),
            },
        )
    forget_incident_types()
