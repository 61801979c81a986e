"""Every write of civilian harm. Each action is one transaction that writes the change and
its audit entry, and publishes on commit; a refused request writes nothing and the error
names the field.

Sources and reviews are only ever appended. A review is never by the person who recorded
the event; "verified" needs two independent sources, one of them graded B2 or better.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction

from opsroom.accounts.models import Agency, AgencyKind, User
from opsroom.audit.actions import do_audit
from opsroom.casualties.models import (
    EVENT_TYPES,
    FIGURES,
    MOBILE_SERVICES,
    TRANSITIONS,
    HarmEvent,
    LedgerEntry,
    Outage,
    OutageStatus,
    SharingAgreement,
    Source,
    State,
    Victim,
)
from opsroom.core import keys
from opsroom.core.bus import Change, publish_record
from opsroom.core.clock import now
from opsroom.core.errors import Conflict, InvalidInput
from opsroom.core.text import check_name, check_text
from opsroom.geo.models import District
from opsroom.geo.queries import district_id_at
from opsroom.incidents.access import visible_incidents
from opsroom.records import names

MAX_SKEW = timedelta(minutes=5)
GOOD_RELIABILITY = frozenset({"A", "B"})
GOOD_CREDIBILITY = frozenset({1, 2})
DUPLICATE_SCORE = 80.0


class Refused(Conflict):
    """A review the rules refuse: the 409 lists what is missing."""

    def __init__(self, message: str, missing: list[tuple[str, str]], field: str = "state"
                 ) -> None:
        super().__init__(message, field=field)
        self.missing = missing

    def as_dict(self) -> dict[str, object]:
        # The sentences for a person, and a stable code for each, which a page words in
        # its reader's language.
        return {**super().as_dict(), "missing": [text for _, text in self.missing],
                "missing_codes": [code for code, _ in self.missing]}


@dataclass(frozen=True)
class LikelyDuplicate:
    victim: Victim
    score: float
    reason: str


class DuplicateVictims(Conflict):
    """A victim who may already be recorded: shown to the recorder before saving."""

    def __init__(self, found: list[LikelyDuplicate]) -> None:
        super().__init__(
            f"{len(found)} victim(s) recorded nearby may be this person: look at them, and "
            "send distinct_from with their ids if this is someone else", field="name")
        self.found = found

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "duplicates": [
            {"victim_id": str(d.victim.id), "event_id": str(d.victim.event_id),
             "event_date": d.victim.event.event_date.isoformat(),
             "location": d.victim.event.location, "name": d.victim.name,
             "score": d.score, "reason": d.reason, "outcome": d.victim.outcome}
            for d in self.found]}


def _publish(kind: str, record: Any, action: str, data: dict[str, Any]) -> None:
    # Harm events have no owning agency on the live stream: the stream rule lets only
    # those who read harm receive them (opsroom.casualties.apps).
    publish_record(kind, record, action, None, data)


# ---- checks ----------------------------------------------------------------------------

def _check_type(event_type: str, sub_event_type: str) -> None:
    if event_type not in EVENT_TYPES:
        raise InvalidInput(f"ACLED's event types are: {'; '.join(EVENT_TYPES)}",
                           field="event_type")
    if sub_event_type not in EVENT_TYPES[event_type]:
        raise InvalidInput(f"the sub-event types of {event_type} are: "
                           f"{'; '.join(EVENT_TYPES[event_type])}", field="sub_event_type")


def _check_date(day: date, field: str = "event_date") -> date:
    if day > (now() + MAX_SKEW).date() + timedelta(days=1):
        raise InvalidInput("this date is in the future", field=field)
    if day.year < 1990:
        raise InvalidInput("the date is before 1990", field=field)
    return day


def _check_figure(name: str, value: Mapping[str, Any]) -> tuple[int, int, int]:
    low, high = int(value["min"]), int(value["max"])
    best = value.get("best")
    best = low if best is None else int(best)
    if low > high:
        raise InvalidInput(f"the maximum ({high}) is below the minimum ({low})",
                           field=f"{name}.max")
    if not low <= best <= high:
        raise InvalidInput(f"the best estimate must lie between {low} and {high}",
                           field=f"{name}.best")
    return low, high, best


def _district(code: str | None, lat: float, lon: float) -> str | None:
    if code:
        district = District.objects.filter(code=code).first()
        if district is None:
            raise InvalidInput(f"unknown district {code!r}", field="district")
        return str(district.id)
    return district_id_at(lat, lon)


def _incidents(actor: User, ids: Iterable[object]) -> list[str]:
    found = []
    for i, incident_id in enumerate(dict.fromkeys(str(v) for v in ids)):
        if not visible_incidents(actor).filter(pk=incident_id).exists():
            raise InvalidInput("no such incident", field=f"incident_ids.{i}")
        found.append(incident_id)
    return found


def _lock_holder(event: HarmEvent, actor: User) -> None:
    """A review in progress locks the event for everyone but its reviewer."""
    if (event.locked_by_id is not None and event.locked_by_id != actor.pk
            and event.locked_until is not None and event.locked_until > now()):
        holder = event.locked_by.username if event.locked_by else "?"
        raise Conflict(f"{holder} is reviewing this event until "
                       f"{event.locked_until.isoformat(timespec='minutes')}", field="lock")


def _locked(event: HarmEvent) -> HarmEvent:
    # Only the event's row: PostgreSQL refuses FOR UPDATE on the nullable side of the
    # outer join that select_related("locked_by") makes.
    return (HarmEvent.objects.select_for_update(of=("self",)).select_related("locked_by")
            .get(pk=event.pk))


EVENT_TEXT = ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
# What may change whatever the event's state: the recorder's notes and the links to the
# operations room's incidents. Everything else is what a review looked at.
FREE_FIELDS = frozenset({"notes", "incident_ids"})


def _event_fields(actor: User, values: Mapping[str, Any], event: HarmEvent | None
                  ) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    given = {k: v for k, v in values.items() if v is not None}
    if "event_date" in given:
        clean["event_date"] = _check_date(given["event_date"])
    if "time_precision" in given:
        clean["time_precision"] = int(given["time_precision"])
    if "geo_precision" in given:
        clean["geo_precision"] = int(given["geo_precision"])
    if "event_type" in given or "sub_event_type" in given:
        _check_type(given.get("event_type", event.event_type if event else ""),
                    given.get("sub_event_type", event.sub_event_type if event else ""))
        clean.update({k: given[k] for k in ("event_type", "sub_event_type") if k in given})
    for name in EVENT_TEXT:
        if name in given:
            clean[name] = check_name(str(given[name]).strip(), name, required=False)
    if "location" in given:
        clean["location"] = check_name(str(given["location"]).strip(), "location")
    if "civilian_targeting" in given:
        clean["civilian_targeting"] = bool(given["civilian_targeting"])
    if "notes" in given:
        clean["notes"] = check_text(str(given["notes"]), "notes")
    for name in FIGURES:
        if name in given:
            low, high, best = _check_figure(name, given[name])
            clean.update({f"{name}_min": low, f"{name}_max": high, f"{name}_best": best})
    if "lat" in given or "lon" in given or "district" in given:
        lat = float(given.get("lat", event.lat if event else 0.0))
        lon = float(given.get("lon", event.lon if event else 0.0))
        clean.update(lat=lat, lon=lon, district_id=_district(given.get("district"), lat, lon))
    if "incident_ids" in given:
        clean["incident_ids"] = _incidents(actor, given["incident_ids"])
    return clean


def _api_field(column: str) -> str:
    """The API's name of a column: killed_best is in ``killed``, district_id ``district``."""
    head = column.split("_")[0]
    return head if head in FIGURES else column.removesuffix("_id")


def event_data(event: HarmEvent) -> dict[str, Any]:
    return {"id": str(event.id), "state": event.state,
            "event_date": event.event_date.isoformat()}


# ---- events ------------------------------------------------------------------------------

@transaction.atomic
def do_record_event(actor: User, values: Mapping[str, Any], synthetic: bool = False
                    ) -> HarmEvent:
    required = ("event_date", "time_precision", "event_type", "sub_event_type", "location",
                "lat", "lon", "geo_precision")
    for name in required:
        if values.get(name) is None:
            raise InvalidInput("this field is required", field=name)
    clean = _event_fields(actor, {**{f: {"min": 0, "max": 0} for f in FIGURES}, **values},
                          None)
    assert actor.agency_id is not None
    event = HarmEvent.objects.create(agency_id=actor.agency_id, recorded_by=actor,
                                     synthetic=synthetic, **clean)
    do_audit(actor, "harm_event.record", "harm_event", event.id,
             detail={"event_date": event.event_date.isoformat(),
                     "event_type": event.event_type, "killed": list(event.figure("killed")),
                     "injured": list(event.figure("injured")),
                     "missing": list(event.figure("missing"))})
    _publish("harm_event", event, "created", event_data(event))
    return event


@transaction.atomic
def do_update_event(actor: User, event: HarmEvent, values: Mapping[str, Any]) -> HarmEvent:
    event = _locked(event)
    _lock_holder(event, actor)
    clean = _event_fields(actor, values, event)
    facts = sorted(k for k in clean if k not in FREE_FIELDS and getattr(event, k) != clean[k])
    if facts and event.state != State.UNVERIFIED:
        # What a reviewer corroborated or verified (and a monitor may have received as
        # such) does not change under the review: a reviewer first moves it back.
        raise Conflict(f"a {event.state} event's facts change only after a reviewer moves "
                       "it back to unverified, with the reason", field=_api_field(facts[0]))
    changed = {k: v for k, v in clean.items() if getattr(event, k) != v}
    if not changed:
        return event
    before = {k: getattr(event, k) for k in changed}
    for key, value in changed.items():
        setattr(event, key, value)
    _check_victims_fit(event, None)
    event.updated_at = now()
    event.version += 1
    event.save(update_fields=[*changed, "updated_at", "version"])
    do_audit(actor, "harm_event.update", "harm_event", event.id,
             detail={"changed": {k: [before[k], changed[k]] for k in changed}})
    _publish("harm_event", event, "updated", event_data(event))
    return event


# ---- reviews and their lock --------------------------------------------------------------

@transaction.atomic
def do_take_lock(actor: User, event: HarmEvent) -> HarmEvent:
    event = _locked(event)
    if event.recorded_by_id == actor.pk:
        raise Conflict("you recorded this event: another protection officer reviews it",
                       field="lock")
    _lock_holder(event, actor)
    event.locked_by = actor
    event.locked_until = now() + timedelta(minutes=settings.HARM_LOCK_MINUTES)
    event.save(update_fields=["locked_by", "locked_until"])
    do_audit(actor, "harm_event.lock", "harm_event", event.id,
             detail={"until": event.locked_until.isoformat()})
    return event


@transaction.atomic
def do_release_lock(actor: User, event: HarmEvent) -> HarmEvent:
    event = _locked(event)
    if event.locked_by_id is None or event.locked_until is None or event.locked_until <= now():
        return event
    _lock_holder(event, actor)
    event.locked_by, event.locked_until = None, None
    event.save(update_fields=["locked_by", "locked_until"])
    do_audit(actor, "harm_event.unlock", "harm_event", event.id)
    return event


def _independent(a: Source, b: Source) -> bool:
    """Two sources are independent when they are of different kinds, or of different
    (named) organisations: two articles of one newspaper are one source."""
    if a.kind != b.kind:
        return True
    org_a, org_b = organisation_key(a.organisation), organisation_key(b.organisation)
    return bool(org_a and org_b and org_a != org_b)


_ORG_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                           "ؤ": "و", "ئ": "ي", "ء": None, "ـ": None})
_NOT_WORD = re.compile(r"[\W_]+")
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670]")


def organisation_key(text: str) -> str:
    """An organisation's name as compared for independence: case, punctuation, spaces,
    harakat and the Arabic letters written in several ways do not count ("B.B.C." is
    "BBC", "قناة ليبيا" is "قناه ليبيا"). A name in Arabic and the same in Latin letters
    still counts as two: the recorder writes one organisation one way."""
    folded = _DIACRITICS.sub("", unicodedata.normalize("NFKC", text)).casefold()
    return _NOT_WORD.sub("", folded.translate(_ORG_FOLD))


def _graded_well(source: Source) -> bool:
    return source.reliability in GOOD_RELIABILITY and source.credibility in GOOD_CREDIBILITY


def grade(source: Source) -> str:
    return f"{source.reliability}{source.credibility}"


def missing_for(state: str, sources: Sequence[Source]) -> list[tuple[str, str]]:
    """What an event lacks to be moved to ``state``, as (code, sentence); empty: nothing.
    The code of the first carries the number of sources the event has."""
    missing: list[tuple[str, str]] = []
    if state in (State.CORROBORATED, State.VERIFIED):
        pairs = [(a, b) for i, a in enumerate(sources) for b in sources[i + 1:]
                 if _independent(a, b)]
        if not pairs:
            missing.append((f"independent_sources:{len(sources)}",
                            "two independent sources (of different kinds, or of different "
                            f"organisations); it has {len(sources)}"))
        if state == State.VERIFIED:
            good = [s for s in sources if _graded_well(s)]
            if not good:
                missing.append(("good_grade", "a source graded B2 or better (reliability A "
                                "or B, credibility 1 or 2)"))
            elif pairs and not any(_graded_well(a) or _graded_well(b) for a, b in pairs):
                missing.append(("independent_of_good",
                                "a source independent of the one graded B2 or better"))
    return missing


def _digest(event: HarmEvent, reviewer: User, at: datetime, from_state: str, state: str,
            reason: str, previous: str) -> str:
    return review_digest(str(event.id), reviewer.username, at, from_state, state, reason,
                         previous)


def review_digest(event_id: str, reviewer: str, at: datetime, from_state: str, state: str,
                  reason: str, previous: str) -> str:
    body = json.dumps({"event": event_id, "reviewer": reviewer,
                       "at": at.astimezone(UTC).isoformat(), "from": from_state,
                       "state": state,
                       "reason": reason, "previous": previous}, sort_keys=True,
                      ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


@transaction.atomic
def do_review(actor: User, event: HarmEvent, state: str, reason: str) -> Any:
    from opsroom.casualties.models import Review

    event = _locked(event)
    if event.recorded_by_id == actor.pk:
        raise Conflict("you recorded this event: another protection officer reviews it",
                       field="state")
    _lock_holder(event, actor)
    reason = check_text(reason.strip(), "reason", required=True)
    if state not in TRANSITIONS:
        raise InvalidInput(f"the states are {', '.join(TRANSITIONS)}", field="state")
    if state == event.state:
        raise Conflict(f"the event is already {state}", field="state")
    if state not in TRANSITIONS[event.state]:
        raise Conflict(f"a {event.state} event cannot become {state}", field="state")
    missing = missing_for(state, list(event.sources.all()))
    if missing:
        raise Refused(f"not {state} yet: it needs " + "; and ".join(t for _, t in missing),
                      missing)
    previous = (Review.objects.filter(event=event).order_by("-at", "-hlc", "-id")
                .values_list("digest", flat=True).first() or "")
    at = now()
    digest = _digest(event, actor, at, event.state, state, reason, previous)
    entry = do_audit(actor, "harm_event.review", "harm_event", event.id,
                     detail={"from": event.state, "state": state, "reason": reason,
                             "digest": digest})
    review = Review.objects.create(event=event, reviewer=actor,
                                   reviewer_username=actor.username, at=at,
                                   from_state=event.state, state=state, reason=reason,
                                   previous_digest=previous, digest=digest,
                                   site=settings.SITE_CODE, public_key=keys.public_key_text(),
                                   signature=keys.sign(digest.encode()),
                                   audit_seq=entry.seq)
    event.state = state
    event.locked_by, event.locked_until = None, None
    event.updated_at = at
    event.version += 1
    event.save(update_fields=["state", "locked_by", "locked_until", "updated_at", "version"])
    _publish("harm_event", event, "reviewed", event_data(event))
    return review


# ---- sources -----------------------------------------------------------------------------

def _archive(values: Mapping[str, Any]) -> tuple[str, str, bytes]:
    text, encoded = values.get("archive_text"), values.get("archive_base64")
    if text and encoded:
        raise InvalidInput("send the copy as text or as a file, not both",
                           field="archive_base64")
    if encoded:
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise InvalidInput("not valid base64", field="archive_base64") from None
        if not data:
            raise InvalidInput("the file is empty", field="archive_base64")
        if len(data) > settings.HARM_ARCHIVE_MAX_BYTES:
            raise InvalidInput(f"the file is larger than {settings.HARM_ARCHIVE_MAX_BYTES} "
                               "bytes", field="archive_base64")
        return "base64", base64.b64encode(data).decode(), data
    if text:
        check_text(text, "archive_text")
        return "text", text, text.encode()
    raise InvalidInput("every source keeps a copy of what it said: its text or a file",
                       field="archive_text")


def _claims(values: Mapping[str, Any]) -> dict[str, int | None]:
    clean: dict[str, int | None] = {}
    for name in FIGURES:
        low, high = values.get(f"{name}_min"), values.get(f"{name}_max")
        if low is not None and high is not None and low > high:
            raise InvalidInput(f"the maximum ({high}) is below the minimum ({low})",
                               field=f"{name}_max")
        clean[f"{name}_min"], clean[f"{name}_max"] = low, high
    return clean


@transaction.atomic
def do_add_source(actor: User, event: HarmEvent, values: Mapping[str, Any],
                  synthetic: bool = False) -> Source:
    event = _locked(event)
    _lock_holder(event, actor)
    received_at: datetime = values["received_at"]
    if received_at > now() + MAX_SKEW:
        raise InvalidInput("this time is in the future", field="received_at")
    encoding, stored, data = _archive(values)
    source = Source.objects.create(
        event=event, kind=values["kind"],
        description=check_text(str(values["description"]).strip(), "description",
                               required=True),
        organisation=check_name(str(values.get("organisation") or "").strip(),
                                "organisation", required=False),
        received_at=received_at, reliability=values["reliability"],
        credibility=int(values["credibility"]), claim=check_text(values.get("claim") or "",
                                                                  "claim"),
        archive_name=check_name(values.get("archive_name") or "", "archive_name",
                                required=False),
        archive_type=values.get("archive_type") or ("text/plain" if encoding == "text" else
                                                    "application/octet-stream"),
        archive_encoding=encoding, archive=stored, archive_size=len(data),
        archive_sha256=hashlib.sha256(data).hexdigest(), recorded_by=actor,
        synthetic=synthetic, **_claims(values))
    do_audit(actor, "harm_source.add", "harm_event", event.id,
             detail={"source": str(source.id), "kind": source.kind, "grade": grade(source),
                     "sha256": source.archive_sha256, "size": source.archive_size})
    _publish("harm_event", event, "source_added", event_data(event))
    return source


def archive_bytes(source: Source) -> bytes:
    if source.archive_encoding == "base64":
        return base64.b64decode(source.archive)
    return source.archive.encode()


# ---- victims -----------------------------------------------------------------------------

def _km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    dlat = math.radians(b_lat - a_lat)
    dlon = math.radians(b_lon - a_lon) * math.cos(math.radians((a_lat + b_lat) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def name_parts(text: str) -> list[names.NamePart]:
    """A victim's name as one string: its words taken as first, father's, grandfather's
    and family name the way Libyan names are written (the family name last)."""
    words = names.tokens(text)
    labels = ["first", "father", "grandfather"][: max(0, len(words) - 1)]
    labels += ["father"] * max(0, len(words) - 1 - len(labels))
    labels = [*labels, "family"] if words else []
    return [names.NamePart(label, (token,)) for label, token in
            zip(labels, words, strict=True)]


def likely_duplicates(event: HarmEvent, name: str, alias: str = "",
                      exclude: Iterable[str] = ()) -> list[LikelyDuplicate]:
    """Victims of this event and of events nearby in place and time whose name may be
    this one's (opsroom.records.names: hamza, taa marbuta, transliterations, order)."""
    query = name.strip() or alias.strip()
    if not query:
        return []
    days = timedelta(days=settings.HARM_DUPLICATE_DAYS)
    nearby = [e for e in HarmEvent.objects.filter(
        event_date__gte=event.event_date - days, event_date__lte=event.event_date + days)
        .only("id", "lat", "lon")
        if e.id == event.id or _km(event.lat, event.lon, e.lat, e.lon)
        <= settings.HARM_DUPLICATE_KM]
    skip = {str(v) for v in exclude}
    found = []
    for victim in (Victim.objects.filter(event_id__in=[e.id for e in nearby])
                   .select_related("event")):
        if str(victim.id) in skip or not (victim.name or victim.alias):
            continue
        parts = name_parts(victim.name)
        if victim.alias:
            parts.append(names.NamePart("alias", tuple(names.tokens(victim.alias))))
        match = names.compare(query, parts)
        if match.score >= DUPLICATE_SCORE:
            found.append(LikelyDuplicate(victim, match.score, match.reason))
    found.sort(key=lambda d: -d.score)
    return found[:10]


def _check_victims_fit(event: HarmEvent, adding: str | None) -> None:
    """Named victims never outnumber the event's maximum for their outcome."""
    for outcome in FIGURES:
        count = Victim.objects.filter(event=event, outcome=outcome).count()
        count += 1 if adding == outcome else 0
        high = getattr(event, f"{outcome}_max")
        if count > high:
            field = "outcome" if adding else f"{outcome}.max"
            raise InvalidInput(f"the event records at most {high} {outcome} and {count} "
                               "victims would be: change the event's figures first",
                               field=field)


@transaction.atomic
def do_add_victim(actor: User, event: HarmEvent, values: Mapping[str, Any],
                  synthetic: bool = False) -> Victim:
    event = _locked(event)
    _lock_holder(event, actor)
    name = check_name(str(values.get("name") or "").strip(), "name", required=False)
    alias = check_name(str(values.get("alias") or "").strip(), "alias", required=False)
    age = values.get("age")
    band = values.get("age_band")
    if age is not None:
        implied = "child" if age < 18 else "adult" if age < 60 else "older"
        if band not in (None, "unknown", implied):
            raise InvalidInput(f"age {age} is in the band {implied}", field="age_band")
        band = implied
    outcome = values["outcome"]
    _check_victims_fit(event, outcome)
    source = None
    if values.get("attribution_source"):
        source = Source.objects.filter(event=event, pk=values["attribution_source"]).first()
        if source is None:
            raise InvalidInput("no such source of this event", field="attribution_source")
    distinct = [str(v) for v in values.get("distinct_from") or ()]
    found = likely_duplicates(event, name, alias, exclude=distinct)
    if found:
        raise DuplicateVictims(found)
    victim = Victim.objects.create(
        event=event, name=name, alias=alias, age=age, age_band=band or "unknown",
        sex=values.get("sex") or "unknown",
        civilian_status=values.get("civilian_status") or "unknown", outcome=outcome,
        cause=values.get("cause") or "unknown",
        perpetrator=check_name(str(values.get("perpetrator") or "").strip(), "perpetrator",
                               required=False),
        attribution_source=source, distinct_from=distinct, recorded_by=actor,
        synthetic=synthetic)
    # The audit keeps who was added, not the name: the log is read more widely than names.
    do_audit(actor, "harm_victim.add", "harm_event", event.id,
             detail={"victim": str(victim.id), "outcome": outcome,
                     "named": bool(name), "distinct_from": distinct})
    _publish("harm_event", event, "victim_added", event_data(event))
    return victim


# ---- sharing with monitors and their ledger ----------------------------------------------

def _district_ids(codes: Iterable[str]) -> list[str]:
    found = []
    for i, code in enumerate(dict.fromkeys(codes)):
        district = District.objects.filter(code=code).first()
        if district is None:
            raise InvalidInput(f"unknown district {code!r}", field=f"districts.{i}")
        found.append(str(district.id))
    return found


@transaction.atomic
def do_create_agreement(actor: User, values: Mapping[str, Any]) -> SharingAgreement:
    monitor = Agency.objects.filter(code=values["monitor"]).first()
    if monitor is None or monitor.kind != AgencyKind.MONITOR:
        raise InvalidInput("no monitoring agency has this code", field="monitor")
    if values.get("ends_on") and values["ends_on"] < values["starts_on"]:
        raise InvalidInput("must not be before starts_on", field="ends_on")
    states = list(dict.fromkeys(values.get("states") or
                                [State.CORROBORATED, State.VERIFIED]))
    assert actor.agency_id is not None
    agreement = SharingAgreement.objects.create(
        monitor=monitor, granted_by_id=actor.agency_id, states=states,
        include_victims=bool(values.get("include_victims", True)),
        include_names=bool(values.get("include_names", False)),
        include_sources=bool(values.get("include_sources", False)),
        districts=_district_ids(values.get("districts") or ()),
        starts_on=values["starts_on"], ends_on=values.get("ends_on"),
        reference=check_name(values.get("reference") or "", "reference", required=False),
        created_by=actor)
    do_audit(actor, "harm_sharing.agree", "sharing_agreement", agreement.id,
             detail={"monitor": monitor.code, "states": states,
                     "names": agreement.include_names, "sources": agreement.include_sources})
    return agreement


@transaction.atomic
def do_end_agreement(actor: User, agreement: SharingAgreement) -> SharingAgreement:
    if agreement.ended_at is not None:
        raise Conflict("the agreement has ended already", field="agreement")
    agreement.ended_at = now()
    agreement.save(update_fields=["ended_at"])
    do_audit(actor, "harm_sharing.end", "sharing_agreement", agreement.id)
    return agreement


@transaction.atomic
def do_record_delivery(user: User, agreement: SharingAgreement | None, what: str,
                       event_ids: Iterable[object], detail: Mapping[str, Any] | None = None,
                       ) -> LedgerEntry:
    """A monitor received something (a list, an event, an export, a report): the ledger
    and the audit log say who, what and when."""
    ids = [str(i) for i in event_ids]
    assert user.agency_id is not None
    entry = LedgerEntry.objects.create(
        monitor_id=user.agency_id, user=user, username=user.username, agreement=agreement,
        what=what, event_ids=ids, detail=dict(detail or {}))
    do_audit(user, f"harm_shared.{what}", "harm_event", ids[0] if len(ids) == 1 else "",
             purpose=f"sharing agreement {agreement.reference or agreement.id}"
             if agreement else "monitor", detail={"events": len(ids), **(detail or {})})
    return entry


# ---- telecommunications outages ------------------------------------------------------------

def _outage_fields(values: Mapping[str, Any], outage: Outage | None) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    given = {k: v for k, v in values.items() if v is not None}
    if "districts" in given:
        if not given["districts"]:
            raise InvalidInput("name at least one district", field="districts")
        clean["districts"] = _district_ids(given["districts"])
    if "operator" in given:
        clean["operator"] = given["operator"]
    if "services" in given:
        clean["services"] = list(dict.fromkeys(given["services"]))
    for name in ("starts_at", "ends_at"):
        if name in given:
            if given[name] > now() + MAX_SKEW:
                raise InvalidInput("this time is in the future", field=name)
            clean[name] = given[name]
    starts = clean.get("starts_at", outage.starts_at if outage else None)
    ends = clean.get("ends_at", outage.ends_at if outage else None)
    if starts is not None and ends is not None and ends <= starts:
        raise InvalidInput("an outage ends after it starts", field="ends_at")
    if "source" in given:
        clean["source"] = check_text(str(given["source"]).strip(), "source", required=True)
    if "notes" in given:
        clean["notes"] = check_text(str(given["notes"]), "notes")
    return clean


def outage_data(outage: Outage) -> dict[str, Any]:
    return {"id": str(outage.id), "status": outage.status,
            "mobile": bool(set(outage.services) & MOBILE_SERVICES),
            "ongoing": outage.ends_at is None}


@transaction.atomic
def do_record_outage(actor: User, values: Mapping[str, Any], synthetic: bool = False
                     ) -> Outage:
    for name in ("districts", "operator", "services", "starts_at", "source"):
        if not values.get(name):
            raise InvalidInput("this field is required", field=name)
    clean = _outage_fields(values, None)
    assert actor.agency_id is not None
    outage = Outage.objects.create(agency_id=actor.agency_id, recorded_by=actor,
                                   confirmed_by=actor, status=OutageStatus.CONFIRMED,
                                   synthetic=synthetic, **clean)
    do_audit(actor, "outage.record", "outage", outage.id,
             detail={"operator": outage.operator, "services": outage.services,
                     "districts": len(outage.districts)})
    publish_record("outage", outage, "created", None, outage_data(outage))
    return outage


@transaction.atomic
def do_update_outage(actor: User, outage: Outage, values: Mapping[str, Any]) -> Outage:
    outage = Outage.objects.select_for_update().get(pk=outage.pk)
    clean = _outage_fields(values, outage)
    status = values.get("status")
    if status:
        if outage.status != OutageStatus.PROPOSED and status != outage.status:
            raise Conflict(f"the outage is {outage.status}: only a proposal is confirmed or "
                           "dismissed", field="status")
        clean["status"] = status
        if status == OutageStatus.CONFIRMED:
            clean["confirmed_by"] = actor
            if not (clean.get("districts") or outage.districts):
                raise InvalidInput("a confirmed outage names its districts",
                                   field="districts")
            if clean.get("operator", outage.operator) == "unknown":
                raise InvalidInput("a confirmed outage names its operator", field="operator")
            if not (clean.get("services") or outage.services):
                raise InvalidInput("a confirmed outage names the services down",
                                   field="services")
    changed = {k: v for k, v in clean.items() if getattr(outage, k) != v}
    if not changed:
        return outage
    for key, value in changed.items():
        setattr(outage, key, value)
    outage.updated_at = now()
    outage.version += 1
    outage.save(update_fields=[*changed, "updated_at", "version"])
    do_audit(actor, "outage.update", "outage", outage.id,
             detail={k: (str(v.pk) if isinstance(v, User) else v)
                     for k, v in changed.items()})
    publish_record("outage", outage, "updated", None, outage_data(outage))
    return outage


def _site_agency(change: Change) -> Agency | None:
    code = change.data.get("agency")
    return Agency.objects.filter(code=code).first() if code else None


@transaction.atomic
def do_propose_outage(site: str, since: datetime | None, agency: Agency | None,
                      synthetic: bool = False) -> Outage | None:
    """A site went silent: propose an outage for a person to confirm (once per silence)."""
    if Outage.objects.filter(silent_site=site, status=OutageStatus.PROPOSED).exists():
        return None
    owner = agency or Agency.objects.filter(kind=AgencyKind.OPERATIONS_ROOM).first()
    if owner is None:
        return None
    outage = Outage.objects.create(
        agency=owner, districts=[], operator="unknown", services=[],
        starts_at=since or now(), source=f"site {site} went silent (sync)",
        status=OutageStatus.PROPOSED, silent_site=site, synthetic=synthetic)
    do_audit(None, "outage.propose", "outage", outage.id, detail={"site": site})
    publish_record("outage", outage, "proposed", None, outage_data(outage))
    return outage


def on_change(change: Change) -> None:
    """The bus tells of a site gone silent (opsroom.sync): propose an outage entry."""
    if change.kind != "site" or change.action != "silent":
        return
    last = change.data.get("last_contact")
    since = datetime.fromisoformat(last) if isinstance(last, str) else None
    do_propose_outage(change.id, since, _site_agency(change))


def do_trim_dismissed_outages(cutoff: datetime) -> int:
    """Retention: proposals a person dismissed (a site silent for another reason) go after
    a year; confirmed outages are the record and stay."""
    return Outage.objects.filter(status=OutageStatus.DISMISSED, updated_at__lt=cutoff).delete()[0]
