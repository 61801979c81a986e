"""Unit rows as dictionaries, shared by the API, the live stream and the console."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from opsroom.core.clock import now
from opsroom.dispatch.models import Assignment, Unit
from opsroom.incidents.hooks import Extension
from opsroom.incidents.models import Incident


def unit_dict(unit: Unit) -> dict[str, Any]:
    position = None
    if unit.lat is not None and unit.lon is not None:
        age = (now() - unit.position_at).total_seconds() if unit.position_at else None
        position = {
            "lat": unit.lat,
            "lon": unit.lon,
            "at": unit.position_at,
            "age_s": None if age is None else round(age, 1),
            "stale": age is None or age > settings.POSITION_STALE_SECONDS,
        }
    return {
        "id": unit.id,
        "call_sign": unit.call_sign,
        "agency": unit.agency.code,
        "agency_name_ar": unit.agency.name_ar,
        "agency_name_en": unit.agency.name_en,
        "kind": unit.kind,
        "capabilities": unit.capabilities,
        "status": unit.status,
        "position": position,
        "district": unit.district.code if unit.district else None,
        "incident_id": unit.current_incident_id,
        "version": unit.version,
    }


def _with_active_units(incidents: QuerySet[Incident]) -> QuerySet[Incident]:
    return incidents.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(released_at__isnull=True).select_related("unit"),
            to_attr="active_assignments",
        )
    )


def _incident_units(incident: Incident) -> dict[str, Any]:
    active = getattr(incident, "active_assignments", None)
    if active is None:
        active = list(Assignment.objects.filter(incident=incident, released_at__isnull=True)
                      .select_related("unit"))
    return {"units": [{"unit_id": a.unit_id, "call_sign": a.unit.call_sign,
                       "status": a.unit.status} for a in active]}


# The units serving an incident, in its API form and live events (opsroom.incidents.hooks).
INCIDENT_UNITS = Extension(defaults=lambda: {"units": []}, prefetch=_with_active_units,
                           fields=_incident_units)
