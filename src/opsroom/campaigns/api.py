"""Campaigns, collection points, handovers and receipts, items' custody, raids on drug dens
and the training of judicial police officers, under /api/v1."""

from __future__ import annotations

import base64
import binascii
from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja import Status as Reply

from opsroom.accounts.models import Agency, User
from opsroom.accounts.roles import Cap
from opsroom.campaigns import actions, queries
from opsroom.campaigns.access import (
    access_attendance,
    access_attendance_for_renewal,
    access_campaign,
    access_course,
    access_handover,
    access_item,
    access_operation,
    access_session,
    access_target,
    campaign_for_handover,
    point_by_code,
    require_manager,
    require_receipt_check,
    target_warrant,
    training_officer,
    visible_campaigns,
    visible_courses,
    visible_handovers,
    visible_points,
)
from opsroom.campaigns.models import ItemPhoto
from opsroom.campaigns.schemas import (
    AttendanceOut,
    AttendeeIn,
    CampaignIn,
    CampaignItemOut,
    CampaignOut,
    CourseIn,
    CourseList,
    CourseOut,
    CustodyEventOut,
    CustodyIn,
    DuplicateList,
    ExpiringList,
    HandoverList,
    HandoverOut,
    NearestPointsOut,
    NearestPointsQuery,
    OperationIn,
    OperationList,
    OperationOut,
    OperationStatusIn,
    OutcomeIn,
    PhotoIn,
    PhotoOut,
    PointIn,
    PointOut,
    RefusalIn,
    RefusalOut,
    RenewedCapacityOut,
    ResultIn,
    SerialErrorOut,
    SerialOut,
    SerialQuery,
    SessionIn,
    SessionOut,
    StatsOut,
    TrainingRecordOut,
    VerifyOut,
    VerifyQuery,
    WeaponsHandoverIn,
)
from opsroom.campaigns.serializers import (
    campaign_dict,
    course_dict,
    custody_dict,
    handover_dict,
    item_dict,
    operation_dict,
    operation_summary,
    point_dict,
)
from opsroom.campaigns.serials import serial_key
from opsroom.campaigns.training import expiring_capacities, training_record
from opsroom.core.access import require
from opsroom.core.errors import InvalidInput, NotFound
from opsroom.core.schemas import ERRORS
from opsroom.dispatch.access import access_unit
from opsroom.records.access import access_arrest, access_person, visible_searches

router = Router(tags=["campaigns"])


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _named_user(username: str | None, field: str) -> User | None:
    if username is None:
        return None
    found = User.objects.filter(username=username, is_active=True).first()
    if found is None:
        raise InvalidInput(f"no active user {username!r}", field=field)
    return found


def _found(fetch: Any, field: str, *args: Any) -> Any:
    """A record the body names: not found is the body's error, naming its field."""
    try:
        return fetch(*args)
    except NotFound as error:
        raise NotFound(error.message, field=field) from None


# ---- campaigns ---------------------------------------------------------------------------------

@router.post("/campaigns", response={201: CampaignOut, **ERRORS}, summary="Start a campaign")
def create_campaign(request: HttpRequest, body: CampaignIn) -> Any:
    user = _user(request)
    require_manager(user)
    campaign = actions.do_create_campaign(
        user, kind=body.kind, name_ar=body.name_ar, name_en=body.name_en,
        starts_on=body.starts_on, ends_on=body.ends_on, districts=body.districts,
        targets=body.targets, amnesty=body.amnesty)
    return Reply(201, campaign_dict(campaign))


@router.get("/campaigns", response={200: list[CampaignOut], **ERRORS})
def list_campaigns(request: HttpRequest) -> Any:
    return [campaign_dict(c) for c in visible_campaigns(_user(request))[:200]]


@router.get("/campaigns/{campaign_id}", response={200: CampaignOut, **ERRORS})
def get_campaign(request: HttpRequest, campaign_id: UUID) -> Any:
    return campaign_dict(access_campaign(_user(request), campaign_id))


@router.get("/campaigns/{campaign_id}/stats", response={200: StatsOut, **ERRORS},
            summary="Progress against the targets, by district and ISO week")
def campaign_stats(request: HttpRequest, campaign_id: UUID) -> Any:
    return queries.campaign_stats(access_campaign(_user(request), campaign_id))


# ---- collection points ------------------------------------------------------------------------

@router.post("/collection-points", response={201: PointOut, **ERRORS})
def create_point(request: HttpRequest, body: PointIn) -> Any:
    user = _user(request)
    require_manager(user)
    point = actions.do_create_point(user, code=body.code, name_ar=body.name_ar,
                                    name_en=body.name_en, kind=body.kind, lat=body.lat,
                                    lon=body.lon, hours=body.hours)
    return Reply(201, point_dict(point))


@router.get("/collection-points", response={200: list[PointOut], **ERRORS})
def list_points(request: HttpRequest) -> Any:
    return [point_dict(p) for p in visible_points(_user(request))[:500]]


@router.get("/collection-points/nearest", response={200: NearestPointsOut, **ERRORS},
            summary="The nearest open collection points by road travel time")
def nearest_points(request: HttpRequest, query: Query[NearestPointsQuery]) -> Any:
    found = queries.nearest_points(_user(request), query.lat, query.lon, query.limit,
                                   open_only=not query.include_closed)
    return {"items": [{"point": point_dict(n.point), "eta_s": n.eta_s,
                       "eta_min": max(1, round(n.eta_s / 60)), "distance_m": n.distance_m,
                       "open_now": n.open_now} for n in found]}


# ---- handovers and receipts --------------------------------------------------------------------

@router.post("/handovers", response={201: HandoverOut, 409: SerialErrorOut, **{
    k: v for k, v in ERRORS.items() if k != 409}},
    summary="Record a handover of weapons; 201 with its receipt number")
def record_handover(request: HttpRequest, body: WeaponsHandoverIn) -> Any:
    user = _user(request)
    campaign = _found(campaign_for_handover, "campaign_id", user, body.campaign_id)
    point = point_by_code(user, body.point)
    person = None
    if body.person_id is not None:
        if campaign.amnesty:
            raise InvalidInput("this campaign is in amnesty mode: no person is recorded",
                               field="person_id")
        person = _found(access_person, "person_id", user, body.person_id)
    handover = actions.do_record_handover(
        user, campaign=campaign, point=point, handed_at=body.handed_at,
        officer=_named_user(body.officer, "officer"), person=person,
        items=[item.model_dump() for item in body.items], notes=body.notes)
    return Reply(201, handover_dict(handover))


@router.get("/handovers", response={200: HandoverList, **ERRORS})
def list_handovers(request: HttpRequest, campaign_id: UUID | None = None,
                   limit: int = 50) -> Any:
    handovers = visible_handovers(_user(request)).select_related(
        "point", "officer", "district").prefetch_related("items__photos").order_by("-handed_at")
    if campaign_id is not None:
        handovers = handovers.filter(campaign_id=campaign_id)
    return {"items": [handover_dict(h) for h in handovers[:max(1, min(limit, 200))]]}


@router.get("/handovers/{handover_id}", response={200: HandoverOut, **ERRORS})
def get_handover(request: HttpRequest, handover_id: UUID) -> Any:
    return handover_dict(access_handover(_user(request), handover_id))


@router.get("/handovers/{handover_id}/receipt.pdf",
            response={200: None, **ERRORS}, summary="The bilingual PDF receipt",
            openapi_extra={"responses": {"200": {
                "description": "The receipt", "content": {"application/pdf": {
                    "schema": {"type": "string", "format": "binary"}}}}}})
def receipt_pdf(request: HttpRequest, handover_id: UUID) -> Any:
    user = _user(request)
    handover = access_handover(user, handover_id)
    pdf = queries.receipt_pdf(user, handover)
    reply = HttpResponse(pdf, content_type="application/pdf")
    reply["Content-Disposition"] = f'inline; filename="{handover.receipt_number}.pdf"'
    return reply


@router.get("/receipts/{number}/verify", response={200: VerifyOut, **ERRORS},
            summary="Is this receipt genuine? (works at any site, cut off or not)")
def verify_receipt(request: HttpRequest, number: str, query: Query[VerifyQuery]) -> Any:
    user = _user(request)
    require_receipt_check(user)
    return queries.verify_receipt(user, number, query.code)


# ---- items, custody, photos, serials -----------------------------------------------------------

@router.get("/items/{item_id}", response={200: CampaignItemOut, **ERRORS})
def get_item(request: HttpRequest, item_id: UUID) -> Any:
    item = access_item(_user(request), item_id)
    duplicates = queries.duplicate_item_ids([item.id])
    receipt = item.handover.receipt_number if item.handover else None
    return item_dict(item, duplicates, receipt, chain=True)


@router.post("/items/{item_id}/custody", response={201: CustodyEventOut, **ERRORS},
             summary="Append a step to an item's chain of custody")
def record_custody(request: HttpRequest, item_id: UUID, body: CustodyIn) -> Any:
    user = _user(request)
    item = access_item(user, item_id, write=True)
    event = actions.do_record_custody(
        user, item, step=body.step, at=body.at, location=body.location, to_whom=body.to_whom,
        witnesses=body.witnesses, record_ref=body.record_ref, note=body.note)
    return Reply(201, custody_dict(event))


@router.post("/items/{item_id}/photos", response={201: PhotoOut, **ERRORS},
             summary="Add a photo of an item (resized; kept by the project)")
def add_photo(request: HttpRequest, item_id: UUID, body: PhotoIn) -> Any:
    user = _user(request)
    item = access_item(user, item_id, write=True)
    try:
        data = base64.b64decode(body.data, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("the image in base64", field="data") from None
    photo = actions.do_add_photo(user, item, data)
    return Reply(201, {"id": photo.id, "width": photo.width, "height": photo.height,
                       "url": f"/api/v1/photos/{photo.id}.jpg"})


@router.get("/photos/{photo_id}.jpg", response={200: None, **ERRORS},
            openapi_extra={"responses": {"200": {
                "description": "The photo", "content": {"image/jpeg": {
                    "schema": {"type": "string", "format": "binary"}}}}}})
def get_photo(request: HttpRequest, photo_id: UUID, thumbnail: bool = False) -> Any:
    user = _user(request)
    photo = ItemPhoto.objects.filter(id=photo_id).first()
    if photo is None:
        raise NotFound("no such photo")
    access_item(user, photo.item_id)
    data = bytes(photo.image) if photo.image and not thumbnail else \
        base64.b64decode(photo.thumbnail)
    return HttpResponse(data, content_type="image/jpeg")


@router.get("/serials/check", response={200: SerialOut, **ERRORS},
            summary="Was this serial handed in before? (for the form, before saving)")
def check_serial(request: HttpRequest, query: Query[SerialQuery]) -> Any:
    require(_user(request), Cap.HANDOVER_WRITE)
    key = serial_key(query.serial)
    receipts = queries.earlier_receipts(key) if key else []
    return {"serial": query.serial, "key": key, "known": bool(receipts), "receipts": receipts}


@router.get("/serials/duplicates", response={200: DuplicateList, **ERRORS},
            summary="Items whose serial is known more than once")
def duplicates(request: HttpRequest) -> Any:
    return {"items": queries.flagged_duplicates(_user(request))}


@router.post("/searches/{search_id}/refusal", response={201: RefusalOut, **ERRORS},
             summary="Weapons found in a search and not handed over: refer to the prosecution")
def refer_refusal(request: HttpRequest, search_id: UUID, body: RefusalIn) -> Any:
    user = _user(request)
    require(user, Cap.REFERRAL_WRITE)
    search = visible_searches(user).filter(id=search_id).first()
    if search is None:
        raise NotFound("no such search")
    prosecution = None
    if body.prosecution is not None:
        prosecution = Agency.objects.filter(code=body.prosecution).first()
        if prosecution is None:
            raise InvalidInput(f"no agency {body.prosecution!r}", field="prosecution")
    referral = actions.do_refer_refusal(user, search, prosecution, body.summary)
    return Reply(201, {"referral_id": referral.id, "prosecution": referral.prosecution.code,
                       "items": len(referral.item_ids)})


# ---- raids on drug dens ------------------------------------------------------------------------

@router.post("/operations", response={201: OperationOut, **ERRORS},
             summary="Plan an operation (seen only by those named on it until it ends)")
def plan_operation(request: HttpRequest, body: OperationIn) -> Any:
    user = _user(request)
    require_manager(user)
    require(user, Cap.OPERATION_READ)
    campaign = _found(access_campaign, "campaign_id", user, body.campaign_id)
    units = [_found(access_unit, f"units.{i}", user, u) for i, u in enumerate(body.units)]
    targets = []
    for i, target in enumerate(body.targets):
        values = target.model_dump(exclude={"warrant_id"})
        values["warrant"] = (_found(target_warrant, f"targets.{i}.warrant_id", user,
                                    target.warrant_id) if target.warrant_id else None)
        targets.append(values)
    operation = actions.do_plan_operation(
        user, campaign=campaign, code=body.code, planned_at=body.planned_at,
        commander=_named_user(body.commander, "commander"), members=body.members,
        units=units, targets=targets)
    return Reply(201, operation_dict(operation))


@router.get("/operations", response={200: OperationList, **ERRORS},
            summary="The operations the user may see (audited)")
def list_operations(request: HttpRequest) -> Any:
    return {"items": [operation_summary(o) for o in queries.list_operations(_user(request))]}


@router.get("/operations/{operation_id}", response={200: OperationOut, **ERRORS},
            summary="An operation (every read audited)")
def get_operation(request: HttpRequest, operation_id: UUID) -> Any:
    return operation_dict(queries.read_operation(_user(request), operation_id))


@router.post("/operations/{operation_id}/status", response={200: OperationOut, **ERRORS})
def advance_operation(request: HttpRequest, operation_id: UUID,
                      body: OperationStatusIn) -> Any:
    user = _user(request)
    operation = access_operation(user, operation_id, write=True)
    return operation_dict(actions.do_advance_operation(user, operation, body.status,
                                                       body.reason))


@router.post("/operations/{operation_id}/targets/{target_id}/outcome",
             response={200: OperationOut, **ERRORS}, summary="What a target's raid found")
def record_outcome(request: HttpRequest, operation_id: UUID, target_id: UUID,
                   body: OutcomeIn) -> Any:
    user = _user(request)
    operation = access_operation(user, operation_id)
    target = access_target(user, operation, target_id)
    arrests = [_found(access_arrest, f"arrest_ids.{i}", user, a)
               for i, a in enumerate(body.arrest_ids)]
    actions.do_record_outcome(
        user, operation, target, den_closed=body.den_closed, arrests=arrests,
        referred=body.referred, seizures=[s.model_dump() for s in body.seizures],
        items=[i.model_dump() for i in body.items], notes=body.notes)
    operation.refresh_from_db()
    return operation_dict(operation)


# ---- training ----------------------------------------------------------------------------------

@router.post("/courses", response={201: CourseOut, **ERRORS})
def create_course(request: HttpRequest, body: CourseIn) -> Any:
    user = _user(request)
    require_manager(user)
    course = actions.do_create_course(user, code=body.code, title_ar=body.title_ar,
                                      title_en=body.title_en, validity_days=body.validity_days)
    return Reply(201, course_dict(course))


@router.get("/courses", response={200: CourseList, **ERRORS})
def list_courses(request: HttpRequest) -> Any:
    return {"items": [course_dict(c) for c in visible_courses(_user(request))[:100]]}


@router.post("/courses/{course_id}/sessions", response={201: SessionOut, **ERRORS})
def add_session(request: HttpRequest, course_id: UUID, body: SessionIn) -> Any:
    user = _user(request)
    course = access_course(user, course_id, write=True)
    session = actions.do_add_session(user, course, number=body.number,
                                     starts_on=body.starts_on, ends_on=body.ends_on,
                                     place=body.place, trainers=body.trainers)
    return Reply(201, {"id": session.id, "number": session.number,
                       "starts_on": session.starts_on, "ends_on": session.ends_on,
                       "place": session.place, "trainers": session.trainers,
                       "attendances": []})


@router.post("/sessions/{session_id}/attendees", response={201: AttendanceOut, **ERRORS})
def enrol(request: HttpRequest, session_id: UUID, body: AttendeeIn) -> Any:
    user = _user(request)
    session = access_session(user, session_id, write=True)
    attendance = actions.do_enrol(user, session, _named_user(body.officer, "officer"))
    return Reply(201, _attendance(attendance))


def _attendance(attendance: Any) -> dict[str, Any]:
    return {"id": attendance.id, "officer": attendance.officer.username,
            "officer_name": attendance.officer.get_full_name() or attendance.officer.username,
            "result": attendance.result, "score": attendance.score,
            "capacity_id": attendance.capacity_id}


@router.post("/attendances/{attendance_id}/result", response={200: AttendanceOut, **ERRORS})
def record_result(request: HttpRequest, attendance_id: UUID, body: ResultIn) -> Any:
    user = _user(request)
    attendance = access_attendance(user, attendance_id, write=True)
    return _attendance(actions.do_record_result(user, attendance, body.result, body.score))


@router.post("/attendances/{attendance_id}/renew", response={201: RenewedCapacityOut, **ERRORS},
             summary="A judicial user renews the officer's capacity on a passed course")
def renew_capacity(request: HttpRequest, attendance_id: UUID) -> Any:
    user = _user(request)
    attendance = access_attendance_for_renewal(user, attendance_id)
    capacity = actions.do_renew_capacity(user, attendance)
    return Reply(201, {"id": capacity.id, "officer": capacity.officer.username,
                       "valid_from": capacity.valid_from, "valid_until": capacity.valid_until})


@router.get("/officers/{username}/training", response={200: TrainingRecordOut, **ERRORS},
            summary="An officer's training record")
def officer_training(request: HttpRequest, username: str) -> Any:
    return training_record(training_officer(_user(request), username))


@router.get("/capacities/expiring", response={200: ExpiringList, **ERRORS},
            summary="Judicial police officer capacities about to expire (supervisors)")
def capacities_expiring(request: HttpRequest, days: int | None = None) -> Any:
    user = _user(request)
    window = settings.CAPACITY_WARN_DAYS if days is None else max(1, min(days, 365))
    return {"days": window, "items": expiring_capacities(user, window)}
