"""Permissioned fetches of the campaigns app. Every endpoint and page reaches campaigns,
collection points, handovers, items, operations and courses through these.

Campaigns, collection points and courses are shared by every agency allowed to read them (a
ministry's campaign runs at every directorate). Handovers and their items belong to the
agency of the collection point that received them. A raid on a drug den is the strictest:
until it is completed or aborted, only the people and units named on it and the owning
agency's supervisors see it (anyone else gets 404, as for a record that does not exist),
and every read of it is audited. Leaked raids are the classic failure.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from opsroom.accounts.access import sees_every_agency
from opsroom.accounts.models import Agency, AgencyKind, User
from opsroom.accounts.roles import Cap
from opsroom.campaigns.models import (
    SECRET_STATUSES,
    Attendance,
    Campaign,
    CollectionPoint,
    Course,
    CourseSession,
    Handover,
    Item,
    Operation,
    OperationTarget,
)
from opsroom.core.access import as_uuid, require
from opsroom.core.errors import Forbidden, NotFound
from opsroom.dispatch.models import Unit
from opsroom.records.models import Warrant

M = TypeVar("M", bound=Model)

# Agencies whose sites take part in campaigns (collection points, raids, training).
CAMPAIGN_AGENCY_KINDS = frozenset({
    AgencyKind.OPERATIONS_ROOM, AgencyKind.DIRECTORATE, AgencyKind.POLICE_STATION,
    AgencyKind.CRIMINAL_INVESTIGATION, AgencyKind.ANTI_NARCOTICS, AgencyKind.JUDICIAL_POLICE,
    AgencyKind.PROSECUTION, AgencyKind.COURT,
})


def _one(records: QuerySet[M], record_id: object, what: str) -> M:
    found = records.filter(pk=as_uuid(record_id)).first()
    if found is None:
        raise NotFound(f"no such {what}")
    return found


def _own_agency(user: User, records: QuerySet[M], field: str = "agency_id") -> QuerySet[M]:
    if sees_every_agency(user):
        return records
    if user.agency_id is None:
        return records.none()
    return records.filter(**{field: user.agency_id})


def require_manager(user: User) -> Agency:
    """Campaigns, collection points, operations and courses are set up by a supervisor, for
    the supervisor's own agency."""
    require(user, Cap.CAMPAIGN_MANAGE)
    if user.agency is None:
        raise Forbidden("a user of an agency sets this up")
    return user.agency


# ---- shared: campaigns, points, courses -----------------------------------------------------

def visible_campaigns(user: User) -> QuerySet[Campaign]:
    require(user, Cap.CAMPAIGN_READ)
    return Campaign.objects.select_related("owner_agency")


def access_campaign(user: User, campaign_id: object, write: bool = False) -> Campaign:
    campaign = _one(visible_campaigns(user), campaign_id, "campaign")
    if write:
        require_manager(user)
        if campaign.owner_agency_id != user.agency_id:
            raise Forbidden("only the agency that runs the campaign changes it")
    return campaign


def campaign_for_handover(user: User, campaign_id: object) -> Campaign:
    """Any agency's records officers take handovers for a running campaign."""
    require(user, Cap.HANDOVER_WRITE)
    return _one(Campaign.objects.all(), campaign_id, "campaign")


def visible_points(user: User) -> QuerySet[CollectionPoint]:
    # Where to hand a weapon in is for everyone who signs in (and the public finds it too).
    return CollectionPoint.objects.select_related("agency", "district")


def point_by_code(user: User, code: str, field: str = "point") -> CollectionPoint:
    point = visible_points(user).filter(code=code).first()
    if point is None:
        raise NotFound("no such collection point", field=field)
    return point


def visible_courses(user: User) -> QuerySet[Course]:
    require(user, Cap.TRAINING_READ)
    return Course.objects.select_related("agency")


def access_course(user: User, course_id: object, write: bool = False) -> Course:
    course = _one(visible_courses(user) if not write else Course.objects.all(), course_id,
                  "course")
    if write:
        require_manager(user)
        if course.agency_id != user.agency_id:
            raise Forbidden("only the agency that runs the course changes it")
    return course


def access_session(user: User, session_id: object, write: bool = False) -> CourseSession:
    session = _one(CourseSession.objects.select_related("course"), session_id, "session")
    access_course(user, session.course_id, write=write)
    return session


def access_attendance(user: User, attendance_id: object, write: bool = False) -> Attendance:
    attendance = _one(Attendance.objects.select_related("session__course", "officer"),
                      attendance_id, "attendance")
    access_course(user, attendance.session.course_id, write=write)
    return attendance


def access_attendance_for_renewal(user: User, attendance_id: object) -> Attendance:
    """A judicial user who grants capacities confirms a renewal on a passed course."""
    require(user, Cap.CAPACITY_GRANT)
    return _one(Attendance.objects.select_related("session__course", "officer"),
                attendance_id, "attendance")


def training_officer(user: User, username: str) -> User:
    """An officer's own training record, or any officer's of the supervisor's agency (any
    agency's for oversight)."""
    require(user, Cap.TRAINING_READ)
    officer = User.objects.filter(username=username).select_related("agency").first()
    if officer is None:
        raise NotFound("no such officer")
    if officer.id == user.id or sees_every_agency(user) or user.can(Cap.CAPACITY_GRANT):
        return officer
    if user.can(Cap.CAMPAIGN_MANAGE) and officer.agency_id == user.agency_id:
        return officer
    raise NotFound("no such officer")


# ---- what agencies own: handovers and items -------------------------------------------------

def _require_handover_read(user: User) -> None:
    """Handovers name who handed weapons in (and their receipts print it): read by those
    who keep records, not by analysts, whose work is the campaign's counts."""
    require(user, Cap.CAMPAIGN_READ)
    require(user, Cap.RECORDS_READ)


def visible_handovers(user: User) -> QuerySet[Handover]:
    _require_handover_read(user)
    handovers = Handover.objects.select_related("campaign", "point", "officer", "person",
                                                "district")
    return _own_agency(user, handovers)


def access_handover(user: User, handover_id: object) -> Handover:
    return _one(visible_handovers(user), handover_id, "handover")


def visible_items(user: User) -> QuerySet[Item]:
    _require_handover_read(user)
    return _own_agency(user, Item.objects.select_related("handover"))


def access_item(user: User, item_id: object, write: bool = False) -> Item:
    item = _one(visible_items(user), item_id, "item")
    if write:
        require(user, Cap.HANDOVER_WRITE)
        if item.agency_id != user.agency_id:
            raise Forbidden("only the agency that holds the item records its custody")
    return item


def require_receipt_check(user: User) -> None:
    require(user, Cap.RECEIPT_VERIFY)


# ---- raids: need to know, strictly ----------------------------------------------------------

def _named_units(user: User) -> list[str]:
    return [str(u) for u in Unit.objects.filter(field_user=user).values_list("id", flat=True)]


def is_named(user: User, operation: Operation) -> bool:
    uid = str(user.id)
    return (operation.commander_id == user.id or uid in operation.members
            or any(u in operation.units for u in _named_units(user)))


def is_owning_supervisor(user: User, operation: Operation) -> bool:
    return user.can(Cap.CAMPAIGN_MANAGE) and user.agency_id == operation.owner_agency_id


def may_see_operation(user: User, operation: Operation) -> bool:
    if operation.status in SECRET_STATUSES:
        return is_named(user, operation) or is_owning_supervisor(user, operation)
    return (is_named(user, operation) or sees_every_agency(user)
            or user.agency_id == operation.owner_agency_id)


def visible_operations(user: User) -> QuerySet[Operation]:
    """What the user may see, in SQL where it can be: an ended operation of the user's
    agency, or any operation the user's agency owns as its supervisor; those the user is
    named on are added by ``operations_named``."""
    require(user, Cap.OPERATION_READ)
    operations = Operation.objects.select_related("campaign", "commander", "owner_agency")
    ended = ~Q(status__in=SECRET_STATUSES)
    if sees_every_agency(user):
        return operations.filter(ended)
    if user.agency_id is None:
        return operations.none()
    mine = Q(owner_agency_id=user.agency_id)
    if user.can(Cap.CAMPAIGN_MANAGE):
        return operations.filter(mine)
    return operations.filter(mine & ended)


def operations_list(user: User, limit: int = 200) -> list[Operation]:
    seen = {op.id: op for op in visible_operations(user).order_by("-planned_at")[:limit]}
    # Those the user is named on (as commander, member, or through a unit), secret or not:
    # JSON membership is checked in Python, over the few operations not yet seen.
    named = Operation.objects.select_related("campaign", "commander", "owner_agency").exclude(
        id__in=list(seen)).order_by("-planned_at")[:2000]
    for operation in named:
        if is_named(user, operation):
            seen[operation.id] = operation
    return sorted(seen.values(), key=lambda op: op.planned_at, reverse=True)[:limit]


def access_operation(user: User, operation_id: object, write: bool = False) -> Operation:
    require(user, Cap.OPERATION_READ)
    operation = Operation.objects.select_related("campaign", "commander", "owner_agency").filter(
        pk=as_uuid(operation_id)).first()
    if operation is None or not may_see_operation(user, operation):
        raise NotFound("no such operation")
    if write and not (is_owning_supervisor(user, operation)
                      or operation.commander_id == user.id):
        raise Forbidden("only its commander or a supervisor of its agency changes an "
                        "operation")
    return operation


def target_warrant(user: User, warrant_id: object) -> Warrant:
    """The warrant a raid's target is entered on, named by the id the prosecution gave: its
    planner (a supervisor, who does not read the person registry) reaches it for that, and
    the plan checks it is an issued search or seizure warrant; the operation shows only its
    reference."""
    require_manager(user)
    return _one(Warrant.objects.all(), warrant_id, "warrant")


def access_target(user: User, operation: Operation, target_id: object) -> OperationTarget:
    """Recording an outcome: the commander, a supervisor of the owning agency, or a person
    named on the operation."""
    if not (is_owning_supervisor(user, operation) or is_named(user, operation)):
        raise Forbidden("only those on the operation record its outcomes")
    if not (user.can(Cap.HANDOVER_WRITE) or user.can(Cap.CAMPAIGN_MANAGE)
            or operation.commander_id == user.id):
        raise Forbidden("a records officer, the commander or a supervisor records outcomes")
    return _one(operation.targets.all(), target_id, "target")
