"""Unit rows as dictionaries, shared by the API, the live stream and the console."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from opsroom.core.clock import now
from opsroom.dispatch.models import Unit


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
