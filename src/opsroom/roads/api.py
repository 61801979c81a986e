"""Road network, closures and the nearest facility by road, under /api/v1. (A unit's route
to an incident and the coverage of districts by units are dispatch's.)"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router
from ninja import Status as Reply

from opsroom.accounts.roles import Cap
from opsroom.core.access import require
from opsroom.core.errors import InvalidInput
from opsroom.core.schemas import ERRORS
from opsroom.roads import actions, queries
from opsroom.roads.access import access_closure
from opsroom.roads.schemas import ClosureIn, ClosureOut, NearestOut, NearestQuery, NetworkOut
from opsroom.roads.serializers import closure_dict

router = Router(tags=["roads"])


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@router.get("/roads", response={200: NetworkOut, **ERRORS}, summary="The active road network")
def road_network(request: HttpRequest) -> Any:
    require(_user(request), Cap.UNIT_READ)
    network = queries.require_network().network
    return {"name": network.name, "source": network.source, "synthetic": network.synthetic,
            "nodes": network.node_count, "edges": network.edge_count,
            "imported_at": network.imported_at}


@router.post("/closures", response={201: ClosureOut, **ERRORS},
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


@router.get("/closures", response={200: list[ClosureOut], **ERRORS},
            summary="Closures in force or to come (`ended=true` adds the ended ones)")
def list_closures(request: HttpRequest, ended: bool = False) -> Any:
    return [closure_dict(c) for c in queries.current_closures(_user(request), ended)]


@router.delete("/closures/{closure_id}", response={200: ClosureOut, **ERRORS},
               summary="End a closure now")
def end_closure(request: HttpRequest, closure_id: UUID) -> Any:
    user = _user(request)
    closure = access_closure(user, closure_id, write=True)
    return closure_dict(actions.do_end_closure(user, closure))


@router.get("/facilities/nearest", response={200: NearestOut, **ERRORS},
            summary="The nearest facility of a kind by road from a point")
def nearest_facility(request: HttpRequest, query: Query[NearestQuery]) -> Any:
    require(_user(request), Cap.UNIT_READ)
    found = queries.nearest_facilities(query.lat, query.lon, query.kind)
    return {
        "kind": found.kind,
        "snap_m": found.snap_m,
        "items": [
            {"code": place.code, "name_ar": place.name_ar, "name_en": place.name_en,
             "kind": place.kind, "lat": place.lat, "lon": place.lon, "eta_s": eta}
            for place, eta in found.items
        ],
    }
