"""Every write of the records app. Each action is one transaction that writes the change,
the person's timeline where it concerns a person, and its audit entry, and publishes on
commit. Intrusive acts (an arrest, a home search) are refused without their legal basis:
nothing is written and the error names the field."""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import close_old_connections, transaction
from django.db.models import Q

from opsroom.accounts.models import Agency, AgencyKind, User
from opsroom.audit.actions import do_audit
from opsroom.core.bus import publish_record
from opsroom.core.clock import now, to_city_time
from opsroom.core.errors import Conflict, Forbidden, InvalidInput
from opsroom.core.ids import stable_id
from opsroom.core.text import check_name, check_text, looks_empty
from opsroom.dispatch.models import Unit
from opsroom.geo.measure import haversine_m
from opsroom.records import law, offences, search
from opsroom.records.access import JUDICIAL_KINDS, agencies_of
from opsroom.records.models import (
    RIGHTS,
    Arrest,
    ArrestStatus,
    BasisKind,
    CustodyAlarm,
    JudicialCapacity,
    Person,
    PersonDocument,
    PersonMerge,
    PersonStatus,
    RecordEvent,
    Referral,
    ReferralStatus,
    Search,
    SearchItem,
    Sentence,
    SentenceEvent,
    SentenceKind,
    SentenceStatus,
    Sex,
    WantedEntry,
    Warrant,
    WarrantKind,
    WarrantStatus,
)
from opsroom.records.serializers import (
    alarm_dict,
    arrest_dict,
    referral_dict,
    search_dict,
    sentence_dict,
    warrant_dict,
)

log = logging.getLogger(__name__)
MAX_SKEW = timedelta(minutes=5)  # a time "now" from a device whose clock runs ahead
MIN_JUSTIFICATION = 20  # characters: a reason an inspector can read, not "ok"
NAME_FIELDS = ("first_name", "father_name", "grandfather_name", "family_name")
DOCUMENT_KINDS = ("passport", "id_card", "family_booklet", "driving_licence", "other")
_NATIONAL_NUMBER = re.compile(r"[12]\d{11}")


# ---- checks shared by the actions ---------------------------------------------------------

def check_national_number(number: str, sex: str = Sex.UNKNOWN, birth_year: int | None = None,
                          field: str = "national_number") -> str:
    """A Libyan national number: 12 digits, the first 1 (male) or 2 (female), the next four
    the year of birth (as the Civil Registry Authority writes it; see docs/records.md)."""
    number = number.strip()
    if not number:
        return ""
    if not _NATIONAL_NUMBER.fullmatch(number):
        raise InvalidInput("a national number is 12 digits, starting with 1 or 2", field=field)
    year = int(number[1:5])
    if not 1900 <= year <= now().year:
        raise InvalidInput(f"digits 2-5 give the year of birth; {year} is not one", field=field)
    if sex != Sex.UNKNOWN and number[0] != ("1" if sex == Sex.MALE else "2"):
        raise InvalidInput("the first digit does not agree with the sex given", field=field)
    if birth_year and birth_year != year:
        raise InvalidInput("the year in the number does not agree with the birth year",
                           field=field)
    return number


def _check_offences(codes: Iterable[str], field: str = "offences") -> list[str]:
    codes = list(dict.fromkeys(codes))
    for code in codes:
        if code not in offences.BY_CODE:
            raise InvalidInput(f"unknown offence {code!r}", field=field)
    return codes


def _check_time(moment: datetime, field: str) -> datetime:
    if moment > now() + MAX_SKEW:
        raise InvalidInput("this time is in the future", field=field)
    return moment


def _agency_of_kind(agency: Agency | None, kinds: Iterable[str], field: str,
                    what: str) -> Agency:
    if agency is None or agency.kind not in kinds:
        raise InvalidInput(f"{what}", field=field)
    return agency


def holds_capacity(user: User, moment: datetime) -> bool:
    # A capacity revoked later still covered what its holder did before the revocation.
    return JudicialCapacity.objects.filter(
        Q(revoked_at__isnull=True) | Q(revoked_at__gt=moment),
        officer=user, valid_from__lte=moment, valid_until__gt=moment).exists()


def _publish(kind: str, record: Any, action: str, agencies: list[str] | None,
             data: dict[str, Any]) -> None:
    """One live event per owning agency (an arrest is both the police's and the
    prosecution's); None: a record of the shared registry, for every agency allowed it."""
    owners: list[str | None] = list(agencies) if agencies else [None]
    for agency in owners:
        publish_record(kind, record, action, agency, data)


def _timeline(person: Person, actor: User | None, kind: str, value: Any,
              event_id: uuid.UUID | None = None) -> None:
    extra = {"id": event_id} if event_id is not None else {}
    RecordEvent.objects.create(person=person, kind=kind, value=value, actor=actor, **extra)


def _person_changed(person: Person, action: str) -> None:
    # No record data on the stream: the search index follows these rows; a screen
    # that shows the person reads it (audited) through the API.
    publish_record("person", person, action, None, {"id": str(person.id),
                                                      "status": person.status})


def _wanted_changed(entry: WantedEntry, action: str) -> None:
    # Nothing of the entry on the stream (no console shows the list); the wanted index of
    # every process follows these rows.
    publish_record("wanted_entry", entry, action, None, {"id": str(entry.id),
                                                          "active": entry.active})


def announce_synced_wanted(entry_ids: set[str]) -> None:
    """Wanted entries changed at another site: a change row each, for the wanted index."""
    for entry in WantedEntry.objects.filter(id__in=entry_ids):
        _wanted_changed(entry, "synced")


def announce_synced(kind: str) -> Any:
    """An announcer for an agency-owned table: rows another site changed (an alarm raised
    at the police station, seen at the prosecution's site) go live here too."""
    tables: dict[str, tuple[Any, Callable[[Any], dict[str, Any]]]] = {
        "arrest": (Arrest, arrest_dict), "custody_alarm": (CustodyAlarm, alarm_dict),
        "referral": (Referral, referral_dict), "sentence": (Sentence, sentence_dict)}
    model, serialize = tables[kind]

    def announce(ids: set[str]) -> None:
        for record in model.objects.filter(id__in=ids):
            _publish(kind, record, "synced", agencies_of(record), serialize(record))

    return announce


def announce_synced_persons(person_ids: set[str]) -> None:
    """Persons changed at another site (sync): a change row each, which this site's search
    index follows."""
    for person in Person.objects.filter(id__in=person_ids):
        _person_changed(person, "synced")


# ---- persons ------------------------------------------------------------------------------

def _clean_person_fields(values: Mapping[str, Any], person: Person | None = None
                         ) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for field in (*NAME_FIELDS, "mother_name", "latin_name"):
        if field in values:
            value = str(values[field] or "").strip()
            check_name(value, field, required=field in ("first_name", "family_name"))
            clean[field] = value
    if "aliases" in values:
        aliases = [str(a).strip() for a in values["aliases"] or []]
        for i, alias in enumerate(aliases):
            check_name(alias, f"aliases.{i}")
        clean["aliases"] = list(dict.fromkeys(aliases))
    if "notes" in values:
        clean["notes"] = check_text(str(values["notes"] or "").strip(), "notes")
    if "sex" in values:
        if values["sex"] not in Sex.values:
            raise InvalidInput(f"sex must be one of {', '.join(Sex.values)}", field="sex")
        clean["sex"] = values["sex"]
    birth_date = values.get("birth_date", person.birth_date if person else None)
    birth_year = values.get("birth_year", person.birth_year if person else None)
    if birth_date is not None:
        if not isinstance(birth_date, date) or birth_date > to_city_time(now()).date():
            raise InvalidInput("a birth date in the past", field="birth_date")
        if birth_year is not None and birth_year != birth_date.year:
            raise InvalidInput("the birth year and the birth date disagree", field="birth_year")
        birth_year = birth_date.year
    if birth_year is not None and not 1900 <= int(birth_year) <= now().year:
        raise InvalidInput("a birth year between 1900 and this year", field="birth_year")
    if "birth_date" in values:
        clean["birth_date"] = birth_date
    if "birth_date" in values or "birth_year" in values:
        clean["birth_year"] = birth_year
    if "national_number" in values or "sex" in values or "birth_year" in clean:
        number = str(values.get("national_number",
                                person.national_number if person else "") or "")
        sex = clean.get("sex", person.sex if person else Sex.UNKNOWN)
        clean["national_number"] = check_national_number(number, sex, birth_year)
        if clean["national_number"]:
            taken = Person.objects.filter(national_number=clean["national_number"],
                                          status=PersonStatus.ACTIVE)
            if person is not None:
                taken = taken.exclude(id=person.id)
            holder = taken.first()
            if holder is not None:
                raise InvalidInput(f"this national number is already the record of person "
                                   f"{holder.id}", field="national_number")
    return clean


@transaction.atomic
def do_create_person(actor: User, values: Mapping[str, Any], synthetic: bool = False) -> Person:
    for required in ("first_name", "family_name"):
        if not str(values.get(required) or "").strip():
            raise InvalidInput("required", field=required)
    clean = _clean_person_fields(values)
    assert actor.agency is not None
    person = Person(recorded_by_agency=actor.agency, created_by=actor, synthetic=synthetic,
                    **clean)
    person.name_keys = search.person_keys(person)
    person.save(force_insert=True)
    _timeline(person, actor, "created", {"name": person.full_name})
    do_audit(actor, "person.create", "person", person.id)
    _person_changed(person, "created")
    return person


@transaction.atomic
def do_update_person(actor: User, person: Person, values: Mapping[str, Any]) -> Person:
    person = Person.objects.select_for_update(no_key=True).get(id=person.id)
    if person.status != PersonStatus.ACTIVE:
        raise Conflict("this record was merged into another; change that one",
                       field="merged_into")
    clean = _clean_person_fields(values, person)
    changed = [f for f, v in clean.items() if getattr(person, f) != v]
    if not changed:
        # Nothing to change, but the answer is the whole record: that read is audited.
        do_audit(actor, "person.update", "person", person.id, detail={"fields": []})
        return person
    for field in changed:
        setattr(person, field, clean[field])
    person.name_keys = search.person_keys(person)
    person.bump()
    person.save()
    # The wanted list carries the name as it is now: a corrected name is checked too.
    # An ended warrant's entry is not refilled (it is blanked after its retention).
    for warrant in person.warrants.filter(
            kind=WarrantKind.ARREST, status=WarrantStatus.ISSUED).select_related(
            "person", "issuing_agency"):
        _sync_wanted(warrant)
    _timeline(person, actor, "updated", {"fields": changed})
    do_audit(actor, "person.update", "person", person.id, detail={"fields": changed})
    _person_changed(person, "updated")
    return person


@transaction.atomic
def do_add_document(actor: User, person: Person, kind: str, number: str, issued_by: str = "",
                    valid_until: date | None = None) -> PersonDocument:
    if kind not in DOCUMENT_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(DOCUMENT_KINDS)}", field="kind")
    number = check_name(number.strip(), "number")
    document = PersonDocument.objects.create(person=person, kind=kind, number=number,
                                             issued_by=issued_by.strip(),
                                             valid_until=valid_until)
    _timeline(person, actor, "document", {"kind": kind})
    do_audit(actor, "person.document", "person", person.id, detail={"kind": kind})
    return document


@transaction.atomic
def do_merge_persons(actor: User, survivor: Person, merged: Person, reason: str) -> PersonMerge:
    """One person, two records: ``merged`` folds into ``survivor``. Nothing moves: both
    keep their history, the merged id still resolves (to the survivor), and undoing the
    merge restores both as they were."""
    reason = check_text(reason.strip(), "reason")
    if looks_empty(reason):
        raise InvalidInput("say why these are one person", field="reason")
    if survivor.id == merged.id:
        raise InvalidInput("a record cannot be merged into itself", field="into")
    survivor = Person.objects.select_for_update(no_key=True).get(id=survivor.id)
    merged = Person.objects.select_for_update(no_key=True).get(id=merged.id)
    for person, field in ((survivor, "into"), (merged, "id")):
        if person.status != PersonStatus.ACTIVE:
            raise Conflict("this record is already merged into another", field=field)
    merged.status, merged.merged_into = PersonStatus.MERGED, survivor
    merged.bump()
    merged.save()
    merge = PersonMerge.objects.create(survivor=survivor, merged=merged, merged_by=actor,
                                       reason=reason)
    _timeline(survivor, actor, "merged_from", {"id": str(merged.id), "reason": reason})
    _timeline(merged, actor, "merged_into", {"id": str(survivor.id), "reason": reason})
    do_audit(actor, "person.merge", "person", survivor.id,
             detail={"merged": str(merged.id), "merge": str(merge.id)})
    _person_changed(merged, "merged")
    return merge


@transaction.atomic
def do_undo_merge(actor: User, merge: PersonMerge) -> PersonMerge:
    merge = PersonMerge.objects.select_for_update(no_key=True).get(id=merge.id)
    if merge.undone_at is not None:
        raise Conflict("this merge was already undone", field="merge")
    merged = Person.objects.select_for_update(no_key=True).get(id=merge.merged_id)
    merged.status, merged.merged_into = PersonStatus.ACTIVE, None
    merged.bump()
    merged.save()
    merge.undone_at, merge.undone_by = now(), actor
    merge.bump()
    merge.save()
    _timeline(merged, actor, "merge_undone", {"survivor": str(merge.survivor_id)})
    _timeline(merge.survivor, actor, "merge_undone", {"merged": str(merged.id)})
    do_audit(actor, "person.unmerge", "person", merge.survivor_id,
             detail={"merged": str(merged.id)})
    _person_changed(merged, "unmerged")
    return merge


# ---- judicial police officers -------------------------------------------------------------

@transaction.atomic
def do_grant_capacity(actor: User, officer: User, valid_until: datetime,
                      valid_from: datetime | None = None) -> JudicialCapacity:
    start = valid_from or now()
    # A grant made on paper earlier is entered with its own start (a room starting with
    # this system has many). A backdated start covers acts already recorded, so the audit
    # says so, for the inspector to see.
    backdated = start < now() - MAX_SKEW
    if valid_until <= start:
        raise InvalidInput("must be after valid_from", field="valid_until")
    if valid_until - start > timedelta(days=3 * 366):
        raise InvalidInput("a capacity is granted for at most three years", field="valid_until")
    if not officer.is_active:
        raise InvalidInput("this account is not active", field="officer")
    assert actor.agency is not None
    capacity = JudicialCapacity.objects.create(officer=officer, granted_by=actor,
                                               granting_agency=actor.agency,
                                               valid_from=start, valid_until=valid_until)
    do_audit(actor, "capacity.grant", "user", officer.id,
             detail={"username": officer.username, "from": start.isoformat(),
                     "until": valid_until.isoformat(), "backdated": backdated})
    return capacity


@transaction.atomic
def do_revoke_capacity(actor: User, capacity: JudicialCapacity) -> JudicialCapacity:
    if capacity.revoked_at is None:
        capacity.revoked_at = now()
        capacity.bump()
        capacity.save()
        do_audit(actor, "capacity.revoke", "user", capacity.officer_id)
    return capacity


# ---- warrants and the wanted list ---------------------------------------------------------

def _wanted_from(warrant: Warrant) -> dict[str, Any]:
    person = warrant.person
    assert person is not None
    return {"name": person.full_name,
            "parts": [person.first_name, person.father_name, person.grandfather_name,
                      person.family_name],
            "latin_name": person.latin_name,
            "aliases": person.aliases, "name_keys": person.name_keys,
            "national_number": person.national_number, "reference": warrant.reference,
            "issuing_agency_code": warrant.issuing_agency.code, "caution": warrant.caution,
            "valid_until": warrant.valid_until,
            "active": warrant.status == WarrantStatus.ISSUED}


def _sync_wanted(warrant: Warrant) -> None:
    """The minimal wanted list follows each arrest warrant."""
    if warrant.kind != WarrantKind.ARREST or warrant.person_id is None:
        return
    entry = WantedEntry.objects.filter(warrant_id=warrant.id).first()
    values = _wanted_from(warrant)
    if entry is None:
        _wanted_changed(WantedEntry.objects.create(warrant_id=warrant.id, **values), "created")
        return
    changed = [f for f, v in values.items() if getattr(entry, f) != v]
    if changed:
        for field in changed:
            setattr(entry, field, values[field])
        entry.bump()
        entry.save()
        _wanted_changed(entry, "updated")


@transaction.atomic
def do_issue_warrant(actor: User, *, kind: str, reference: str, person: Person | None,
                     place: str = "", lat: float | None = None, lon: float | None = None,
                     offence_codes: Iterable[str] = (), caution: str = "",
                     valid_until: datetime | None = None) -> Warrant:
    if kind not in WarrantKind.values:
        raise InvalidInput(f"kind must be one of {', '.join(WarrantKind.values)}", field="kind")
    reference = check_name(reference.strip(), "reference")
    codes = _check_offences(offence_codes)
    if kind in (WarrantKind.ARREST, WarrantKind.SUMMONS) and person is None:
        raise InvalidInput("an arrest warrant or a summons names a person", field="person_id")
    if kind in (WarrantKind.SEARCH, WarrantKind.SEIZURE) and looks_empty(place):
        raise InvalidInput("a search or seizure warrant names the place", field="place")
    if kind == WarrantKind.ARREST and not codes:
        raise InvalidInput("an arrest warrant names the offences", field="offences")
    if person is not None and person.status != PersonStatus.ACTIVE:
        raise InvalidInput("this record was merged; name the person it was merged into",
                           field="person_id")
    if valid_until is not None and valid_until <= now():
        raise InvalidInput("must be in the future", field="valid_until")
    assert actor.agency is not None
    if Warrant.objects.filter(issuing_agency=actor.agency, reference=reference).exists():
        raise InvalidInput("this authority has already issued a warrant with this reference",
                           field="reference")
    warrant = Warrant.objects.create(
        kind=kind, issuing_agency=actor.agency, reference=reference, person=person,
        place=check_text(place.strip(), "place"), lat=lat, lon=lon, offences=codes,
        caution=check_text(caution.strip(), "caution"), valid_until=valid_until,
        issued_by=actor)
    _sync_wanted(warrant)
    if person is not None:
        _timeline(person, actor, "warrant", {"id": str(warrant.id), "kind": kind,
                                             "reference": reference})
    do_audit(actor, "warrant.issue", "warrant", warrant.id,
             detail={"kind": kind, "reference": reference})
    _publish("warrant", warrant, "issued", None, warrant_dict(warrant))
    return warrant


def _end_warrant(actor: User | None, warrant: Warrant, status: str, reason: str = "") -> None:
    warrant.status = status
    if status == WarrantStatus.WITHDRAWN:
        warrant.withdrawn_reason = reason
    if status == WarrantStatus.EXECUTED:
        warrant.executed_at = now()
    warrant.bump()
    warrant.save()
    _sync_wanted(warrant)
    if warrant.person is not None:
        # Every site holding a warrant expires it when its time comes: one event id for
        # all, so that sync brings them together as one.
        event_id = stable_id("warrant_expired", str(warrant.id)) \
            if status == WarrantStatus.EXPIRED else None
        _timeline(warrant.person, actor, f"warrant_{status}", {"id": str(warrant.id)},
                  event_id)
    _publish("warrant", warrant, status, None, warrant_dict(warrant))


@transaction.atomic
def do_withdraw_warrant(actor: User, warrant: Warrant, reason: str) -> Warrant:
    reason = check_text(reason.strip(), "reason")
    if looks_empty(reason):
        raise InvalidInput("say why the warrant is withdrawn", field="reason")
    warrant = Warrant.objects.select_for_update(no_key=True, of=("self",)).select_related(
        "person", "issuing_agency").get(id=warrant.id)
    if warrant.status != WarrantStatus.ISSUED:
        raise Conflict(f"this warrant is {warrant.status}", field="status")
    _end_warrant(actor, warrant, WarrantStatus.WITHDRAWN, reason)
    do_audit(actor, "warrant.withdraw", "warrant", warrant.id, detail={"reason": reason})
    return warrant


@transaction.atomic
def do_expire_warrants(moment: datetime | None = None) -> int:
    """Warrants past their validity stop counting (and leave the wanted list)."""
    moment = moment or now()
    expired = 0
    for warrant in Warrant.objects.select_for_update(no_key=True, of=("self",)).select_related(
            "person", "issuing_agency").filter(status=WarrantStatus.ISSUED,
                                               valid_until__lte=moment):
        _end_warrant(None, warrant, WarrantStatus.EXPIRED)
        do_audit(None, "warrant.expire", "warrant", warrant.id)
        expired += 1
    return expired


def do_blank_ended_wanted(cutoff: datetime) -> int:
    """Retention: the wanted list at every site keeps the name of someone no longer wanted
    only for a while (the check can still say "this warrant was withdrawn" by its
    reference). Blanked here, the change travels, and every site forgets it."""
    blanked = 0
    for entry in WantedEntry.objects.filter(active=False, updated_at__lt=cutoff).exclude(
            name="").iterator(chunk_size=500):
        entry.name, entry.parts, entry.latin_name, entry.aliases = "", [], "", []
        entry.name_keys, entry.national_number, entry.caution = "", "", ""
        entry.bump()
        entry.save()
        _wanted_changed(entry, "retention")
        blanked += 1
    return blanked


# ---- arrests and custody ------------------------------------------------------------------

def _basis_warrant(warrant: Warrant | None, kinds: tuple[str, ...], moment: datetime,
                   person: Person | None = None) -> Warrant:
    """The warrant an act rests on, read again and locked: one withdrawn, or executed by
    another act, a moment ago is refused, and no two acts execute one warrant."""
    if warrant is None:
        raise InvalidInput("a warrant is the basis: name it", field="warrant_id")
    warrant = Warrant.objects.select_for_update(no_key=True, of=("self",)).select_related(
        "person", "issuing_agency").get(id=warrant.id)
    if warrant.kind not in kinds:
        raise InvalidInput(f"this is a {warrant.kind} warrant, not an {' or '.join(kinds)} "
                           "warrant", field="warrant_id")
    if warrant.status != WarrantStatus.ISSUED:
        raise InvalidInput(f"this warrant is {warrant.status}", field="warrant_id")
    if warrant.valid_until is not None and warrant.valid_until <= moment:
        raise InvalidInput("this warrant had expired", field="warrant_id")
    if warrant.issued_at > moment + MAX_SKEW:
        raise InvalidInput("this warrant was issued after that time", field="warrant_id")
    if person is not None and warrant.person_id != person.id:
        raise InvalidInput("this warrant names another person", field="warrant_id")
    return warrant


def _justified(justification: str) -> str:
    justification = check_text(justification.strip(), "justification")
    if len(justification) < MIN_JUSTIFICATION or looks_empty(justification):
        raise InvalidInput(f"write the justification ({MIN_JUSTIFICATION} characters at "
                           "least)", field="justification")
    return justification


def _officer(officer: User | None, moment: datetime) -> User:
    if officer is None:
        raise InvalidInput("name the officer who carried it out", field="officer_id")
    if not holds_capacity(officer, moment):
        raise InvalidInput(f"{officer.username} held no valid capacity of judicial police "
                           "officer at that time", field="officer_id")
    return officer


@transaction.atomic
def do_record_arrest(actor: User, *, person: Person, arrested_at: datetime, place: str,
                     officer: User | None, basis: str, warrant: Warrant | None = None,
                     justification: str = "", offence_codes: Iterable[str] = (),
                     unit: Unit | None = None, lat: float | None = None,
                     lon: float | None = None) -> Arrest:
    """An arrest, on its legal basis: an active arrest warrant for this person, or caught
    in the act with a written justification. The custody clock starts at ``arrested_at``."""
    _check_time(arrested_at, "arrested_at")
    if person.status != PersonStatus.ACTIVE:
        raise InvalidInput("this record was merged; name the person it was merged into",
                           field="person_id")
    place = check_text(place.strip(), "place")
    if looks_empty(place):
        raise InvalidInput("where the arrest took place", field="place")
    codes = _check_offences(offence_codes)
    if basis == BasisKind.WARRANT:
        warrant = _basis_warrant(warrant, (WarrantKind.ARREST,), arrested_at, person)
        # The warrant's offences set the custody limit: an arrest on it cannot name others
        # (a longer limit would follow).
        beyond = [code for code in codes if code not in warrant.offences]
        if beyond:
            raise InvalidInput(f"the warrant does not name {', '.join(beyond)}",
                               field="offences")
        codes = list(warrant.offences)
        justification = check_text(justification.strip(), "justification")
    elif basis == BasisKind.IN_THE_ACT:
        justification = _justified(justification)
        if not codes:
            raise InvalidInput("caught in the act of what: name the offences", field="offences")
        warrant = None
    else:
        raise InvalidInput("the legal basis of an arrest is a warrant or caught in the act",
                           field="basis")
    officer = _officer(officer, arrested_at)
    custody_class = offences.custody_class(codes)
    limit = law.custody_limit(custody_class)
    assert actor.agency is not None
    arrest = Arrest.objects.create(
        person=person, arrested_at=arrested_at, place=place, lat=lat, lon=lon, unit=unit,
        officer=officer, holding_agency=actor.agency, basis=basis, warrant=warrant,
        justification=justification, offences=codes, custody_class=custody_class,
        limit_at=arrested_at + limit.duration, created_by=actor)
    if warrant is not None:
        _end_warrant(actor, warrant, WarrantStatus.EXECUTED)
    _timeline(person, actor, "arrested", {"id": str(arrest.id), "basis": basis})
    do_audit(actor, "arrest.create", "arrest", arrest.id,
             detail={"person": str(person.id), "basis": basis,
                     "warrant": str(warrant.id) if warrant else None})
    _publish("arrest", arrest, "created", agencies_of(arrest), arrest_dict(arrest))
    return arrest


def _locked_arrest(arrest: Arrest) -> Arrest:
    return Arrest.objects.select_for_update(no_key=True, of=("self",)).select_related(
        "person", "holding_agency", "prosecution", "officer", "unit").get(id=arrest.id)


def _arrest_changed(actor: User, arrest: Arrest, action: str, detail: dict[str, Any]) -> None:
    arrest.bump()
    arrest.save()
    _timeline(arrest.person, actor, f"arrest_{action}", {"id": str(arrest.id), **detail})
    do_audit(actor, f"arrest.{action}", "arrest", arrest.id, detail=detail)
    _publish("arrest", arrest, action, agencies_of(arrest), arrest_dict(arrest))


@transaction.atomic
def do_record_right(actor: User, arrest: Arrest, right: str, at: datetime | None = None
                    ) -> Arrest:
    """The arrested person was told the reason, offered a lawyer, their family informed,
    or a medical check done: when."""
    if right not in RIGHTS:
        raise InvalidInput(f"one of {', '.join(RIGHTS)}", field="right")
    arrest = _locked_arrest(arrest)
    moment = _check_time(at or now(), "at")
    if moment < arrest.arrested_at:
        raise InvalidInput("before the arrest", field="at")
    if getattr(arrest, f"{right}_at") is not None:
        raise Conflict("already recorded", field="right")
    setattr(arrest, f"{right}_at", moment)
    _arrest_changed(actor, arrest, "right", {"right": right, "at": moment.isoformat()})
    return arrest


@transaction.atomic
def do_hand_over(actor: User, arrest: Arrest, prosecution: Agency | None) -> Arrest:
    arrest = _locked_arrest(arrest)
    if arrest.status != ArrestStatus.IN_CUSTODY:
        raise Conflict(f"the person is {arrest.status}", field="status")
    arrest.prosecution = _agency_of_kind(prosecution, (AgencyKind.PROSECUTION,),
                                         "prosecution", "a prosecution office")
    arrest.status, arrest.handed_over_at = ArrestStatus.HANDED_OVER, now()
    _arrest_changed(actor, arrest, "handover", {"prosecution": arrest.prosecution.code})
    return arrest


@transaction.atomic
def do_acknowledge_arrest(actor: User, arrest: Arrest) -> Arrest:
    """The prosecution has the person: the police custody clock stops."""
    arrest = _locked_arrest(arrest)
    if arrest.status != ArrestStatus.HANDED_OVER:
        raise Conflict(f"the person is {arrest.status}, not handed over", field="status")
    arrest.status, arrest.acknowledged_at, arrest.acknowledged_by = (
        ArrestStatus.ACKNOWLEDGED, now(), actor)
    _arrest_changed(actor, arrest, "acknowledge", {})
    return arrest


@transaction.atomic
def do_release(actor: User, arrest: Arrest, reason: str) -> Arrest:
    reason = check_text(reason.strip(), "reason")
    if looks_empty(reason):
        raise InvalidInput("say why the person is released", field="reason")
    arrest = _locked_arrest(arrest)
    if arrest.status not in (ArrestStatus.IN_CUSTODY, ArrestStatus.HANDED_OVER):
        raise Conflict(f"the person is {arrest.status}", field="status")
    arrest.status, arrest.released_at, arrest.release_reason = (
        ArrestStatus.RELEASED, now(), reason)
    _arrest_changed(actor, arrest, "release", {"reason": reason})
    return arrest


def _alarm_steps(arrest: Arrest, moment: datetime) -> list[str]:
    due = []
    total = (arrest.limit_at - arrest.arrested_at).total_seconds()
    elapsed = (moment - arrest.arrested_at).total_seconds()
    for step in law.ALARM_STEPS:
        if total > 0 and elapsed >= step * total:
            due.append("overdue" if step >= 1 else str(round(step * 100)))
    rights_due = law.rights_limit().duration
    if moment - arrest.arrested_at >= rights_due:
        due += [f"right:{r}" for r in RIGHTS if getattr(arrest, f"{r}_at") is None]
    return due


@transaction.atomic
def do_check_custody(moment: datetime | None = None) -> list[CustodyAlarm]:
    """Raise the custody alarms that fell due (once each): at 75 % and 90 % of the limit,
    past it, and for each right not recorded in time. Each reaches the holding agency's
    supervisors and the receiving prosecution, live, and is audited."""
    moment = moment or now()
    raised = []
    running = Arrest.objects.select_related("person", "holding_agency", "prosecution").filter(
        status__in=(ArrestStatus.IN_CUSTODY, ArrestStatus.HANDED_OVER))
    existing = set(CustodyAlarm.objects.filter(arrest__in=running).values_list(
        "arrest_id", "step"))
    for arrest in running:
        for step in _alarm_steps(arrest, moment):
            if (arrest.id, step) in existing:
                continue
            # The hub and the holding site both watch the clock: one id for one alarm, so
            # that their two copies are one row once sync meets them (and one
            # acknowledgement answers it everywhere).
            alarm = CustodyAlarm.objects.create(
                id=stable_id("custody_alarm", f"{arrest.id}:{step}"), arrest=arrest,
                step=step, raised_at=moment)
            do_audit(None, "custody.alarm", "arrest", arrest.id, detail={"step": step})
            _publish("custody_alarm", alarm, "raised", agencies_of(arrest), alarm_dict(alarm))
            raised.append(alarm)
    return raised


@transaction.atomic
def do_acknowledge_alarm(actor: User, alarm: CustodyAlarm) -> CustodyAlarm:
    alarm = CustodyAlarm.objects.select_for_update(no_key=True, of=("self",)).select_related(
        "arrest", "arrest__person").get(id=alarm.id)
    if alarm.acknowledged_at is not None:
        raise Conflict("already acknowledged", field="alarm")
    alarm.acknowledged_at, alarm.acknowledged_by = now(), actor
    alarm.bump()
    alarm.save()
    do_audit(actor, "custody.alarm.ack", "arrest", alarm.arrest_id, detail={"step": alarm.step})
    _publish("custody_alarm", alarm, "acknowledged", agencies_of(alarm), alarm_dict(alarm))
    return alarm


# ---- home searches ------------------------------------------------------------------------

def _same_place(warrant: Warrant, place: str, lat: float | None, lon: float | None) -> bool:
    if None not in (warrant.lat, warrant.lon, lat, lon):
        return haversine_m(warrant.lat, warrant.lon, lat, lon) <= 150  # type: ignore[arg-type]
    return " ".join(warrant.place.split()).casefold() == " ".join(place.split()).casefold()


@transaction.atomic
def do_record_search(actor: User, *, place: str, started_at: datetime, officer: User | None,
                     basis: str, ended_at: datetime | None = None,
                     present: Iterable[str] = (), warrant: Warrant | None = None,
                     consent_by: str = "", consent_signed: bool = False,
                     justification: str = "", person: Person | None = None,
                     lat: float | None = None, lon: float | None = None,
                     items: Iterable[Mapping[str, Any]] = ()) -> Search:
    """A home search, on its legal basis: a search warrant for that place, or the
    occupant's signed consent, or caught in the act, with a justification."""
    _check_time(started_at, "started_at")
    if ended_at is not None and ended_at < started_at:
        raise InvalidInput("must be after started_at", field="ended_at")
    place = check_text(place.strip(), "place")
    if looks_empty(place):
        raise InvalidInput("the place searched", field="place")
    if basis == BasisKind.WARRANT:
        warrant = _basis_warrant(warrant, (WarrantKind.SEARCH, WarrantKind.SEIZURE),
                                 started_at)
        if not _same_place(warrant, place, lat, lon):
            raise InvalidInput("this warrant is for another place", field="warrant_id")
        justification = check_text(justification.strip(), "justification")
    elif basis == BasisKind.CONSENT:
        consent_by = check_name(consent_by.strip(), "consent_by")
        if not consent_signed:
            raise InvalidInput("consent is written and signed by the occupant",
                               field="consent_signed")
        justification = _justified(justification)
        warrant = None
    elif basis == BasisKind.IN_THE_ACT:
        justification = _justified(justification)
        warrant = None
    else:
        raise InvalidInput("the legal basis of a search is a warrant, consent or caught in "
                           "the act", field="basis")
    officer = _officer(officer, started_at)
    names_present = [check_name(str(n).strip(), f"present.{i}") for i, n in enumerate(present)]
    assert actor.agency is not None
    record = Search.objects.create(
        place=place, lat=lat, lon=lon, started_at=started_at, ended_at=ended_at,
        officer=officer, present=names_present, holding_agency=actor.agency, basis=basis,
        warrant=warrant, consent_by=consent_by, consent_signed=consent_signed,
        justification=justification, person=person, created_by=actor)
    for i, item in enumerate(items):
        description = check_text(str(item.get("description", "")).strip(),
                                 f"items.{i}.description")
        if looks_empty(description):
            raise InvalidInput("describe the item", field=f"items.{i}.description")
        SearchItem.objects.create(search=record, category=item["category"],
                                  description=description,
                                  quantity=int(item.get("quantity", 1)),
                                  seized=bool(item.get("seized", True)))
    if warrant is not None:  # a search warrant is carried out once
        _end_warrant(actor, warrant, WarrantStatus.EXECUTED)
    if person is not None:
        _timeline(person, actor, "searched", {"id": str(record.id), "basis": basis})
    do_audit(actor, "search.create", "search", record.id,
             detail={"basis": basis, "warrant": str(warrant.id) if warrant else None})
    _publish("search", record, "created", agencies_of(record), search_dict(record))
    return record


# ---- referrals ----------------------------------------------------------------------------

@transaction.atomic
def do_refer(actor: User, *, person: Person, prosecution: Agency | None,
             offence_codes: Iterable[str], arrests: Iterable[Arrest] = (),
             items: Iterable[SearchItem] = (), summary: str = "") -> Referral:
    prosecution = _agency_of_kind(prosecution, (AgencyKind.PROSECUTION,), "prosecution",
                                  "a prosecution office")
    codes = _check_offences(offence_codes)
    if not codes:
        raise InvalidInput("name the offences", field="offences")
    arrests, items = list(arrests), list(items)
    for i, arrest in enumerate(arrests):
        if arrest.person_id != person.id:
            raise InvalidInput("this arrest is of another person", field=f"arrest_ids.{i}")
    assert actor.agency is not None
    referral = Referral.objects.create(
        person=person, from_agency=actor.agency, prosecution=prosecution, offences=codes,
        arrest_ids=[str(a.id) for a in arrests], item_ids=[str(i.id) for i in items],
        summary=check_text(summary.strip(), "summary"), created_by=actor)
    for item in items:  # each item seized says which referral it went with
        item.linked_kind, item.linked_id = "referral", str(referral.id)
        item.bump()
        item.save(update_fields=["linked_kind", "linked_id", "version", "updated_at"])
    _timeline(person, actor, "referred", {"id": str(referral.id),
                                          "prosecution": prosecution.code})
    do_audit(actor, "referral.create", "referral", referral.id,
             detail={"prosecution": prosecution.code})
    _publish("referral", referral, "created", agencies_of(referral), referral_dict(referral))
    return referral


@transaction.atomic
def do_acknowledge_referral(actor: User, referral: Referral) -> Referral:
    referral = Referral.objects.select_for_update(no_key=True, of=("self",)).select_related(
        "person", "from_agency", "prosecution").get(id=referral.id)
    if referral.status != ReferralStatus.SENT:
        raise Conflict("already acknowledged", field="status")
    referral.status, referral.acknowledged_at, referral.acknowledged_by = (
        ReferralStatus.ACKNOWLEDGED, now(), actor)
    referral.bump()
    referral.save()
    _timeline(referral.person, actor, "referral_acknowledged", {"id": str(referral.id)})
    do_audit(actor, "referral.acknowledge", "referral", referral.id)
    _publish("referral", referral, "acknowledged", agencies_of(referral),
             referral_dict(referral))
    return referral


# ---- sentences ----------------------------------------------------------------------------

SENTENCE_STEPS: dict[str, frozenset[str]] = {
    SentenceStatus.RECEIVED: frozenset({SentenceStatus.ASSIGNED, SentenceStatus.UNABLE,
                                        SentenceStatus.SUSPENDED}),
    SentenceStatus.ASSIGNED: frozenset({SentenceStatus.LOCATED, SentenceStatus.ASSIGNED,
                                        SentenceStatus.UNABLE, SentenceStatus.SUSPENDED}),
    SentenceStatus.LOCATED: frozenset({SentenceStatus.EXECUTED, SentenceStatus.UNABLE,
                                       SentenceStatus.SUSPENDED}),
    SentenceStatus.EXECUTED: frozenset(),
    SentenceStatus.UNABLE: frozenset({SentenceStatus.ASSIGNED}),
    SentenceStatus.SUSPENDED: frozenset(),
}
CLOSED_SENTENCES = frozenset({SentenceStatus.EXECUTED, SentenceStatus.UNABLE,
                              SentenceStatus.SUSPENDED})


@transaction.atomic
def do_receive_sentence(actor: User, *, court: Agency | None, executing_agency: Agency | None,
                        case_number: str, judgment_date: date, person: Person, kind: str,
                        term_days: int | None = None, fine_lyd: Decimal | None = None,
                        measure: str = "", received_at: datetime | None = None) -> Sentence:
    """A sentence to carry out: sent by the court that passed it, or entered by the police
    agency that received it on paper (``received_at``: when the paper came, if earlier;
    the open-sentence clock runs from then)."""
    court = _agency_of_kind(court, (AgencyKind.COURT,), "court", "a court")
    if executing_agency is None or executing_agency.kind in JUDICIAL_KINDS:
        raise InvalidInput("the police agency that carries it out", field="executing_agency")
    if actor.agency_id not in (court.id, executing_agency.id):
        raise Forbidden("only the court or the executing agency records a sentence")
    case_number = check_name(case_number.strip(), "case_number")
    if judgment_date > to_city_time(now()).date():
        raise InvalidInput("a judgment date in the past", field="judgment_date")
    if kind == SentenceKind.IMPRISONMENT and not term_days:
        raise InvalidInput("the term of imprisonment, in days", field="term_days")
    if kind == SentenceKind.FINE and not fine_lyd:
        raise InvalidInput("the fine, in Libyan dinars", field="fine_lyd")
    if kind == SentenceKind.OTHER and looks_empty(measure):
        raise InvalidInput("the measure the court ordered", field="measure")
    if kind not in SentenceKind.values:
        raise InvalidInput(f"one of {', '.join(SentenceKind.values)}", field="kind")
    received = _check_time(received_at or now(), "received_at")
    if to_city_time(received).date() < judgment_date:
        raise InvalidInput("received before the judgment was given", field="received_at")
    sentence = Sentence.objects.create(
        received_at=received,
        court=court, executing_agency=executing_agency, case_number=case_number,
        judgment_date=judgment_date, person=person, kind=kind, term_days=term_days,
        fine_lyd=fine_lyd, measure=check_text(measure.strip(), "measure"), created_by=actor)
    SentenceEvent.objects.create(sentence=sentence, status=SentenceStatus.RECEIVED, actor=actor)
    _timeline(person, actor, "sentence", {"id": str(sentence.id), "case": case_number})
    do_audit(actor, "sentence.receive", "sentence", sentence.id,
             detail={"court": court.code, "case": case_number})
    _publish("sentence", sentence, "received", agencies_of(sentence), sentence_dict(sentence))
    return sentence


@transaction.atomic
def do_advance_sentence(actor: User, sentence: Sentence, status: str, *,
                        unit: Unit | None = None, note: str = "") -> Sentence:
    """A step of carrying a sentence out; each is acknowledged back to the court (a
    timeline entry and a live event to its agency)."""
    sentence = Sentence.objects.select_for_update(no_key=True, of=("self",)).select_related(
        "person", "court", "executing_agency", "unit").get(id=sentence.id)
    if status not in SentenceStatus.values:
        raise InvalidInput(f"one of {', '.join(SentenceStatus.values)}", field="status")
    if status not in SENTENCE_STEPS[SentenceStatus(sentence.status)]:
        raise Conflict(f"a sentence cannot go from {sentence.status} to {status}",
                       field="status")
    note = check_text(note.strip(), "note")
    if status == SentenceStatus.ASSIGNED:
        if unit is None:
            raise InvalidInput("the unit that carries it out", field="unit_id")
        if unit.agency_id != sentence.executing_agency_id:
            raise InvalidInput("a unit of the executing agency", field="unit_id")
        sentence.unit = unit
    if status in (SentenceStatus.EXECUTED, SentenceStatus.UNABLE, SentenceStatus.SUSPENDED):
        if looks_empty(note):
            raise InvalidInput("how it ended: the prison, the fine paid, or why not"
                               if status != SentenceStatus.SUSPENDED else
                               "the court's decision", field="note")
        sentence.outcome = note
        sentence.closed_at = now()
    elif sentence.status == SentenceStatus.UNABLE:
        sentence.closed_at, sentence.outcome = None, ""
    sentence.status = status
    sentence.bump()
    sentence.save()
    SentenceEvent.objects.create(sentence=sentence, status=status, note=note, actor=actor)
    _timeline(sentence.person, actor, f"sentence_{status}", {"id": str(sentence.id)})
    do_audit(actor, f"sentence.{status}", "sentence", sentence.id, detail={"note": note})
    _publish("sentence", sentence, status, agencies_of(sentence), sentence_dict(sentence))
    return sentence


def start_custody_watch(seconds: float) -> threading.Thread | None:
    """For `opsroom serve`: every ``seconds``, raise the custody alarms that fell due and
    retire the warrants whose validity ended (0: never; `opsroom records check` does it)."""
    if seconds <= 0:
        return None

    def run() -> None:
        while True:
            time.sleep(seconds)
            try:
                close_old_connections()
                do_check_custody()
                do_expire_warrants()
            except Exception:  # the database may be away for a moment: try next time
                log.exception("custody watch failed")

    thread = threading.Thread(target=run, name="custody-watch", daemon=True)
    thread.start()
    return thread
