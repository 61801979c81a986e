"""Every write to incidents. Each action is one transaction that writes the change, its
timeline event(s) and its audit entry, and publishes on the bus only after commit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from opsroom.accounts.models import User
from opsroom.audit.actions import do_audit
from opsroom.core.bus import publish_record
from opsroom.core.clock import now, to_city_time
from opsroom.core.errors import Conflict, InvalidInput
from opsroom.core.text import check_name, check_text, looks_empty
from opsroom.geo.queries import district_at
from opsroom.incidents import hooks
from opsroom.incidents.lifecycle import REQUESTABLE, can_transition
from opsroom.incidents.models import (
    OPEN_STATUSES,
    Incident,
    IncidentEvent,
    IncidentType,
    NumberSequence,
    Status,
)
from opsroom.incidents.reference import active_incident_types
from opsroom.incidents.serializers import incident_dict

MAX_NOTE = 4000
MAX_DESCRIPTION = 10000


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    precision_m: int | None = None

    def validate(self, field: str = "location") -> None:
        if not -90 <= self.lat <= 90:
            raise InvalidInput("latitude must be between -90 and 90", field=f"{field}.lat")
        if not -180 <= self.lon <= 180:
            raise InvalidInput("longitude must be between -180 and 180", field=f"{field}.lon")
        if self.precision_m is not None and not 0 <= self.precision_m <= 100_000:
            raise InvalidInput(
                "precision must be between 0 and 100000 metres", field=f"{field}.precision_m"
            )


def _next_number(moment: datetime) -> str:
    """BNG-OPS-2026-000123: the site code keeps numbers unique across offline sites; the
    year is the city's local year, the one on the operator's wall clock."""
    site, year = settings.SITE_CODE, to_city_time(moment).year
    last = _take_number(site, year)
    if last is None:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(site_code=site, year=year, last=1)
            last = 1
        except IntegrityError:  # another writer opened this year first: take the next one
            last = _take_number(site, year)
    return f"{site}-{year}-{last:06d}"


def _take_number(site: str, year: int) -> int | None:
    """Increment and read in one statement (SQLite 3.35+ and PostgreSQL both RETURN); the
    UPDATE holds the row lock, so concurrent writers queue here and never share a number."""
    table = NumberSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + 1 WHERE site_code = %s AND year = %s "
            "RETURNING last",
            [site, year],
        )
        row = cursor.fetchone()
    return int(row[0]) if row else None


def _incident_type(code: str) -> IncidentType:
    incident_type = active_incident_types().get(code)
    if incident_type is None:
        raise InvalidInput(f"unknown incident type '{code}'", field="type")
    return incident_type


def _check_priority(priority: int) -> None:
    if not 1 <= priority <= 4:
        raise InvalidInput("priority must be 1 (highest) to 4", field="priority")


def _check_text(value: str, field: str, limit: int) -> str:
    if "\x00" in value:
        raise InvalidInput("text may not contain NUL characters", field=field)
    if len(value) > limit:
        raise InvalidInput(f"at most {limit} characters", field=field)
    check_text(value, field)
    if field == "caller.name":
        check_name(value, field, required=False)
    return value.strip()


def record_event(
    incident: Incident,
    actor: User | None,
    kind: str,
    value: Any,
    previous: Any = None,
    at: datetime | None = None,
) -> IncidentEvent:
    return IncidentEvent.objects.create(
        incident=incident, kind=kind, value=value, previous_value=previous, actor=actor,
        at=at or now(),
    )


def publish(incident: Incident, action: str) -> None:
    # The stream carries what a board shows, never who called (that read is audited).
    data = incident_dict(incident)
    data.pop("caller", None)
    publish_record("incident", incident, action, incident.owner_agency_id, data)


def lock_incident(incident: Incident) -> Incident:
    """Re-read under a row lock so two dispatchers never act on a stale status.

    FOR NO KEY UPDATE, not FOR UPDATE: rows that point to the incident (timeline events
    applied by the sync agent, checked at its commit) must not wait for this lock, or the
    two transactions can deadlock on PostgreSQL."""
    return (Incident.objects.select_for_update(no_key=True).select_related("type")
            .get(id=incident.id))


@transaction.atomic
def do_create_incident(
    actor: User,
    *,
    type_code: str,
    priority: int | None = None,
    location: Location | None = None,
    address: str = "",
    description: str = "",
    caller_name: str = "",
    caller_phone: str = "",
    received_at: datetime | None = None,
) -> Incident:
    assert actor.agency_id is not None
    incident_type = _incident_type(type_code)
    priority = incident_type.default_priority if priority is None else priority
    _check_priority(priority)
    if location:
        location.validate()
    moment = received_at or now()
    incident = Incident(
        number=_next_number(moment),
        type=incident_type,
        priority=priority,
        owner_agency=actor.agency,
        created_by=actor,
        address=_check_text(address, "address", 300),
        description=_check_text(description, "description", MAX_DESCRIPTION),
        caller_name=_check_text(caller_name, "caller.name", 200),
        caller_phone=_check_text(caller_phone, "caller.phone", 40),
        received_at=moment,
        created_at=moment,
        updated_at=moment,
    )
    if location:
        incident.lat, incident.lon = location.lat, location.lon
        incident.location_precision_m = location.precision_m
        incident.district = district_at(location.lat, location.lon)
    incident.save(force_insert=True)
    record_event(
        incident, actor, "created",
        {"number": incident.number, "type": incident_type.code, "priority": priority,
         "status": Status.NEW, "district": incident.district_id and str(incident.district_id)},
        at=moment,
    )
    do_audit(actor, "incident.create", "incident", incident.id, detail={"number": incident.number})
    publish(incident, "created")
    return incident


EDITABLE_TEXT = {"address": 300, "description": MAX_DESCRIPTION}
EDITABLE_CALLER = {"caller_name": 200, "caller_phone": 40}


@transaction.atomic
def do_update_incident(actor: User, incident: Incident, changes: Mapping[str, Any]) -> Incident:
    """Apply field edits; each changed field becomes one timeline event."""
    incident = lock_incident(incident)
    if incident.status not in OPEN_STATUSES:
        raise Conflict(f"a {incident.status} incident can no longer be edited", field="status")
    changed: list[tuple[str, Any, Any]] = []
    if "type" in changes and changes["type"] != incident.type_id:
        new_type = _incident_type(changes["type"])
        changed.append(("type", new_type.code, incident.type_id))
        incident.type = new_type
    if "priority" in changes and changes["priority"] != incident.priority:
        _check_priority(changes["priority"])
        changed.append(("priority", changes["priority"], incident.priority))
        incident.priority = changes["priority"]
    if "location" in changes:
        loc: Location = changes["location"]
        loc.validate()
        before = {"lat": incident.lat, "lon": incident.lon,
                  "precision_m": incident.location_precision_m}
        after = {"lat": loc.lat, "lon": loc.lon, "precision_m": loc.precision_m}
        if before != after:
            incident.lat, incident.lon = loc.lat, loc.lon
            incident.location_precision_m = loc.precision_m
            incident.district = district_at(loc.lat, loc.lon)
            changed.append(("location", after, before))
    for field, limit in {**EDITABLE_TEXT, **EDITABLE_CALLER}.items():
        if field in changes:
            label = field.replace("caller_", "caller.")
            value = _check_text(changes[field], label, limit)
            if value != getattr(incident, field):
                changed.append((field, value, getattr(incident, field)))
                setattr(incident, field, value)
    if not changed:
        return incident
    incident.bump()
    incident.save()
    for kind, value, previous in changed:
        if kind in EDITABLE_CALLER:  # caller details stay out of the general timeline
            value, previous = "changed", None
        record_event(incident, actor, kind, value, previous)
    do_audit(actor, "incident.update", "incident", incident.id,
             detail={"fields": [kind for kind, _, _ in changed]})
    publish(incident, "updated")
    return incident


@transaction.atomic
def do_add_note(actor: User, incident: Incident, text: str) -> IncidentEvent:
    text = _check_text(text, "text", MAX_NOTE)
    if looks_empty(text):  # spaces or invisible characters only
        raise InvalidInput("a note needs text", field="text")
    incident = lock_incident(incident)
    event = record_event(incident, actor, "note", {"text": text})
    incident.bump()
    incident.save(update_fields=["version", "updated_at"])
    do_audit(actor, "incident.note", "incident", incident.id)
    publish(incident, "note")
    return event


def set_status(incident: Incident, actor: User | None, target: str, reason: str = "") -> None:
    """Move an already locked incident to ``target``, stamping its response interval and
    writing the event. Callers check who may ask; this checks only the lifecycle."""
    if not can_transition(incident.status, target):
        raise Conflict(
            f"an incident cannot go from {incident.status} to {target}", field="status"
        )
    moment = now()
    stamp = {
        Status.DISPATCHED: "dispatched_at",
        Status.EN_ROUTE: "en_route_at",
        Status.ON_SCENE: "on_scene_at",
        Status.RESOLVED: "cleared_at",
        Status.CANCELLED: "cleared_at",
        Status.CLOSED: "closed_at",
    }.get(Status(target))
    if stamp and getattr(incident, stamp) is None:
        setattr(incident, stamp, moment)
    previous = incident.status
    incident.status = target
    incident.bump()
    incident.save()
    value: Any = {"status": target, "reason": reason} if reason else target
    record_event(incident, actor, "status", value, previous, at=moment)


@transaction.atomic
def do_change_status(actor: User, incident: Incident, target: str, reason: str = "") -> Incident:
    if target not in Status.values:
        raise InvalidInput(f"unknown status '{target}'", field="status")
    if target not in REQUESTABLE:
        raise InvalidInput(
            f"'{target}' follows from an assignment or a merge, it cannot be set directly",
            field="status",
        )
    reason = _check_text(reason, "reason", 500)
    incident = lock_incident(incident)
    hooks.check_status(actor, incident, target)  # dispatch: en route needs a unit
    set_status(incident, actor, target, reason)
    hooks.status_changed(actor, incident, target)  # dispatch: a closed incident frees units
    do_audit(actor, "incident.status", "incident", incident.id, detail={"status": target})
    publish(incident, "status")
    return incident


@transaction.atomic
def do_merge_incidents(actor: User, duplicate: Incident, into: Incident) -> Incident:
    """Fold a duplicate call into the incident it duplicates. Both timelines survive: the
    duplicate keeps its own events and the survivor's timeline includes them."""

    if duplicate.id == into.id:
        raise InvalidInput("an incident cannot be merged into itself", field="into")
    duplicate, into = lock_incident(duplicate), lock_incident(into)
    for incident, field in ((duplicate, "id"), (into, "into")):
        if incident.status not in OPEN_STATUSES:
            raise Conflict(f"incident {incident.number} is {incident.status}", field=field)
    duplicate.merged_into = into
    set_status(duplicate, actor, Status.MERGED, reason=into.number)
    record_event(duplicate, actor, "merged_into", {"id": str(into.id), "number": into.number})
    record_event(into, actor, "merged_from", {"id": str(duplicate.id), "number": duplicate.number})
    hooks.merged(actor, duplicate, into)  # dispatch: the duplicate's units serve ``into``
    into.bump()
    into.save()
    do_audit(actor, "incident.merge", "incident", into.id, detail={"merged": str(duplicate.id)})
    publish(duplicate, "merged")
    publish(into, "updated")
    return into


def _hide_old_callers(field: str, cutoff: datetime) -> int:
    """Retention: a caller's number (and later name) of a call received before ``cutoff``,
    once the incident is no longer open (nobody needs to call back)."""
    hidden = 0
    stale = Incident.objects.filter(received_at__lt=cutoff).exclude(
        status__in=OPEN_STATUSES).exclude(**{field: ""}).select_related("type")
    for incident in stale.iterator(chunk_size=500):
        setattr(incident, field, "")
        incident.bump()
        incident.save(update_fields=[field, "version", "updated_at"])
        # The timeline says it happened, never what the value was.
        record_event(incident, None, field, "hidden", None)
        publish(incident, "retention")
        hidden += 1
    return hidden


def do_hide_caller_phones(cutoff: datetime) -> int:
    return _hide_old_callers("caller_phone", cutoff)


def do_hide_caller_names(cutoff: datetime) -> int:
    return _hide_old_callers("caller_name", cutoff)


def publish_synced(incident_ids: set[str]) -> None:
    """Remote changes (sync) touched these incidents: tell this site's open consoles."""
    for incident in Incident.objects.filter(id__in=incident_ids).select_related(
            "type", "district", "owner_agency"):
        publish(incident, "synced")
