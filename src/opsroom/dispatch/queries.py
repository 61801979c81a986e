"""Reads for dispatch: which units to send. The first recommendation ranks by straight-line
distance; the routing issue swaps the distance for road travel time."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from opsroom.accounts.models import User
from opsroom.core.access import visible_units
from opsroom.core.clock import now
from opsroom.dispatch.models import Unit, UnitStatus
from opsroom.incidents.models import Incident

EARTH_RADIUS_M = 6_371_008.8
# Straight-line ETA: a city detour factor over an average urban speed. A rough estimate,
# labelled as such, until road routing replaces it.
DETOUR_FACTOR = 1.4
URBAN_SPEED_M_S = 40 / 3.6


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class Recommendation:
    unit: Unit
    distance_m: float
    eta_s: float
    missing_capabilities: tuple[str, ...]
    position_age_s: float | None
    stale: bool
    reason_ar: str
    reason_en: str


def _reason(distance_m: float, missing: tuple[str, ...], stale: bool) -> str:
    parts = [_("%(km).1f km in a straight line") % {"km": distance_m / 1000}]
    if missing:
        parts.append(_("lacks: %(caps)s") % {"caps": ", ".join(missing)})
    else:
        parts.append(_("has every required capability"))
    if stale:
        parts.append(_("position is stale"))
    return "؛ ".join(parts) if translation.get_language() == "ar" else "; ".join(parts)


def _in_both_languages(distance_m: float, missing: tuple[str, ...], stale: bool) -> tuple[str, str]:
    texts = []
    for language in ("ar", "en"):
        with translation.override(language):
            texts.append(_reason(distance_m, missing, stale))
    return texts[0], texts[1]


def recommend_units(user: User, incident: Incident, k: int = 5) -> list[Recommendation]:
    """Available units of the incident's agency with a known position: units with every
    required capability first, then nearest first."""
    if incident.lat is None or incident.lon is None:
        return []
    required = tuple(incident.type.required_capabilities)
    moment = now()
    ranked: list[tuple[tuple[int, float], Recommendation]] = []
    units = visible_units(user).filter(
        agency_id=incident.owner_agency_id, status=UnitStatus.AVAILABLE, lat__isnull=False
    )
    for unit in units:
        assert unit.lat is not None and unit.lon is not None
        distance = haversine_m(incident.lat, incident.lon, unit.lat, unit.lon)
        missing = tuple(cap for cap in required if cap not in unit.capabilities)
        age = (moment - unit.position_at).total_seconds() if unit.position_at else None
        stale = age is None or age > settings.POSITION_STALE_SECONDS
        reason_ar, reason_en = _in_both_languages(distance, missing, stale)
        recommendation = Recommendation(
            unit=unit,
            distance_m=round(distance, 1),
            eta_s=round(distance * DETOUR_FACTOR / URBAN_SPEED_M_S, 1),
            missing_capabilities=missing,
            position_age_s=None if age is None else round(age, 1),
            stale=stale,
            reason_ar=reason_ar,
            reason_en=reason_en,
        )
        ranked.append(((len(missing), distance), recommendation))
    ranked.sort(key=lambda item: item[0])
    return [rec for _, rec in ranked[:k]]
