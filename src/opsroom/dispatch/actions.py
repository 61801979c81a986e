"""Every write to units and assignments. Unit and incident statuses move together here:
assigning dispatches both, a unit reaching the scene moves its incident on, and closing an
incident frees its units."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from opsroom.accounts.models import User
from opsroom.audit.actions import do_audit
from opsroom.core.bus import publish_record
from opsroom.core.clock import now
from opsroom.core.errors import Conflict, InvalidInput
from opsroom.core.text import check_name
from opsroom.dispatch.models import Assignment, Unit, UnitEvent, UnitStatus
from opsroom.dispatch.serializers import unit_dict
from opsroom.geo.queries import district_at
from opsroom.incidents import actions as incident_actions
from opsroom.incidents.models import OPEN_STATUSES, Incident, Status

# Incident statuses that end the response: the units go back to available.
FREEING_STATUSES = frozenset({Status.RESOLVED, Status.CANCELLED, Status.CLOSED})

# Which unit status may follow which when asked for directly. "dispatched" comes only from
# an assignment; "available" from a dispatched unit releases it.
UNIT_TRANSITIONS: dict[str, frozenset[str]] = {
    UnitStatus.AVAILABLE: frozenset({UnitStatus.OUT_OF_SERVICE}),
    UnitStatus.DISPATCHED: frozenset(
        {UnitStatus.EN_ROUTE, UnitStatus.ON_SCENE, UnitStatus.AVAILABLE, UnitStatus.OUT_OF_SERVICE}
    ),
    UnitStatus.EN_ROUTE: frozenset(
        {UnitStatus.ON_SCENE, UnitStatus.AVAILABLE, UnitStatus.OUT_OF_SERVICE}
    ),
    UnitStatus.ON_SCENE: frozenset({UnitStatus.AVAILABLE, UnitStatus.OUT_OF_SERVICE}),
    UnitStatus.OUT_OF_SERVICE: frozenset({UnitStatus.AVAILABLE}),
    # Only the operation frees its units (do_release_from_operation); a unit may still fall
    # out of service.
    UnitStatus.ON_OPERATION: frozenset({UnitStatus.OUT_OF_SERVICE}),
}

# A position reported from further in the future than this is a broken device clock.
MAX_CLOCK_SKEW = timedelta(minutes=5)


def active_assignments(incident: Incident) -> QuerySet[Assignment]:
    return Assignment.objects.filter(incident=incident, released_at__isnull=True)


def _unit_summary(unit: Unit) -> dict[str, Any]:
    return {
        "call_sign": unit.call_sign,
        "status": unit.status,
        "lat": unit.lat,
        "lon": unit.lon,
        "incident": unit.current_incident_id and str(unit.current_incident_id),
    }


def publish_unit(unit: Unit, action: str) -> None:
    publish_record("unit", unit, action, unit.agency_id, unit_dict(unit))


def _unit_event(unit: Unit, actor: User | None, kind: str, value: Any, previous: Any) -> None:
    UnitEvent.objects.create(
        unit=unit, kind=kind, value=value, previous_value=previous, actor=actor
    )


def _set_unit_status(unit: Unit, actor: User | None, target: str) -> None:
    previous = unit.status
    unit.status = target
    if target in (UnitStatus.AVAILABLE, UnitStatus.OUT_OF_SERVICE):
        unit.current_incident = None
    unit.bump()
    unit.save()
    _unit_event(unit, actor, "status", target, previous)


def _locked_unit(unit: Unit) -> Unit:
    return Unit.objects.select_for_update(no_key=True).get(id=unit.id)


@transaction.atomic
def do_assign_unit(actor: User, incident: Incident, unit: Unit) -> Assignment:
    incident = incident_actions.lock_incident(incident)
    unit = _locked_unit(unit)
    if incident.status not in OPEN_STATUSES:
        raise Conflict(f"incident {incident.number} is {incident.status}", field="incident")
    if unit.agency_id != incident.owner_agency_id:
        raise InvalidInput("this unit belongs to another agency", field="unit_id")
    if unit.status != UnitStatus.AVAILABLE:
        raise Conflict(f"unit {unit.call_sign} is {unit.status}, not available", field="unit_id")
    assignment = Assignment.objects.create(incident=incident, unit=unit, assigned_by=actor)
    unit.current_incident = incident
    _set_unit_status(unit, actor, UnitStatus.DISPATCHED)
    incident_actions.record_event(
        incident, actor, "assigned", {"unit_id": str(unit.id), "call_sign": unit.call_sign}
    )
    if incident.status == Status.NEW:
        incident_actions.set_status(incident, actor, Status.DISPATCHED)
    else:
        incident.bump()
        incident.save()
    do_audit(actor, "dispatch.assign", "incident", incident.id, detail={"unit": unit.call_sign})
    incident_actions.publish(incident, "assigned")
    publish_unit(unit, "assigned")
    return assignment


def _release(actor: User | None, assignment: Assignment, reason: str) -> None:
    """Free one assignment's unit; the caller locks the incident and publishes it."""
    unit = _locked_unit(assignment.unit)
    assignment.released_at = now()
    assignment.bump()
    assignment.save()
    if unit.current_incident_id == assignment.incident_id:
        _set_unit_status(unit, actor, UnitStatus.AVAILABLE)
    incident_actions.record_event(
        assignment.incident, actor, "released",
        {"unit_id": str(unit.id), "call_sign": unit.call_sign, "reason": reason},
    )
    publish_unit(unit, "released")


def _revert_if_unattended(actor: User | None, incident: Incident) -> None:
    """An incident whose last unit was called off before arriving waits for a new one."""
    if incident.status in (Status.DISPATCHED, Status.EN_ROUTE) and not active_assignments(
        incident
    ).exists():
        incident_actions.set_status(incident, actor, Status.NEW, reason="no unit assigned")


@transaction.atomic
def do_release_unit(actor: User, incident: Incident, unit: Unit, reason: str = "") -> None:
    incident = incident_actions.lock_incident(incident)
    assignment = active_assignments(incident).filter(unit=unit).select_related("unit").first()
    if assignment is None:
        raise Conflict(f"unit {unit.call_sign} is not assigned to {incident.number}",
                       field="unit_id")
    assignment.incident = incident
    _release(actor, assignment, reason or "released")
    _revert_if_unattended(actor, incident)
    incident.bump()
    incident.save()
    do_audit(actor, "dispatch.release", "incident", incident.id, detail={"unit": unit.call_sign})
    incident_actions.publish(incident, "released")


def refuse_moving_without_unit(actor: User | None, incident: Incident, target: str) -> None:
    """Registered with opsroom.incidents.hooks: en route and on scene need a unit."""
    if target in (Status.EN_ROUTE, Status.ON_SCENE) and not active_assignments(incident).exists():
        raise Conflict("assign a unit before marking it en route or on scene", field="status")


def release_units_of_ended(actor: User | None, incident: Incident, target: str) -> None:
    """Registered with opsroom.incidents.hooks: an incident resolved, cancelled or closed
    frees its units. Runs inside the incident's action, which has locked ``incident``."""
    if target not in FREEING_STATUSES:
        return
    for assignment in active_assignments(incident).select_related("unit"):
        assignment.incident = incident
        _release(actor, assignment, target)


def move_assignments(actor: User | None, source: Incident, target: Incident) -> None:
    """Registered with opsroom.incidents.hooks: units on a merged duplicate now serve the
    incident it was merged into."""
    for assignment in active_assignments(source).select_related("unit"):
        assignment.released_at = now()
        assignment.bump()
        assignment.save()
        Assignment.objects.create(incident=target, unit=assignment.unit, assigned_by=actor)
        unit = _locked_unit(assignment.unit)
        unit.current_incident = target
        unit.bump()
        unit.save()
        incident_actions.record_event(
            target, actor, "assigned",
            {"unit_id": str(unit.id), "call_sign": unit.call_sign, "from": source.number},
        )
        publish_unit(unit, "assigned")
        if target.status == Status.NEW:
            incident_actions.set_status(target, actor, Status.DISPATCHED)


def _follow_unit(actor: User | None, unit: Unit, target: str) -> None:
    """Move the unit's incident on when its first unit sets off or arrives."""
    if unit.current_incident_id is None:
        return
    incident = incident_actions.lock_incident(unit.current_incident)  # type: ignore[arg-type]
    order = {Status.DISPATCHED: 0, Status.EN_ROUTE: 1, Status.ON_SCENE: 2}
    wanted = Status.EN_ROUTE if target == UnitStatus.EN_ROUTE else Status.ON_SCENE
    if incident.status in order and order[Status(incident.status)] < order[wanted]:
        incident_actions.set_status(incident, actor, wanted, reason=unit.call_sign)
        incident_actions.publish(incident, "status")


@transaction.atomic
def do_set_unit_status(actor: User, unit: Unit, target: str) -> Unit:
    if target not in UnitStatus.values:
        raise InvalidInput(f"unknown unit status '{target}'", field="status")
    unit = _locked_unit(unit)
    if target == unit.status:
        return unit
    if target == UnitStatus.DISPATCHED:
        raise InvalidInput("a unit is dispatched by assigning it to an incident", field="status")
    if target == UnitStatus.ON_OPERATION:
        raise InvalidInput("a unit goes on an operation when the operation starts",
                           field="status")
    if target not in UNIT_TRANSITIONS[UnitStatus(unit.status)]:
        raise Conflict(f"a unit cannot go from {unit.status} to {target}", field="status")
    if target in (UnitStatus.EN_ROUTE, UnitStatus.ON_SCENE):
        _follow_unit(actor, unit, target)
        _set_unit_status(unit, actor, target)
    else:  # available or out of service: the unit leaves its incident
        assignment = Assignment.objects.filter(unit=unit, released_at__isnull=True).first()
        if assignment is not None:
            incident = incident_actions.lock_incident(assignment.incident)
            assignment.incident = incident
            _release(actor, assignment, reason=target)
            _revert_if_unattended(actor, incident)
            incident.bump()
            incident.save()
            incident_actions.publish(incident, "released")
            unit.refresh_from_db()
        if unit.status != target:
            _set_unit_status(unit, actor, target)
    do_audit(actor, "unit.status", "unit", unit.id, detail={"status": target})
    publish_unit(unit, "status")
    return unit


def commit_to_operation(actor: User, unit: Unit, operation: str) -> Unit:
    """A running raid takes the unit (in the caller's transaction, which audits it): the
    board shows it on the operation and recommends it for nothing else."""
    unit = _locked_unit(unit)
    if unit.status != UnitStatus.AVAILABLE:
        raise Conflict(f"unit {unit.call_sign} is {unit.status}, not available", field="units")
    _set_unit_status(unit, actor, UnitStatus.ON_OPERATION)
    _unit_event(unit, actor, "operation", operation, None)
    publish_unit(unit, "status")
    return unit


def release_from_operation(actor: User, unit: Unit) -> Unit:
    """The operation ended: its units that are still on it become available."""
    unit = _locked_unit(unit)
    if unit.status == UnitStatus.ON_OPERATION:
        _set_unit_status(unit, actor, UnitStatus.AVAILABLE)
        publish_unit(unit, "status")
    return unit


@transaction.atomic
def do_report_position(
    actor: User, unit: Unit, lat: float, lon: float, at: datetime | None = None
) -> Unit:
    if not -90 <= lat <= 90:
        raise InvalidInput("latitude must be between -90 and 90", field="lat")
    if not -180 <= lon <= 180:
        raise InvalidInput("longitude must be between -180 and 180", field="lon")
    moment = at or now()
    if moment > now() + MAX_CLOCK_SKEW:
        raise InvalidInput("the position's time is in the future", field="at")
    unit = _locked_unit(unit)
    if unit.position_at and moment < unit.position_at:
        # A late report (a phone catching up after a dead zone) must not move the unit back.
        _unit_event(unit, actor, "position", {"lat": lat, "lon": lon, "late": True}, None)
        return unit
    previous = {"lat": unit.lat, "lon": unit.lon}
    unit.lat, unit.lon, unit.position_at = lat, lon, moment
    unit.district = district_at(lat, lon)
    unit.bump()
    unit.save()
    _unit_event(unit, actor, "position", {"lat": lat, "lon": lon}, previous)
    do_audit(actor, "unit.position", "unit", unit.id)
    publish_unit(unit, "position")
    return unit


@transaction.atomic
def do_create_unit(
    actor: User | None,
    *,
    call_sign: str,
    agency_id: Any,
    kind: str,
    capabilities: list[str],
    lat: float | None = None,
    lon: float | None = None,
    field_user: User | None = None,
) -> Unit:
    check_name(call_sign, "call_sign")
    unit = Unit.objects.create(
        call_sign=call_sign, agency_id=agency_id, kind=kind, capabilities=capabilities,
        lat=lat, lon=lon, home_lat=lat, home_lon=lon,
        position_at=now() if lat is not None else None, field_user=field_user,
        district=district_at(lat, lon) if lat is not None and lon is not None else None,
    )
    _unit_event(unit, actor, "created", _unit_summary(unit), None)
    do_audit(actor, "unit.create", "unit", unit.id, detail={"call_sign": call_sign})
    publish_unit(unit, "created")
    return unit


def drop_old_positions(cutoff: datetime) -> int:
    """Retention: unit position reports (statuses are kept: they are the response record)."""
    return UnitEvent.objects.filter(kind="position", at__lt=cutoff).delete()[0]


def publish_synced(unit_ids: set[str]) -> None:
    """Remote changes (sync) touched these units: tell this site's open consoles."""
    for unit in Unit.objects.filter(id__in=unit_ids).select_related("agency", "district"):
        publish_unit(unit, "synced")
