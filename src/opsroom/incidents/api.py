from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router
from ninja import Status as Reply

from opsroom.accounts.proof import proof_of
from opsroom.accounts.roles import Cap
from opsroom.core.access import require
from opsroom.core.schemas import ERRORS
from opsroom.incidents import actions, queries
from opsroom.incidents.access import access_incident, access_incident_for_note
from opsroom.incidents.models import IncidentType
from opsroom.incidents.schemas import (
    DuplicateOut,
    DuplicateQuery,
    EventOut,
    IncidentFilters,
    IncidentIn,
    IncidentOut,
    IncidentPage,
    IncidentPatch,
    IncidentTypeOut,
    MergeIn,
    NoteIn,
    StatusIn,
)
from opsroom.incidents.serializers import event_dict, incident_dict, with_related

router = Router(tags=["incidents"])


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@router.get("/incident-types", response={200: list[IncidentTypeOut], **ERRORS})
def list_incident_types(request: HttpRequest) -> Any:
    return [
        {**row, "acled_event_type": row["acled_event_type"] or None,
         "acled_sub_event_type": row["acled_sub_event_type"] or None}
        for row in IncidentType.objects.filter(active=True).values()
    ]


@router.post("/incidents", response={201: IncidentOut, **ERRORS})
def create_incident(request: HttpRequest, body: IncidentIn) -> Any:
    user = _user(request)
    require(user, Cap.INCIDENT_CREATE)
    location = None
    if body.location:
        location = actions.Location(body.location.lat, body.location.lon, body.location.precision_m)
    incident = actions.do_create_incident(
        user,
        type_code=body.type,
        priority=body.priority,
        location=location,
        address=body.address,
        description=body.description,
        caller_name=body.caller.name if body.caller else "",
        caller_phone=body.caller.phone if body.caller else "",
    )
    return Reply(201, incident_dict(incident, related=False))  # nothing refers to it yet


@router.get("/incidents", response={200: IncidentPage, **ERRORS})
def list_incidents(request: HttpRequest, filters: Query[IncidentFilters]) -> Any:
    statuses = list(filters.status or [])
    if filters.open:
        statuses = statuses or ["new", "dispatched", "en_route", "on_scene"]
    incidents = queries.filtered_incidents(
        _user(request), status=statuses, type_code=filters.type, priority=filters.priority,
        district=filters.district, since=filters.since, until=filters.until, q=filters.q,
    ).order_by("priority", "received_at")
    page = with_related(incidents[filters.offset : filters.offset + filters.limit])
    return {
        "count": incidents.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [incident_dict(incident) for incident in page],
    }


@router.get("/incidents/duplicates", response={200: list[DuplicateOut], **ERRORS},
            summary="Open incidents a new call may repeat")
def possible_duplicates(request: HttpRequest, query: Query[DuplicateQuery]) -> Any:
    """Open incidents of a similar type (the same type or CAP category) within 400 m,
    received in the last 30 minutes, nearest first: a call-taker's duplicate warning."""
    found = queries.possible_duplicates(_user(request), query.type, query.lat, query.lon)
    return [
        {"distance_m": round(distance), "incident": incident_dict(incident)}
        for incident, distance in found[:10]
    ]


@router.get("/incidents/{incident_id}", response={200: IncidentOut, **ERRORS})
def get_incident(
    request: HttpRequest, incident_id: UUID, purpose: str = Query("", max_length=300)
) -> Any:
    user = _user(request)
    incident = access_incident(user, incident_id)
    caller = queries.caller_details(user, incident, purpose, proof_of(request))
    return incident_dict(incident, caller=caller)


@router.patch("/incidents/{incident_id}", response={200: IncidentOut, **ERRORS})
def update_incident(request: HttpRequest, incident_id: UUID, body: IncidentPatch) -> Any:
    user = _user(request)
    incident = access_incident(user, incident_id, write=True)
    given = body.model_dump(exclude_unset=True)
    changes: dict[str, Any] = {k: v for k, v in given.items() if k not in ("location", "caller")}
    if body.location is not None:
        changes["location"] = actions.Location(
            body.location.lat, body.location.lon, body.location.precision_m
        )
    if body.caller is not None:
        caller = body.caller.model_dump(exclude_unset=True)
        changes.update({f"caller_{key}": value for key, value in caller.items()})
    changes = {k: v for k, v in changes.items() if v is not None}
    # The reply never carries the caller: that is a read of its own, with its purpose.
    return incident_dict(actions.do_update_incident(user, incident, changes))


@router.post("/incidents/{incident_id}/notes", response={201: EventOut, **ERRORS})
def add_note(request: HttpRequest, incident_id: UUID, body: NoteIn) -> Any:
    user = _user(request)
    incident = access_incident_for_note(user, incident_id)
    return Reply(201, event_dict(actions.do_add_note(user, incident, body.text)))


@router.post("/incidents/{incident_id}/status", response={200: IncidentOut, **ERRORS})
def change_status(request: HttpRequest, incident_id: UUID, body: StatusIn) -> Any:
    user = _user(request)
    incident = access_incident(user, incident_id, write=True)
    return incident_dict(actions.do_change_status(user, incident, body.status, body.reason))


@router.post("/incidents/{incident_id}/merge", response={200: IncidentOut, **ERRORS})
def merge_incident(request: HttpRequest, incident_id: UUID, body: MergeIn) -> Any:
    """Merge this incident (a duplicate) into ``into``; answers with the surviving incident."""
    user = _user(request)
    duplicate = access_incident(user, incident_id, write=True)
    into = access_incident(user, body.into, write=True)
    return incident_dict(actions.do_merge_incidents(user, duplicate, into))


@router.get("/incidents/{incident_id}/timeline", response={200: list[EventOut], **ERRORS})
def get_timeline(request: HttpRequest, incident_id: UUID) -> Any:
    incident = access_incident(_user(request), incident_id)
    return [event_dict(event) for event in queries.timeline(incident)]
