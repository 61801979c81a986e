"""Incident rows as API dictionaries, shared by the API and the console's JSON.

Other domains add their own fields (dispatch: the units assigned) through the extensions
registered in opsroom.incidents.hooks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from opsroom.incidents import hooks
from opsroom.incidents.models import Incident, IncidentEvent


def with_related(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    """Ready a queryset so that every extension's fields cost no query per incident."""
    for extension in hooks.extensions():
        incidents = extension.prefetch(incidents)
    return incidents


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
    incident: Incident, caller: dict[str, str] | None = None, related: bool = True
) -> dict[str, Any]:
    """``related`` False: a brand-new incident, which nothing refers to yet (no query)."""
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
        "merged_into": incident.merged_into_id,
        "version": incident.version,
        "updated_at": incident.updated_at,
        "caller": caller,
    }
    for extension in hooks.extensions():
        body.update(extension.fields(incident) if related else extension.defaults())
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
