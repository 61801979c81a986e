"""Permissioned fetches of the records app. Every endpoint and page reaches persons,
warrants, arrests, searches, referrals and sentences through these.

Persons and warrants form one registry shared by every agency whose role may read them (a
wanted person must be found wherever he is checked); every read of a person's record is
audited with its purpose (opsroom.records.queries). Arrests, searches, referrals and
sentences belong to agencies: the holding police agency and the prosecution or court on the
other side see them; the inspector sees all and changes nothing.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from opsroom.accounts.access import sees_every_agency
from opsroom.accounts.models import AgencyKind, User
from opsroom.accounts.queries import agency_ids_of_kinds
from opsroom.accounts.roles import Cap
from opsroom.core.access import as_uuid, require
from opsroom.core.errors import Forbidden, NotFound
from opsroom.records.models import (
    Arrest,
    CustodyAlarm,
    JudicialCapacity,
    Person,
    Referral,
    Search,
    Sentence,
    Warrant,
)

M = TypeVar("M", bound=Model)

JUDICIAL_KINDS = frozenset({AgencyKind.PROSECUTION, AgencyKind.COURT})
# Agencies whose sites keep full person records (the others get the minimal wanted list).
RECORDS_AGENCY_KINDS = frozenset({
    AgencyKind.OPERATIONS_ROOM, AgencyKind.DIRECTORATE, AgencyKind.POLICE_STATION,
    AgencyKind.CRIMINAL_INVESTIGATION, AgencyKind.ANTI_NARCOTICS, AgencyKind.JUDICIAL_POLICE,
    AgencyKind.PROSECUTION, AgencyKind.COURT,
})


def records_agency_ids(_row: Any = None) -> list[str]:
    """Need to know: full person records and warrants go to the sites of the records and
    judicial agencies."""
    return agency_ids_of_kinds(RECORDS_AGENCY_KINDS)


def _one(records: QuerySet[M], record_id: object, what: str) -> M:
    found = records.filter(pk=as_uuid(record_id)).first()
    if found is None:
        raise NotFound(f"no such {what}")
    return found


def _of_agencies(user: User, records: QuerySet[M], *fields: str) -> QuerySet[M]:
    """Records one of whose ``fields`` is the user's agency (all, for oversight roles)."""
    if sees_every_agency(user):
        return records
    if user.agency_id is None:
        return records.none()
    match = Q()
    for field in fields:
        match |= Q(**{field: user.agency_id})
    return records.filter(match)


# ---- persons and warrants: the shared registry --------------------------------------------

def visible_persons(user: User) -> QuerySet[Person]:
    require(user, Cap.PERSON_READ)
    return Person.objects.all()


def access_person(user: User, person_id: object, write: bool = False) -> Person:
    person = _one(visible_persons(user), person_id, "person")
    if write:
        require(user, Cap.PERSON_WRITE)
    return person


def visible_warrants(user: User) -> QuerySet[Warrant]:
    require(user, Cap.PERSON_READ)
    return Warrant.objects.select_related("issuing_agency", "person")


def access_warrant(user: User, warrant_id: object, write: bool = False) -> Warrant:
    warrant = _one(visible_warrants(user), warrant_id, "warrant")
    if write:
        require(user, Cap.WARRANT_ISSUE)
        if warrant.issuing_agency_id != user.agency_id:
            raise Forbidden("only the issuing authority may change this warrant")
    return warrant


def require_issuing(user: User) -> None:
    """Issuing a warrant, granting a capacity or passing a sentence: a judicial user of a
    prosecution office or a court."""
    require(user, Cap.WARRANT_ISSUE)
    if user.agency is None or user.agency.kind not in JUDICIAL_KINDS:
        raise Forbidden("only a prosecution office or a court issues this")


def visible_capacities(user: User) -> QuerySet[JudicialCapacity]:
    if not (user.can(Cap.RECORDS_READ) or user.can(Cap.CAPACITY_GRANT)):
        require(user, Cap.RECORDS_READ)
    return JudicialCapacity.objects.select_related("officer", "granting_agency")


def require_wanted_check(user: User) -> None:
    require(user, Cap.WANTED_CHECK)


# ---- what agencies own ----------------------------------------------------------------------

def visible_arrests(user: User) -> QuerySet[Arrest]:
    require(user, Cap.RECORDS_READ)
    arrests = Arrest.objects.select_related("person", "holding_agency", "prosecution",
                                            "officer", "unit", "warrant")
    return _of_agencies(user, arrests, "holding_agency_id", "prosecution_id")


def access_arrest(user: User, arrest_id: object, write: bool = False,
                  cap: str = Cap.ARREST_WRITE) -> Arrest:
    """With ``write``: the holding agency's records officers act on an arrest; the
    receiving prosecution's judicial users acknowledge it (``cap`` JUDICIAL_ACK)."""
    arrest = _one(visible_arrests(user), arrest_id, "arrest")
    if write:
        require(user, cap)
        owner = arrest.prosecution_id if cap == Cap.JUDICIAL_ACK else arrest.holding_agency_id
        if owner != user.agency_id:
            raise NotFound("no such arrest")
    return arrest


def visible_alarms(user: User) -> QuerySet[CustodyAlarm]:
    require(user, Cap.RECORDS_READ)
    alarms = CustodyAlarm.objects.select_related("arrest", "arrest__person")
    return _of_agencies(user, alarms, "arrest__holding_agency_id", "arrest__prosecution_id")


def access_alarm(user: User, alarm_id: object) -> CustodyAlarm:
    alarm = _one(visible_alarms(user), alarm_id, "alarm")
    require(user, Cap.ALARM_ACK)
    if user.agency_id not in (alarm.arrest.holding_agency_id, alarm.arrest.prosecution_id):
        raise NotFound("no such alarm")
    return alarm


def visible_searches(user: User) -> QuerySet[Search]:
    require(user, Cap.RECORDS_READ)
    return _of_agencies(user, Search.objects.select_related("holding_agency", "warrant"),
                        "holding_agency_id")


def visible_referrals(user: User) -> QuerySet[Referral]:
    require(user, Cap.RECORDS_READ)
    referrals = Referral.objects.select_related("person", "from_agency", "prosecution")
    return _of_agencies(user, referrals, "from_agency_id", "prosecution_id")


def access_referral(user: User, referral_id: object, cap: str) -> Referral:
    referral = _one(visible_referrals(user), referral_id, "referral")
    require(user, cap)
    if referral.prosecution_id != user.agency_id:
        raise NotFound("no such referral")
    return referral


def visible_sentences(user: User) -> QuerySet[Sentence]:
    require(user, Cap.RECORDS_READ)
    sentences = Sentence.objects.select_related("person", "court", "executing_agency", "unit")
    return _of_agencies(user, sentences, "executing_agency_id", "court_id")


def access_sentence(user: User, sentence_id: object, cap: str) -> Sentence:
    """The executing agency's records officers move a sentence on (SENTENCE_UPDATE); the
    court that passed it suspends it (SENTENCE_ISSUE)."""
    sentence = _one(visible_sentences(user), sentence_id, "sentence")
    require(user, cap)
    owner = sentence.court_id if cap == Cap.SENTENCE_ISSUE else sentence.executing_agency_id
    if owner != user.agency_id:
        raise NotFound("no such sentence")
    return sentence


def agencies_of(record: Any) -> list[str]:
    """The agencies a record of these tables belongs to, for live events and sync."""
    if isinstance(record, CustodyAlarm):
        record = record.arrest
    fields = {Arrest: ("holding_agency_id", "prosecution_id"),
              Search: ("holding_agency_id",),
              Referral: ("from_agency_id", "prosecution_id"),
              Sentence: ("executing_agency_id", "court_id")}[type(record)]
    found = [str(getattr(record, f)) for f in fields if getattr(record, f)]
    return list(dict.fromkeys(found))
