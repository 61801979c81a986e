"""Reads for dispatch: which units to send, ranked by road travel time (or, with no road
network loaded, a straight-line estimate)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Any

import numpy as np
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from opsroom.accounts.access import sees_every_agency
from opsroom.accounts.models import User
from opsroom.core.clock import now
from opsroom.core.errors import InvalidInput
from opsroom.dispatch.access import dispatch_candidate_rows, visible_units
from opsroom.dispatch.coverage import district_coverage
from opsroom.dispatch.models import Unit, UnitStatus
from opsroom.geo.measure import haversine_m
from opsroom.geo.models import District
from opsroom.geo.queries import district_id_at, generation
from opsroom.incidents.models import Incident
from opsroom.roads.queries import (
    Route,
    active_network,
    fastest_route,
    path_length_m,
    path_to_target,
    require_network,
    times_to,
)

# Straight-line ETA: a city detour factor over an average urban speed. A rough estimate,
# labelled as such, until road routing replaces it.
DETOUR_FACTOR = 1.4
URBAN_SPEED_M_S = 40 / 3.6


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
    method: str = "straight_line"  # or "road"
    snap_m: float | None = None  # how far the unit's position is from the road it joins
    diverted_from: str | None = None  # the lower-priority incident an en-route unit leaves
    home: bool = False  # the incident is in the unit's home district


@dataclass(slots=True)
class _Candidate:
    unit_id: Any
    lat: float
    lon: float
    missing: tuple[str, ...]
    stale: bool
    home: bool
    diverted_from: str | None


def _reason(distance_m: float, missing: tuple[str, ...], stale: bool, road: bool,
            eta_s: float, home: bool, diverted_from: str | None) -> str:
    if road:
        parts = [_("%(min)d min by road (%(km).1f km)")
                 % {"min": max(1, round(eta_s / 60)), "km": distance_m / 1000}]
    else:
        parts = [_("%(km).1f km in a straight line") % {"km": distance_m / 1000}]
    if missing:
        parts.append(_("lacks: %(caps)s") % {"caps": ", ".join(missing)})
    else:
        parts.append(_("has every required capability"))
    if home:
        parts.append(_("in its home district"))
    if diverted_from:
        parts.append(_("would leave %(number)s (lower priority)") % {"number": diverted_from})
    if stale:
        parts.append(_("position is stale"))
    return "؛ ".join(parts) if translation.get_language() == "ar" else "; ".join(parts)


def _in_both_languages(*args: Any) -> tuple[str, str]:
    texts = []
    for language in ("ar", "en"):
        with translation.override(language):
            texts.append(_reason(*args))
    return texts[0], texts[1]


@lru_cache(maxsize=4096)
def _home_district(lat: float, lon: float, geography: int) -> str | None:
    return district_id_at(lat, lon)


def _candidates(user: User, incident: Incident, include_en_route: bool) -> list[_Candidate]:
    """Units that could go (see access.dispatch_candidate_rows), with what ranks them."""
    required = tuple(incident.type.required_capabilities)
    stale_before = now() - timedelta(seconds=settings.POSITION_STALE_SECONDS)
    rows = dispatch_candidate_rows(user, incident, stale_before, include_en_route)
    # Capabilities are slugs: in JSON text each appears as "slug", quotes included.
    quoted = [(cap, json.dumps(cap)) for cap in required]
    incident_district = str(incident.district_id) if incident.district_id else None
    geography = generation()
    found = []
    for unit_id, lat, lon, caps, fresh, home_lat, home_lon, status, busy in rows:
        if isinstance(caps, str):  # SQLite hands JSON back as text, PostgreSQL as a list
            missing = tuple(cap for cap, text in quoted if text not in caps)
        else:
            missing = tuple(cap for cap in required if cap not in (caps or ()))
        home = bool(incident_district and home_lat is not None and home_lon is not None
                    and _home_district(home_lat, home_lon, geography) == incident_district)
        found.append(_Candidate(
            unit_id, float(lat), float(lon), missing, not fresh, home,
            busy if status != UnitStatus.AVAILABLE else None,
        ))
    return found


def _rank_key(candidate: _Candidate, eta_s: float) -> tuple[int, float]:
    # Capable units first; among them the fastest, a home unit counting as
    # HOME_PREFERENCE_SECONDS faster (0 turns the preference off).
    bonus = settings.HOME_PREFERENCE_SECONDS if candidate.home else 0
    return (len(candidate.missing), eta_s - bonus)


def _recommendation(c: _Candidate, unit: Unit, distance: float, eta: float, method: str,
                    snap_m: float | None) -> Recommendation:
    reason_ar, reason_en = _in_both_languages(
        distance, c.missing, c.stale, method == "road", eta, c.home, c.diverted_from)
    age = (now() - unit.position_at).total_seconds() if unit.position_at else None
    return Recommendation(
        unit=unit, distance_m=round(distance, 1), eta_s=round(eta, 1),
        missing_capabilities=c.missing,
        position_age_s=None if age is None else round(age, 1), stale=c.stale,
        reason_ar=reason_ar, reason_en=reason_en, method=method,
        snap_m=None if snap_m is None else round(snap_m, 1),
        diverted_from=c.diverted_from, home=c.home,
    )


def recommend_units(user: User, incident: Incident, k: int = 5,
                    include_en_route: bool = False) -> list[Recommendation]:
    """The units to send: capable units first, then the fastest. Travel time is by road
    over the active road network (one search for all units), or, with no network loaded,
    a straight-line estimate labelled as such."""
    if incident.lat is None or incident.lon is None:
        return []
    candidates = _candidates(user, incident, include_en_route)
    if not candidates:
        return []
    loaded = active_network()
    if loaded is None:
        return _straight_line(incident, candidates, k)
    lat = np.array([c.lat for c in candidates], dtype=np.float64)
    lon = np.array([c.lon for c in candidates], dtype=np.float64)
    capable = sum(1 for c in candidates if not c.missing)
    times = times_to(loaded, incident.lat, incident.lon, lat, lon, enough=min(k, capable) or k)
    order = sorted(
        (i for i in range(len(candidates)) if np.isfinite(times.eta_s[i])),
        key=lambda i: _rank_key(candidates[i], float(times.eta_s[i])),
    )[:k]
    units = _units([candidates[i].unit_id for i in order])
    ranked = []
    for i in order:
        nodes = path_to_target(times, i)
        distance = path_length_m(loaded, nodes)
        ranked.append(_recommendation(candidates[i], units[candidates[i].unit_id], distance,
                                      float(times.eta_s[i]), "road",
                                      float(times.source_snap_m[i])))
    return ranked


def _units(ids: list[Any]) -> dict[Any, Unit]:
    """The recommended units as objects, keyed as ``ids`` gives them."""
    found = {unit.id: unit for unit in Unit.objects.select_related("agency").filter(id__in=ids)}
    return {key: found[uuid.UUID(str(key))] for key in ids}


def _straight_line(incident: Incident, candidates: list[_Candidate], k: int
                   ) -> list[Recommendation]:
    assert incident.lat is not None and incident.lon is not None
    scored = []
    for c in candidates:
        distance = haversine_m(incident.lat, incident.lon, c.lat, c.lon)
        eta = distance * DETOUR_FACTOR / URBAN_SPEED_M_S
        scored.append((_rank_key(c, eta), c, distance, eta))
    scored.sort(key=lambda item: item[0])
    top = scored[:k]
    units = _units([c.unit_id for _, c, _, _ in top])
    return [_recommendation(c, units[c.unit_id], d, e, "straight_line", None)
            for _, c, d, e in top]


def unit_route(incident: Incident, unit: Unit) -> Route:
    """The fastest road route from a unit's position to an incident."""
    if incident.lat is None or incident.lon is None:
        raise InvalidInput("the incident has no location", field="incident_id")
    if unit.lat is None or unit.lon is None:
        raise InvalidInput("the unit has no known position", field="unit_id")
    return fastest_route(require_network(), unit.lat, unit.lon, incident.lat, incident.lon,
                         target_field="incident_id")


def coverage(user: User) -> dict[str, Any]:
    """Per district, the road time of the nearest available unit the user may see, and the
    move-ups that would cover the districts left without one."""
    loaded = require_network()
    units = list(visible_units(user).filter(status=UnitStatus.AVAILABLE, lat__isnull=False))
    if user.agency_id and not sees_every_agency(user):
        units = [u for u in units if u.agency_id == user.agency_id]
    districts = list(District.objects.order_by("code"))
    return district_coverage(loaded, units, districts, settings.COVERAGE_MINUTES * 60)
