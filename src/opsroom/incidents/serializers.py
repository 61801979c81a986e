"""Incident rows as API dictionaries, shared by the API and the console's JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet

from opsroom.dispatch.models import Assignment
from opsroom.incidents.models import Incident, IncidentEvent


def with_active_units(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    return incidents.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(released_at__isnull=True).select_related("unit"),
            to_attr="active_assignments",
        )
    )


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds(), 1)


def intervals(incident: Incident) -> dict[str, float | None]:
    """received → dispatched → en route → on scene → cleared, in seconds."""
    return {
        "received_to_dispatched_s": _seconds(incident.received_at, incident.dispatched_at),
        "dispatched_to_en_route_s": _seconds(incident.dispatched_at, incident.en_route_at),
        "en_route_to_on_scene_s": _seconds(incident.en_route_at, incident.on_scene_at),
        "on_scene_to_cleared_s": _seconds(incident.on_scene_at, incident.cleared_at),
        "received_to_on_scene_s": _seconds(incident.received_at, incident.on_scene_at),
    }


def incident_dict(
    incident: Incident, caller: dict[str, str] | None = None, units: list[Any] | None = None
) -> dict[str, Any]:
    active = units if units is not None else getattr(incident, "active_assignments", None)
    if active is None:
        active = list(
            Assignment.objects.filter(incident=incident, released_at__isnull=True)
            .select_related("unit")
        )
    district = incident.district
    body: dict[str, Any] = {
        "id": incident.id,
        "number": incident.number,
        "type": incident.type_id,
        "type_name_ar": incident.type.name_ar,
        "type_name_en": incident.type.name_en,
        "priority": incident.priority,
        "status": incident.status,
        "location": None
        if incident.lat is None
        else {"lat": incident.lat, "lon": incident.lon,
              "precision_m": incident.location_precision_m},
        "address": incident.address,
        "district": None
        if district is None
        else {"id": district.id, "code": district.code, "name_ar": district.name_ar,
              "name_en": district.name_en},
        "description": incident.description,
        "agency": incident.owner_agency.code,
        "received_at": incident.received_at,
        "dispatched_at": incident.dispatched_at,
        "en_route_at": incident.en_route_at,
        "on_scene_at": incident.on_scene_at,
        "cleared_at": incident.cleared_at,
        "closed_at": incident.closed_at,
        "intervals": intervals(incident),
        "units": [
            {"unit_id": a.unit_id, "call_sign": a.unit.call_sign, "status": a.unit.status}
            for a in active
        ],
        "merged_into": incident.merged_into_id,
        "version": incident.version,
        "updated_at": incident.updated_at,
        "caller": caller,
    }
    return body


def event_dict(event: IncidentEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "incident_id": event.incident_id,
        "incident_number": event.incident.number,
        "kind": event.kind,
        "value": event.value,
        "previous_value": event.previous_value,
        "actor": event.actor.username if event.actor else None,
        "at": event.at,
    }
