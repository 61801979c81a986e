"""Civilian harm under /api/v1: harm events, their sources, victims and reviews, the
summary and the exports, sharing agreements with monitors and their ledger, and the
telecommunications outage log."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja import Status as Reply

from opsroom.accounts.models import User
from opsroom.casualties import actions, queries
from opsroom.casualties.access import (
    access_agreement,
    access_event,
    access_outage,
    active_agreement,
    event_for_review,
    event_for_write,
    harm_reader,
    outage_writer,
    require_sharing_manager,
    source_of,
    visible_agreements,
    writer,
)
from opsroom.casualties.models import SharingAgreement
from opsroom.casualties.schemas import (
    HarmEventIn,
    HarmEventList,
    HarmEventOut,
    HarmEventPatch,
    HarmExportFilter,
    HarmFilter,
    HarmLedgerOut,
    HarmRefusedOut,
    HarmReviewIn,
    HarmReviewOut,
    HarmSourceIn,
    HarmSourceOut,
    HarmSummaryOut,
    HarmSummaryQuery,
    OutageFilter,
    OutageIn,
    OutageOut,
    OutageUpdate,
    SharingAgreementIn,
    SharingAgreementOut,
    VictimDuplicateOut,
    VictimDuplicatesOut,
    VictimIn,
    VictimOut,
    VictimSimilarQuery,
)
from opsroom.core.errors import NotFound
from opsroom.core.schemas import ERRORS

router = Router(tags=["civilian harm"])
SAFE_ARCHIVE_TYPES = frozenset({"text/plain", "application/pdf", "image/jpeg", "image/png",
                                "image/webp", "audio/mpeg", "audio/ogg", "video/mp4"})
CSV = {"200": {"description": "CSV, UTF-8", "content": {"text/csv": {
    "schema": {"type": "string"}}}}}


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined]


# ---- events ------------------------------------------------------------------------------

@router.post("/harm-events", response={201: HarmEventOut, **ERRORS},
             summary="Record a harm event (figures as min, max and best)")
def record_event(request: HttpRequest, body: HarmEventIn) -> Any:
    user = writer(_user(request))
    event = actions.do_record_event(user, body.model_dump())
    return Reply(201, queries.event_dict(access_event(harm_reader(user), event.id),
                                         harm_reader(user), detail=True))


@router.get("/harm-events", response={200: HarmEventList, **ERRORS},
            summary="Harm events, by period, district and state")
def list_events(request: HttpRequest, filters: Query[HarmFilter]) -> Any:
    user = _user(request)
    reader = harm_reader(user)
    states = queries.parse_states(filters.state)
    events = queries.filtered_events(reader, filters.date_from, filters.date_to,
                                     filters.district, states)
    count = events.count()
    items = list(events[: filters.limit])
    if reader.monitor:
        actions.do_record_delivery(user, reader.agreement, "list", [e.id for e in items],
                                   {"filters": filters.model_dump(mode="json",
                                                                  by_alias=True)})
    return {"count": count, "items": [queries.event_dict(e, reader) for e in items]}


@router.get("/harm-events/export.csv", response={200: None, **ERRORS},
            summary="Harm events as CSV: ACLED's columns, or HXL's hashtags",
            openapi_extra={"responses": CSV})
def export_events(request: HttpRequest, filters: Query[HarmExportFilter]) -> Any:
    user = _user(request)
    reader = harm_reader(user)
    events = queries.export_events(reader, filters.date_from, filters.date_to,
                                   filters.district, queries.parse_states(filters.state))
    text = queries.export_csv(events, reader, filters.format)
    queries.note_read(reader, f"export.{filters.format}", [e.id for e in events])
    reply = HttpResponse(text, content_type="text/csv; charset=utf-8")
    reply["Content-Disposition"] = (f'attachment; filename="harm-events-{filters.format}.csv"')
    return reply


@router.get("/harm-events/{event_id}", response={200: HarmEventOut, **ERRORS},
            summary="One harm event with its sources, victims and reviews")
def get_event(request: HttpRequest, event_id: UUID, purpose: str = "") -> Any:
    user = _user(request)
    reader = harm_reader(user)
    event = access_event(reader, event_id)
    if reader.monitor:
        actions.do_record_delivery(user, reader.agreement, "event", [event.id])
        return queries.event_dict(event, reader, detail=True)
    return queries.read_event(reader, event, purpose)


@router.patch("/harm-events/{event_id}", response={200: HarmEventOut, **ERRORS},
              summary="Correct or complete an event (not once verified)")
def update_event(request: HttpRequest, event_id: UUID, body: HarmEventPatch) -> Any:
    user = _user(request)
    event = actions.do_update_event(user, event_for_write(user, event_id),
                                    body.model_dump(exclude_unset=True))
    reader = harm_reader(user)
    return queries.event_dict(access_event(reader, event.id), reader, detail=True)


@router.post("/harm-events/{event_id}/sources", response={201: HarmSourceOut, **ERRORS},
             summary="Add a source, graded on the Admiralty scale, with its archived copy")
def add_source(request: HttpRequest, event_id: UUID, body: HarmSourceIn) -> Any:
    user = _user(request)
    source = actions.do_add_source(user, event_for_write(user, event_id), body.model_dump())
    return Reply(201, queries.source_dict(source))


@router.get("/harm-events/{event_id}/sources/{source_id}/archive",
            response={200: None, **ERRORS}, summary="A source's archived copy, as received",
            openapi_extra={"responses": {"200": {"description": "The archived bytes",
                                                 "content": {"application/octet-stream": {
                                                     "schema": {"type": "string",
                                                                "format": "binary"}}}}}})
def source_archive(request: HttpRequest, event_id: UUID, source_id: UUID) -> Any:
    user = _user(request)
    reader = harm_reader(user)
    if not reader.sees_archives:
        raise NotFound("no such source of this event")
    event = access_event(reader, event_id)
    source = source_of(event, source_id, "source_id")
    data = queries.read_archive(reader, event, source)
    # Served as what it is only for the kinds of copy a source comes as; anything else
    # (text/html, say) as bytes to save, never to render in the console's origin.
    kind = source.archive_type if source.archive_type in SAFE_ARCHIVE_TYPES else (
        "application/octet-stream")
    if kind == "text/plain":
        kind = "text/plain; charset=utf-8"
    reply = HttpResponse(data, content_type=kind)
    reply["Content-Disposition"] = "attachment"
    reply["X-Content-SHA256"] = source.archive_sha256
    return reply


@router.post("/harm-events/{event_id}/victims",
             response={201: VictimOut, 409: VictimDuplicatesOut, **{
                 k: v for k, v in ERRORS.items() if k != 409}},
             summary="Add a victim (likely duplicates nearby are shown first)")
def add_victim(request: HttpRequest, event_id: UUID, body: VictimIn) -> Any:
    user = _user(request)
    victim = actions.do_add_victim(user, event_for_write(user, event_id), body.model_dump())
    return Reply(201, queries.victim_dict(victim, harm_reader(user)))


@router.get("/harm-events/{event_id}/victims/similar",
            response={200: list[VictimDuplicateOut], **ERRORS},
            summary="Victims nearby whose name may be this one (before saving)")
def similar_victims(request: HttpRequest, event_id: UUID,
                    query: Query[VictimSimilarQuery]) -> Any:
    user = _user(request)
    event = event_for_write(user, event_id)
    return [{"victim_id": d.victim.id, "event_id": d.victim.event_id,
             "event_date": d.victim.event.event_date, "location": d.victim.event.location,
             "name": d.victim.name, "score": d.score, "reason": d.reason,
             "outcome": d.victim.outcome}
            for d in actions.likely_duplicates(event, query.name)]


@router.post("/harm-events/{event_id}/reviews",
             response={201: HarmReviewOut, 409: HarmRefusedOut, **{
                 k: v for k, v in ERRORS.items() if k != 409}},
             summary="Review an event: a second protection officer moves its state")
def review_event(request: HttpRequest, event_id: UUID, body: HarmReviewIn) -> Any:
    user = _user(request)
    review = actions.do_review(user, event_for_review(user, event_id), body.state,
                               body.reason)
    return Reply(201, queries.review_dict(review))


@router.post("/harm-events/{event_id}/lock", response={200: HarmEventOut, **ERRORS},
             summary="Hold the event while reviewing it (others see who holds it)")
def lock_event(request: HttpRequest, event_id: UUID) -> Any:
    user = _user(request)
    event = actions.do_take_lock(user, event_for_review(user, event_id))
    reader = harm_reader(user)
    return queries.event_dict(access_event(reader, event.id), reader)


@router.delete("/harm-events/{event_id}/lock", response={200: HarmEventOut, **ERRORS},
               summary="Let the event go without reviewing it")
def unlock_event(request: HttpRequest, event_id: UUID) -> Any:
    user = _user(request)
    event = actions.do_release_lock(user, event_for_review(user, event_id))
    reader = harm_reader(user)
    return queries.event_dict(access_event(reader, event.id), reader)


@router.get("/harm-summary", response={200: HarmSummaryOut, **ERRORS},
            summary="Events, victims and figures (min, max, best) by state, district, week")
def harm_summary(request: HttpRequest, query: Query[HarmSummaryQuery]) -> Any:
    user = _user(request)
    reader = harm_reader(user)
    counted = queries.parse_states(query.state, queries.DEFAULT_COUNTED)
    found = queries.summary(reader, query.date_from, query.date_to, counted)
    if reader.monitor:
        actions.do_record_delivery(user, reader.agreement, "summary",
                                   [e.id for e in found.events],
                                   {"from": str(query.date_from), "to": str(query.date_to)})
    return queries.summary_dict(found)


# ---- sharing with monitors -----------------------------------------------------------------

def _agreement(a: SharingAgreement) -> dict[str, Any]:
    from opsroom.geo.models import District
    codes = dict(District.objects.filter(id__in=a.districts).values_list("id", "code"))
    return {"id": a.id, "monitor": a.monitor.code, "granted_by": a.granted_by.code,
            "states": a.states, "include_victims": a.include_victims,
            "include_names": a.include_names, "include_sources": a.include_sources,
            "districts": [codes.get(UUID(str(i)), str(i)) for i in a.districts],
            "starts_on": a.starts_on, "ends_on": a.ends_on, "reference": a.reference,
            "active": a.ended_at is None, "ended_at": a.ended_at}


@router.post("/harm-sharing", response={201: SharingAgreementOut, **ERRORS},
             summary="Agree what a monitor (a UN mission, say) is given")
def create_agreement(request: HttpRequest, body: SharingAgreementIn) -> Any:
    user = require_sharing_manager(_user(request))
    return Reply(201, _agreement(actions.do_create_agreement(user, body.model_dump())))


@router.get("/harm-sharing", response={200: list[SharingAgreementOut], **ERRORS},
            summary="Sharing agreements (a monitor sees its own)")
def list_agreements(request: HttpRequest) -> Any:
    return [_agreement(a) for a in visible_agreements(_user(request))]


@router.post("/harm-sharing/{agreement_id}/end", response={200: SharingAgreementOut, **ERRORS},
             summary="End a sharing agreement")
def end_agreement(request: HttpRequest, agreement_id: UUID) -> Any:
    user = _user(request)
    return _agreement(actions.do_end_agreement(user, access_agreement(user, agreement_id)))


@router.get("/harm-ledger", response={200: list[HarmLedgerOut], **ERRORS},
            summary="What monitors received, when, under which agreement")
def ledger(request: HttpRequest, limit: int = 200) -> Any:
    return [{"id": e.id, "monitor": e.monitor.code, "username": e.username,
             "agreement": e.agreement_id, "at": e.at, "what": e.what,
             "event_ids": e.event_ids, "detail": e.detail}
            for e in queries.ledger_entries(_user(request), limit)]


# ---- outages -------------------------------------------------------------------------------

@router.post("/outages", response={201: OutageOut, **ERRORS},
             summary="Record a telecommunications outage")
def record_outage(request: HttpRequest, body: OutageIn) -> Any:
    user = outage_writer(_user(request))
    outage = actions.do_record_outage(user, body.model_dump())
    return Reply(201, queries.outage_dict(outage, queries.district_map()))


@router.get("/outages", response={200: list[OutageOut], **ERRORS},
            summary="The outage log, by period and status")
def list_outages(request: HttpRequest, filters: Query[OutageFilter]) -> Any:
    user = _user(request)
    districts = queries.district_map()
    monitor = user.role == "monitor"
    found = [queries.outage_dict(o, districts, monitor) for o in queries.outages_between(
        user, filters.date_from, filters.date_to, filters.status, filters.ongoing)]
    if monitor and found:
        # What a monitor was given, outages included, is in the ledger.
        actions.do_record_delivery(user, active_agreement(user), "outages", [],
                                   {"outages": [str(o["id"]) for o in found]})
    return found


@router.get("/outages/map", response={200: dict[str, Any], **ERRORS},
            summary="Ongoing confirmed outages as GeoJSON: the board's map layer")
def outage_map(request: HttpRequest) -> Any:
    return queries.outage_layer(_user(request))


@router.patch("/outages/{outage_id}", response={200: OutageOut, **ERRORS},
              summary="Confirm or dismiss a proposed outage, or end one")
def update_outage(request: HttpRequest, outage_id: UUID, body: OutageUpdate) -> Any:
    user = _user(request)
    outage = actions.do_update_outage(user, access_outage(user, outage_id, write=True),
                                      body.model_dump(exclude_unset=True))
    return queries.outage_dict(outage, queries.district_map())
