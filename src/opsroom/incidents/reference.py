"""Keep the IncidentType table in step with the registry after every migrate, so every
deployment, not only the demo, has the types."""

from __future__ import annotations

from typing import Any


def sync_incident_types(**kwargs: Any) -> None:
    from opsroom.incidents.models import IncidentType
    from opsroom.incidents.registry import INCIDENT_TYPES

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
                "required_capabilities": list(spec.required_capabilities),
            },
        )
