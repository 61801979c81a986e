"""Persons, warrants, the wanted check, capacities, arrests and custody, searches, referrals
and sentences, under /api/v1."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router
from ninja import Status as Reply

from opsroom.accounts.models import Agency, User
from opsroom.accounts.roles import Cap
from opsroom.core.access import require
from opsroom.core.errors import InvalidInput, NotFound
from opsroom.core.schemas import ERRORS
from opsroom.dispatch.access import access_unit
from opsroom.records import actions, law, queries
from opsroom.records.access import (
    access_alarm,
    access_arrest,
    access_person,
    access_referral,
    access_sentence,
    access_warrant,
    require_issuing,
    visible_capacities,
    visible_persons,
    visible_searches,
)
from opsroom.records.models import JudicialCapacity, PersonMerge, SearchItem
from opsroom.records.schemas import (
    AlarmOut,
    ArrestIn,
    ArrestOut,
    CapacityIn,
    CapacityOut,
    CustodyBoardOut,
    DocumentIn,
    DocumentOut,
    DuplicateOut,
    HandoverIn,
    MergeIn,
    MergeOut,
    PersonIn,
    PersonOut,
    PersonPatch,
    PersonSearchOut,
    PurposeQuery,
    ReasonIn,
    ReferralIn,
    ReferralOut,
    RightIn,
    SearchIn,
    SearchOut,
    SearchQuery,
    SentenceIn,
    SentenceOut,
    SentenceStatusIn,
    WantedOut,
    WantedQuery,
    WarrantIn,
    WarrantOut,
)
from opsroom.records.serializers import (
    alarm_dict,
    arrest_dict,
    person_dict,
    referral_dict,
    search_dict,
    sentence_dict,
    wanted_answer,
    warrant_dict,
)

router = Router(tags=["records"])


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _person(user: User, person_id: object, field: str = "person_id") -> Any:
    try:
        return access_person(user, person_id)
    except NotFound:
        raise NotFound("no such person", field=field) from None


def _agency(code: str, field: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise InvalidInput(f"no agency {code!r}", field=field)
    return agency


def _officer(username: str) -> User:
    officer = User.objects.filter(username=username, is_active=True).first()
    if officer is None:
        raise InvalidInput(f"no active user {username!r}", field="officer")
    return officer


def _unit(user: User, unit_id: UUID | None) -> Any:
    if unit_id is None:
        return None
    try:
        return access_unit(user, unit_id)
    except NotFound:
        raise NotFound("no such unit", field="unit_id") from None


# ---- persons ------------------------------------------------------------------------------

@router.post("/persons", response={201: PersonOut, **ERRORS}, summary="Record a person")
def create_person(request: HttpRequest, body: PersonIn) -> Any:
    user = _user(request)
    require(user, Cap.PERSON_WRITE)
    values = body.model_dump(exclude={"documents"})
    with transaction.atomic():
        person = actions.do_create_person(user, values)
        for i, document in enumerate(body.documents):
            try:
                actions.do_add_document(user, person, document.kind, document.number,
                                        document.issued_by, document.valid_until)
            except InvalidInput as error:
                raise InvalidInput(error.message, field=f"documents.{i}.{error.field}") \
                    from None
    return Reply(201, person_dict(person))


@router.get("/persons", response={200: PersonSearchOut, **ERRORS},
            summary="Search persons by name (Arabic or Latin) or national number (audited)")
def search_persons(request: HttpRequest, query: Query[SearchQuery]) -> Any:
    hits = queries.find_persons(_user(request), query.q, query.purpose, query.limit)
    return {"count": len(hits), "items": [
        {"id": h.person.id, "score": h.score, "reason": h.reason,
         "full_name": h.person.full_name, "latin_name": h.person.latin_name,
         "birth_year": h.person.birth_year, "national_number": h.person.national_number,
         "synthetic": h.person.synthetic} for h in hits]}


@router.get("/persons/duplicates", response={200: list[DuplicateOut], **ERRORS},
            summary="Records that may be one person, for a records officer to decide")
def duplicates(request: HttpRequest) -> Any:
    user = _user(request)
    require(user, Cap.PERSON_WRITE)
    return [{"a": a.id, "b": b.id, "a_name": a.full_name, "b_name": b.full_name,
             "score": score, "reason": reason}
            for a, b, score, reason in queries.possible_duplicates(user)]


@router.get("/persons/{person_id}", response={200: PersonOut, **ERRORS},
            summary="A person's record (audited with its purpose); a merged id resolves")
def get_person(request: HttpRequest, person_id: UUID, query: Query[PurposeQuery]) -> Any:
    user = _user(request)
    asked = access_person(user, person_id)
    person = queries.read_person(user, queries.resolve(asked), query.purpose)
    body = person_dict(person)
    body["resolved_from"] = asked.id if asked.id != person.id else None
    return body


@router.patch("/persons/{person_id}", response={200: PersonOut, **ERRORS})
def update_person(request: HttpRequest, person_id: UUID, body: PersonPatch) -> Any:
    user = _user(request)
    person = access_person(user, person_id, write=True)
    changes = {k: v for k, v in body.model_dump(exclude_unset=True).items() if v is not None}
    return person_dict(actions.do_update_person(user, person, changes))


@router.post("/persons/{person_id}/documents", response={201: DocumentOut, **ERRORS})
def add_document(request: HttpRequest, person_id: UUID, body: DocumentIn) -> Any:
    user = _user(request)
    person = access_person(user, person_id, write=True)
    document = actions.do_add_document(user, person, body.kind, body.number, body.issued_by,
                                       body.valid_until)
    return Reply(201, {"id": document.id, "kind": document.kind, "number": document.number,
                       "issued_by": document.issued_by, "valid_until": document.valid_until})


@router.post("/persons/{person_id}/merge", response={201: MergeOut, **ERRORS},
             summary="This record is the same person as `into`: fold it in (undoable)")
def merge_person(request: HttpRequest, person_id: UUID, body: MergeIn) -> Any:
    user = _user(request)
    merged = access_person(user, person_id, write=True)
    survivor = _person(user, body.into, "into")
    merge = actions.do_merge_persons(user, survivor, merged, body.reason)
    return Reply(201, _merge_dict(merge))


@router.post("/merges/{merge_id}/undo", response={200: MergeOut, **ERRORS})
def undo_merge(request: HttpRequest, merge_id: UUID) -> Any:
    user = _user(request)
    require(user, Cap.PERSON_WRITE)
    merge = PersonMerge.objects.filter(id=merge_id).first()
    if merge is None:
        raise NotFound("no such merge")
    visible_persons(user)
    return _merge_dict(actions.do_undo_merge(user, merge))


def _merge_dict(merge: PersonMerge) -> dict[str, Any]:
    return {"id": merge.id, "survivor_id": merge.survivor_id, "merged_id": merge.merged_id,
            "at": merge.at, "undone_at": merge.undone_at}


# ---- warrants, the wanted check, capacities -----------------------------------------------

@router.post("/warrants", response={201: WarrantOut, **ERRORS},
             summary="Issue a warrant (a judicial user of a prosecution office or a court)")
def issue_warrant(request: HttpRequest, body: WarrantIn) -> Any:
    user = _user(request)
    require_issuing(user)
    person = _person(user, body.person_id) if body.person_id else None
    warrant = actions.do_issue_warrant(
        user, kind=body.kind, reference=body.reference, person=person, place=body.place,
        lat=body.lat, lon=body.lon, offence_codes=body.offences, caution=body.caution,
        valid_until=body.valid_until)
    return Reply(201, warrant_dict(warrant))


@router.get("/warrants/{warrant_id}", response={200: WarrantOut, **ERRORS})
def get_warrant(request: HttpRequest, warrant_id: UUID) -> Any:
    return warrant_dict(access_warrant(_user(request), warrant_id))


@router.post("/warrants/{warrant_id}/withdraw", response={200: WarrantOut, **ERRORS},
             summary="Withdraw a warrant (its issuing authority only)")
def withdraw_warrant(request: HttpRequest, warrant_id: UUID, body: ReasonIn) -> Any:
    user = _user(request)
    warrant = access_warrant(user, warrant_id, write=True)
    return warrant_dict(actions.do_withdraw_warrant(user, warrant, body.reason))


@router.get("/wanted/check", response={200: WantedOut, **ERRORS},
            summary="Is this person wanted? The minimal answer, from the wanted list every "
            "site holds (audited with its purpose)")
def wanted_check(request: HttpRequest, query: Query[WantedQuery]) -> Any:
    found = queries.check_wanted(_user(request), query.purpose, query.q, query.national_number)
    return {"wanted": bool(found),
            "matches": [wanted_answer(entry, round(score, 1)) for entry, score in found]}


@router.post("/capacities", response={201: CapacityOut, **ERRORS},
             summary="Grant the capacity of judicial police officer for a period")
def grant_capacity(request: HttpRequest, body: CapacityIn) -> Any:
    user = _user(request)
    require_issuing(user)
    require(user, Cap.CAPACITY_GRANT)
    capacity = actions.do_grant_capacity(user, _officer(body.officer), body.valid_until,
                                         body.valid_from)
    return Reply(201, _capacity_dict(capacity))


@router.post("/capacities/{capacity_id}/revoke", response={200: CapacityOut, **ERRORS})
def revoke_capacity(request: HttpRequest, capacity_id: UUID) -> Any:
    user = _user(request)
    require(user, Cap.CAPACITY_GRANT)
    capacity = visible_capacities(user).filter(id=capacity_id,
                                               granting_agency_id=user.agency_id).first()
    if capacity is None:
        raise NotFound("no such capacity")
    return _capacity_dict(actions.do_revoke_capacity(user, capacity))


def _capacity_dict(capacity: JudicialCapacity) -> dict[str, Any]:
    return {"id": capacity.id, "officer": capacity.officer.username,
            "granting_agency": capacity.granting_agency.code,
            "valid_from": capacity.valid_from, "valid_until": capacity.valid_until,
            "revoked_at": capacity.revoked_at}


# ---- arrests and custody ------------------------------------------------------------------

@router.post("/arrests", response={201: ArrestOut, **ERRORS},
             summary="Record an arrest on its legal basis; the custody clock starts")
def record_arrest(request: HttpRequest, body: ArrestIn) -> Any:
    user = _user(request)
    require(user, Cap.ARREST_WRITE)
    person = _person(user, body.person_id)
    warrant = None
    if body.warrant_id is not None:
        try:
            warrant = access_warrant(user, body.warrant_id)
        except NotFound:
            raise NotFound("no such warrant", field="warrant_id") from None
    arrest = actions.do_record_arrest(
        user, person=person, arrested_at=body.arrested_at, place=body.place,
        officer=_officer(body.officer), basis=body.basis, warrant=warrant,
        justification=body.justification, offence_codes=body.offences,
        unit=_unit(user, body.unit_id), lat=body.lat, lon=body.lon)
    return Reply(201, arrest_dict(arrest))


@router.get("/arrests/{arrest_id}", response={200: ArrestOut, **ERRORS})
def get_arrest(request: HttpRequest, arrest_id: UUID) -> Any:
    return arrest_dict(access_arrest(_user(request), arrest_id))


@router.post("/arrests/{arrest_id}/rights", response={200: ArrestOut, **ERRORS},
             summary="Record that a right was given: the reason, a lawyer, the family, a "
             "medical check")
def record_right(request: HttpRequest, arrest_id: UUID, body: RightIn) -> Any:
    user = _user(request)
    arrest = access_arrest(user, arrest_id, write=True)
    return arrest_dict(actions.do_record_right(user, arrest, body.right, body.at))


@router.post("/arrests/{arrest_id}/handover", response={200: ArrestOut, **ERRORS})
def hand_over(request: HttpRequest, arrest_id: UUID, body: HandoverIn) -> Any:
    user = _user(request)
    arrest = access_arrest(user, arrest_id, write=True)
    return arrest_dict(actions.do_hand_over(user, arrest, _agency(body.prosecution,
                                                                  "prosecution")))


@router.post("/arrests/{arrest_id}/acknowledge", response={200: ArrestOut, **ERRORS},
             summary="The prosecution has received the person: the police custody clock stops")
def acknowledge_arrest(request: HttpRequest, arrest_id: UUID) -> Any:
    user = _user(request)
    arrest = access_arrest(user, arrest_id, write=True, cap=Cap.JUDICIAL_ACK)
    return arrest_dict(actions.do_acknowledge_arrest(user, arrest))


@router.post("/arrests/{arrest_id}/release", response={200: ArrestOut, **ERRORS})
def release(request: HttpRequest, arrest_id: UUID, body: ReasonIn) -> Any:
    user = _user(request)
    arrest = access_arrest(user, arrest_id, write=True)
    return arrest_dict(actions.do_release(user, arrest, body.reason))


@router.get("/custody", response={200: CustodyBoardOut, **ERRORS},
            summary="Everyone in custody, soonest limit first, with the open alarms")
def custody(request: HttpRequest) -> Any:
    user = _user(request)
    return {
        "arrests": [arrest_dict(a) for a in queries.in_custody(user)[:500]],
        "alarms": [alarm_dict(a) for a in queries.open_alarms(user)[:500]],
        "limits": [law.custody_limit(c).__dict__ for c in law.CUSTODY_CLASSES],
    }


@router.post("/custody/alarms/{alarm_id}/acknowledge", response={200: AlarmOut, **ERRORS})
def acknowledge_alarm(request: HttpRequest, alarm_id: UUID) -> Any:
    user = _user(request)
    return alarm_dict(actions.do_acknowledge_alarm(user, access_alarm(user, alarm_id)))


# ---- home searches, referrals -------------------------------------------------------------

@router.post("/searches", response={201: SearchOut, **ERRORS},
             summary="Record a home search on its legal basis, with what was found")
def record_search(request: HttpRequest, body: SearchIn) -> Any:
    user = _user(request)
    require(user, Cap.ARREST_WRITE)
    warrant = None
    if body.warrant_id is not None:
        try:
            warrant = access_warrant(user, body.warrant_id)
        except NotFound:
            raise NotFound("no such warrant", field="warrant_id") from None
    person = _person(user, body.person_id) if body.person_id else None
    record = actions.do_record_search(
        user, place=body.place, lat=body.lat, lon=body.lon, started_at=body.started_at,
        ended_at=body.ended_at, officer=_officer(body.officer), present=body.present,
        basis=body.basis, warrant=warrant, consent_by=body.consent_by,
        consent_signed=body.consent_signed, justification=body.justification, person=person,
        items=[item.model_dump() for item in body.items])
    return Reply(201, search_dict(record))


@router.get("/searches/{search_id}", response={200: SearchOut, **ERRORS})
def get_search(request: HttpRequest, search_id: UUID) -> Any:
    found = visible_searches(_user(request)).filter(id=search_id).first()
    if found is None:
        raise NotFound("no such search")
    return search_dict(found)


@router.post("/referrals", response={201: ReferralOut, **ERRORS},
             summary="Refer a person and their case to a prosecution office")
def refer(request: HttpRequest, body: ReferralIn) -> Any:
    user = _user(request)
    require(user, Cap.REFERRAL_WRITE)
    person = _person(user, body.person_id)
    arrests = []
    for i, arrest_id in enumerate(body.arrest_ids):
        try:
            arrests.append(access_arrest(user, arrest_id))
        except NotFound:
            raise NotFound("no such arrest", field=f"arrest_ids.{i}") from None
    searches = visible_searches(user)
    items = []
    for i, item_id in enumerate(body.item_ids):
        item = SearchItem.objects.filter(id=item_id, search__in=searches).first()
        if item is None:
            raise NotFound("no such item", field=f"item_ids.{i}")
        items.append(item)
    referral = actions.do_refer(user, person=person, prosecution=_agency(body.prosecution,
                                                                         "prosecution"),
                                offence_codes=body.offences, arrests=arrests, items=items,
                                summary=body.summary)
    return Reply(201, referral_dict(referral))


@router.get("/referrals", response={200: list[ReferralOut], **ERRORS},
            summary="Referrals sent by the agency or to it, newest first (`overdue=true`: "
            "not acknowledged in the configured time)")
def referrals(request: HttpRequest, overdue: bool = False) -> Any:
    return [referral_dict(r) for r in queries.referral_list(_user(request), overdue)[:500]]


@router.post("/referrals/{referral_id}/acknowledge", response={200: ReferralOut, **ERRORS})
def acknowledge_referral(request: HttpRequest, referral_id: UUID) -> Any:
    user = _user(request)
    referral = access_referral(user, referral_id, Cap.JUDICIAL_ACK)
    return referral_dict(actions.do_acknowledge_referral(user, referral))


# ---- sentences ----------------------------------------------------------------------------

@router.post("/sentences", response={201: SentenceOut, **ERRORS},
             summary="A sentence to carry out (from its court, or entered by the police)")
def receive_sentence(request: HttpRequest, body: SentenceIn) -> Any:
    user = _user(request)
    if not (user.can(Cap.SENTENCE_ISSUE) or user.can(Cap.SENTENCE_UPDATE)):
        require(user, Cap.SENTENCE_UPDATE)
    sentence = actions.do_receive_sentence(
        user, court=_agency(body.court, "court"),
        executing_agency=_agency(body.executing_agency, "executing_agency"),
        case_number=body.case_number, judgment_date=body.judgment_date,
        person=_person(user, body.person_id), kind=body.kind, term_days=body.term_days,
        fine_lyd=body.fine_lyd, measure=body.measure, received_at=body.received_at)
    return Reply(201, sentence_dict(sentence))


@router.get("/sentences", response={200: list[SentenceOut], **ERRORS},
            summary="The sentences still to carry out, oldest first (`overdue=true`: past the "
            "configured time)")
def sentences(request: HttpRequest, overdue: bool = False) -> Any:
    return [sentence_dict(s) for s in queries.sentence_queue(_user(request), overdue)[:500]]


@router.post("/sentences/{sentence_id}/status", response={200: SentenceOut, **ERRORS},
             summary="A step of carrying out a sentence (the court suspends)")
def advance_sentence(request: HttpRequest, sentence_id: UUID, body: SentenceStatusIn) -> Any:
    user = _user(request)
    cap = Cap.SENTENCE_ISSUE if body.status == "suspended" else Cap.SENTENCE_UPDATE
    sentence = access_sentence(user, sentence_id, cap)
    return sentence_dict(actions.do_advance_sentence(user, sentence, body.status,
                                                     unit=_unit(user, body.unit_id),
                                                     note=body.note))
