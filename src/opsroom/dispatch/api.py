"""Units, recommendations, assignments, routes and coverage, under /api/v1."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router
from ninja import Status as Reply

from opsroom.accounts.roles import Cap
from opsroom.core.access import require
from opsroom.core.errors import InvalidInput, NotFound
from opsroom.core.schemas import ERRORS
from opsroom.dispatch import actions, queries
from opsroom.dispatch.access import access_dispatch, access_unit, visible_units
from opsroom.dispatch.schemas import (
    AssignIn,
    AssignmentOut,
    CoverageOut,
    PositionIn,
    RecommendationsOut,
    RouteOut,
    UnitFilters,
    UnitOut,
    UnitStatusIn,
)
from opsroom.dispatch.serializers import unit_dict
from opsroom.incidents.access import access_incident
from opsroom.roads.queries import active_network

router = Router(tags=["dispatch"])


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _unit_named_in(user: Any, unit_id: object) -> Any:
    """A unit given in a request's body or query: a wrong one names the field."""
    try:
        return access_unit(user, unit_id)
    except NotFound:
        raise NotFound("no such unit", field="unit_id") from None


@router.get("/units", response={200: list[UnitOut], **ERRORS})
def list_units(request: HttpRequest, filters: Query[UnitFilters]) -> Any:
    units = visible_units(_user(request))
    if filters.status:
        units = units.filter(status__in=filters.status)
    if filters.kind:
        units = units.filter(kind=filters.kind)
    return [unit_dict(unit) for unit in units.order_by("call_sign")]


@router.get("/units/{unit_id}", response={200: UnitOut, **ERRORS})
def get_unit(request: HttpRequest, unit_id: UUID) -> Any:
    return unit_dict(access_unit(_user(request), unit_id))


@router.post("/units/{unit_id}/status", response={200: UnitOut, **ERRORS})
def set_unit_status(request: HttpRequest, unit_id: UUID, body: UnitStatusIn) -> Any:
    user = _user(request)
    unit = access_unit(user, unit_id, write=True)
    return unit_dict(actions.do_set_unit_status(user, unit, body.status))


@router.post("/units/{unit_id}/position", response={200: UnitOut, **ERRORS})
def report_position(request: HttpRequest, unit_id: UUID, body: PositionIn) -> Any:
    user = _user(request)
    unit = access_unit(user, unit_id, write=True)
    if body.at is not None and body.at.tzinfo is None:
        raise InvalidInput("the time needs a timezone offset", field="at")
    return unit_dict(actions.do_report_position(user, unit, body.lat, body.lon, body.at))


@router.get(
    "/incidents/{incident_id}/recommendations", response={200: RecommendationsOut, **ERRORS}
)
def recommendations(
    request: HttpRequest, incident_id: UUID, k: int = Query(5, ge=1, le=50),
    include_en_route: bool = Query(False),
) -> Any:
    """Units to send, capable first then fastest. By road over the active network (one
    search for every unit; `snap_m` says how far each position is from its road), else a
    straight-line estimate (`method` says which). `include_en_route` adds units on their way
    to an incident of lower priority."""
    user = _user(request)
    incident = access_dispatch(user, incident_id)
    ranked = queries.recommend_units(user, incident, k, include_en_route=include_en_route)
    return {
        "incident_id": incident.id,
        "method": "road" if active_network() is not None else "straight_line",
        "items": [
            {
                "unit_id": rec.unit.id,
                "call_sign": rec.unit.call_sign,
                "kind": rec.unit.kind,
                "distance_m": rec.distance_m,
                "eta_s": rec.eta_s,
                "capability_match": not rec.missing_capabilities,
                "missing_capabilities": list(rec.missing_capabilities),
                "position_age_s": rec.position_age_s,
                "stale": rec.stale,
                "snap_m": rec.snap_m,
                "diverted_from": rec.diverted_from,
                "home": rec.home,
                "reason": {"ar": rec.reason_ar, "en": rec.reason_en},
            }
            for rec in ranked
        ],
    }


@router.post("/incidents/{incident_id}/assignments", response={201: AssignmentOut, **ERRORS})
def assign_unit(request: HttpRequest, incident_id: UUID, body: AssignIn) -> Any:
    user = _user(request)
    incident = access_dispatch(user, incident_id)
    unit = _unit_named_in(user, body.unit_id)
    assignment = actions.do_assign_unit(user, incident, unit)
    return Reply(201, {
        "id": assignment.id,
        "incident_id": incident.id,
        "unit_id": unit.id,
        "call_sign": unit.call_sign,
        "assigned_at": assignment.assigned_at,
    })


@router.delete("/incidents/{incident_id}/assignments/{unit_id}", response={204: None, **ERRORS})
def release_unit(request: HttpRequest, incident_id: UUID, unit_id: UUID) -> Any:
    user = _user(request)
    incident = access_dispatch(user, incident_id)
    unit = access_unit(user, unit_id)
    actions.do_release_unit(user, incident, unit)
    return Reply(204, None)


@router.get("/incidents/{incident_id}/route", response={200: RouteOut, **ERRORS},
            summary="A unit's fastest road route to an incident, as GeoJSON")
def route(request: HttpRequest, incident_id: UUID, unit_id: UUID) -> Any:
    user = _user(request)
    incident = access_incident(user, incident_id)
    unit = _unit_named_in(user, unit_id)
    found = queries.unit_route(incident, unit)
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": found.coordinates},
        "properties": {
            "incident_id": str(incident.id), "unit_id": str(unit.id),
            "call_sign": unit.call_sign, "eta_s": found.eta_s,
            "distance_m": found.distance_m, "unit_snap_m": found.source_snap_m,
            "incident_snap_m": found.target_snap_m, "closed_edges": found.closed_edges,
            "synthetic_network": found.synthetic_network,
        },
    }


@router.get("/coverage", response={200: CoverageOut, **ERRORS},
            summary="Per district, the road time of the nearest available unit, and move-ups")
def coverage(request: HttpRequest) -> Any:
    user = _user(request)
    require(user, Cap.UNIT_READ)
    return queries.coverage(user)
