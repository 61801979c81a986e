"""Road network, routes, closures, coverage and the nearest facility, under /api/v1."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

import numpy as np
from django.conf import settings
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja import Status as Reply
from pydantic import Field

from opsroom.accounts.roles import Cap
from opsroom.core.access import access_incident, access_unit, require, visible_units
from opsroom.core.errors import InvalidInput, NotFound
from opsroom.core.schemas import Instant, StrictIn
from opsroom.dispatch.models import UnitStatus
from opsroom.geo.models import District, Place, PlaceKind
from opsroom.incidents.api import ERRORS
from opsroom.roads import actions, queries
from opsroom.roads.models import RoadClosure
from opsroom.roads.serializers import closure_dict

router = Router(tags=["roads"])

FACILITY_KINDS: dict[str, list[str]] = {
    "directorate": [PlaceKind.SECURITY_DIRECTORATE],
    "police_station": [PlaceKind.POLICE_STATION, PlaceKind.SECURITY_DIRECTORATE],
    "hospital": [PlaceKind.HOSPITAL],
    "clinic": [PlaceKind.HOSPITAL, PlaceKind.CLINIC],
    "weapons_collection": [PlaceKind.WEAPONS_COLLECTION],
}


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _network() -> queries.LoadedNetwork:
    loaded = queries.active_network()
    if loaded is None:
        raise NotFound("no road network is loaded: run `opsroom roads import FILE.osm.pbf`")
    return loaded


def _inside(loaded: queries.LoadedNetwork, lat: float, lon: float, snap_m: float,
            field: str) -> None:
    # A point far from every road is outside the area the network covers.
    if snap_m > 2000:
        raise InvalidInput(f"the point is {snap_m / 1000:.1f} km from the nearest road of "
                           f"the network «{loaded.network.name}»", field=field)


class NetworkOut(Schema):
    name: str
    source: str
    synthetic: bool
    nodes: int
    edges: int
    imported_at: datetime


@router.get("/roads", response={200: NetworkOut, **ERRORS}, summary="The active road network")
def road_network(request: HttpRequest) -> Any:
    require(_user(request), Cap.UNIT_READ)
    network = _network().network
    return {"name": network.name, "source": network.source, "synthetic": network.synthetic,
            "nodes": network.node_count, "edges": network.edge_count,
            "imported_at": network.imported_at}


@router.get("/incidents/{incident_id}/route", response={200: dict, **ERRORS},
            summary="A unit's fastest road route to an incident, as GeoJSON")
def route(request: HttpRequest, incident_id: UUID, unit_id: UUID) -> Any:
    user = _user(request)
    incident = access_incident(user, incident_id)
    try:
        unit = access_unit(user, unit_id)
    except NotFound:
        raise NotFound("no such unit", field="unit_id") from None
    if incident.lat is None or incident.lon is None:
        raise InvalidInput("the incident has no location", field="incident_id")
    if unit.lat is None or unit.lon is None:
        raise InvalidInput("the unit has no known position", field="unit_id")
    loaded = _network()
    times = queries.times_to(loaded, incident.lat, incident.lon, [unit.lat], [unit.lon], 1)
    _inside(loaded, incident.lat, incident.lon, times.target_snap_m, "incident_id")
    if not np.isfinite(times.eta_s[0]):
        raise NotFound("no open road leads from the unit to the incident")
    nodes = queries.path_to_target(times, 0)
    g = loaded.graph
    coordinates = [[unit.lon, unit.lat]] + [[float(g.lon[n]), float(g.lat[n])] for n in nodes]
    coordinates.append([incident.lon, incident.lat])
    return {
        "type": "Feature",
        "geometry": {"type": "LineString", "coordinates": coordinates},
        "properties": {
            "incident_id": str(incident.id), "unit_id": str(unit.id),
            "call_sign": unit.call_sign, "eta_s": round(float(times.eta_s[0]), 1),
            "distance_m": round(queries.path_length_m(loaded, nodes), 1),
            "unit_snap_m": round(float(times.source_snap_m[0]), 1),
            "incident_snap_m": round(times.target_snap_m, 1),
            "closed_edges": times.closed_edges,
            "synthetic_network": loaded.network.synthetic,
        },
    }


class ClosureIn(StrictIn):
    kind: Literal["area", "road"]
    geometry: dict[str, Any]
    reason: str = Field(min_length=1, max_length=300)
    valid_from: Instant | None = None
    valid_until: Instant | None = None


@router.post("/closures", response={201: dict, **ERRORS},
             summary="Close a road (a GeoJSON LineString) or an area (a Polygon) for a window")
def create_closure(request: HttpRequest, body: ClosureIn) -> Any:
    user = _user(request)
    require(user, Cap.DISPATCH)
    for name in ("valid_from", "valid_until"):
        value = getattr(body, name)
        if value is not None and value.tzinfo is None:
            raise InvalidInput("the time needs a timezone offset", field=name)
    closure = actions.do_create_closure(user, body.kind, body.geometry, body.reason,
                                        body.valid_from, body.valid_until)
    return Reply(201, closure_dict(closure))


@router.get("/closures", response={200: list[dict], **ERRORS},
            summary="Closures in force or to come (`ended=true` adds the ended ones)")
def list_closures(request: HttpRequest, ended: bool = False) -> Any:
    require(_user(request), Cap.UNIT_READ)
    closures = RoadClosure.objects.select_related("agency")
    if not ended:
        from django.db.models import Q

        from opsroom.core.clock import now

        closures = closures.filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now()))
    return [closure_dict(c) for c in closures[:500]]


@router.delete("/closures/{closure_id}", response={200: dict, **ERRORS},
               summary="End a closure now")
def end_closure(request: HttpRequest, closure_id: UUID) -> Any:
    user = _user(request)
    require(user, Cap.DISPATCH)
    closure = RoadClosure.objects.select_related("agency").filter(
        id=closure_id, agency_id=user.agency_id).first()
    if closure is None:
        raise NotFound("no such closure")
    return closure_dict(actions.do_end_closure(user, closure))


@router.get("/coverage", response={200: dict, **ERRORS},
            summary="Per district, the road time of the nearest available unit, and move-ups")
def coverage(request: HttpRequest) -> Any:
    user = _user(request)
    require(user, Cap.UNIT_READ)
    loaded = _network()
    units = list(visible_units(user).filter(status=UnitStatus.AVAILABLE, lat__isnull=False))
    if user.agency_id and not user.can(Cap.READ_ALL_AGENCIES):
        units = [u for u in units if u.agency_id == user.agency_id]
    districts = list(District.objects.order_by("code"))
    from opsroom.roads.coverage import district_coverage

    threshold = settings.COVERAGE_MINUTES * 60
    return district_coverage(loaded, units, districts, threshold)


class NearestQuery(Schema):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    kind: Literal["directorate", "police_station", "hospital", "clinic", "weapons_collection"]


@router.get("/facilities/nearest", response={200: dict, **ERRORS},
            summary="The nearest facility of a kind by road from a point")
def nearest_facility(request: HttpRequest, query: Query[NearestQuery]) -> Any:
    require(_user(request), Cap.UNIT_READ)
    loaded = _network()
    places = list(Place.objects.filter(kind__in=FACILITY_KINDS[query.kind]))
    if not places:
        raise NotFound(f"no {query.kind.replace('_', ' ')} is known", field="kind")
    _, snap = loaded.graph.snap(query.lat, query.lon)
    _inside(loaded, query.lat, query.lon, float(snap), "lat")
    weights = loaded.weights(queries.active_closures())
    place_nodes, place_snap = loaded.graph.snap([p.lat for p in places], [p.lon for p in places])
    dist, _ = queries.from_point(loaded, query.lat, query.lon, weights)
    eta = dist[place_nodes] + (place_snap + float(snap)) / queries.OFF_ROAD_SPEED_M_S
    best = int(np.argmin(eta))
    if not np.isfinite(eta[best]):
        raise NotFound("no open road leads to any such facility")
    ranked = sorted(range(len(places)), key=lambda i: eta[i])[:5]
    return {
        "kind": query.kind,
        "snap_m": round(float(snap), 1),
        "items": [
            {"code": places[i].code, "name_ar": places[i].name_ar,
             "name_en": places[i].name_en, "kind": places[i].kind,
             "lat": places[i].lat, "lon": places[i].lon,
             "eta_s": round(float(eta[i]), 1)}
            for i in ranked if np.isfinite(eta[i])
        ],
    }
