"""The only permissioned fetches. Every endpoint and page reaches records through these.

Rules: a role's capabilities (opsroom.accounts.roles) say *what* a user may do; agency
ownership says *which* records. Another agency's record answers NotFound exactly like a
record that does not exist, so nothing leaks. The inspector reads every agency, writes none.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import QuerySet

from opsroom.accounts.roles import Cap
from opsroom.core.errors import Forbidden, NotFound

if TYPE_CHECKING:
    from opsroom.accounts.models import User
    from opsroom.dispatch.models import Unit
    from opsroom.incidents.models import Incident


def require(user: User, cap: Cap) -> None:
    if not user.can(cap):
        raise Forbidden(f"your role may not do this ({cap})")


def _as_uuid(value: object) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise NotFound("no such record") from None


def visible_incidents(user: User) -> QuerySet[Incident]:
    from opsroom.incidents.models import Incident

    require(user, Cap.INCIDENT_READ)
    incidents = Incident.objects.select_related("type", "district", "owner_agency")
    if user.can(Cap.READ_ALL_AGENCIES):
        return incidents
    return incidents.filter(owner_agency_id=user.agency_id)


def access_incident(
    user: User, incident_id: object, write: bool = False, cap: Cap = Cap.INCIDENT_UPDATE
) -> Incident:
    """Fetch one incident for ``user``; with ``write`` also check ``cap`` and ownership."""
    from opsroom.incidents.models import Incident

    try:
        incident = visible_incidents(user).get(id=_as_uuid(incident_id))
    except Incident.DoesNotExist:
        raise NotFound("no such incident") from None
    if write:
        require(user, cap)
        if incident.owner_agency_id != user.agency_id:
            raise NotFound("no such incident")
    return incident


def can_see_caller(user: User) -> bool:
    return user.can(Cap.CALLER_READ)


def visible_units(user: User) -> QuerySet[Unit]:
    from opsroom.dispatch.models import Unit

    require(user, Cap.UNIT_READ)
    units = Unit.objects.select_related("agency", "district")
    if user.can(Cap.READ_ALL_AGENCIES):
        return units
    return units.filter(agency_id=user.agency_id) if user.agency_id else units.none()


def access_unit(user: User, unit_id: object, write: bool = False) -> Unit:
    """Fetch one unit; a field unit may write only the unit it reports for."""
    from opsroom.dispatch.models import Unit

    try:
        unit = visible_units(user).get(id=_as_uuid(unit_id))
    except Unit.DoesNotExist:
        raise NotFound("no such unit") from None
    if write:
        if unit.agency_id != user.agency_id:
            raise NotFound("no such unit")
        if user.can(Cap.UNIT_UPDATE):
            return unit
        if user.can(Cap.UNIT_SELF_UPDATE) and unit.field_user_id == user.id:
            return unit
        raise Forbidden("your role may not change this unit")
    return unit


def dispatch_candidate_rows(
    user: User, incident: Incident, stale_before: datetime, include_en_route: bool
) -> list[tuple[Any, ...]]:
    """Units that could be sent to ``incident``, as plain rows: (id, lat, lon, capabilities,
    fresh, home_lat, home_lon, status, current incident number).

    The same rule as visible_units (own agency, or every agency for oversight roles),
    narrowed to the incident's agency, units with a position, and those available (or,
    with ``include_en_route``, heading to an incident of lower priority). Written in SQL:
    run for every recommendation over hundreds of units, the ORM's query building and row
    conversion cost more than the road search itself.
    """
    from opsroom.dispatch.models import Unit, UnitStatus
    from opsroom.incidents.models import Incident as IncidentModel

    require(user, Cap.UNIT_READ)
    if not user.can(Cap.READ_ALL_AGENCIES) and user.agency_id != incident.owner_agency_id:
        return []
    unit, inc = Unit._meta.db_table, IncidentModel._meta.db_table
    status_sql = "u.status = %s"
    params: list[Any] = [connection.ops.adapt_datetimefield_value(stale_before),
                         UnitStatus.AVAILABLE]
    if include_en_route:
        status_sql = f"({status_sql} OR (u.status IN (%s, %s) AND i.priority > %s))"
        params += [UnitStatus.DISPATCHED, UnitStatus.EN_ROUTE, incident.priority]
    agency_field = Unit._meta.get_field("agency").target_field
    params.append(agency_field.get_db_prep_value(incident.owner_agency_id, connection))
    sql = (
        "SELECT u.id, u.lat, u.lon, u.capabilities, "
        "CASE WHEN u.position_at >= %s THEN 1 ELSE 0 END, u.home_lat, u.home_lon, u.status, "
        f"i.number FROM {unit} u LEFT JOIN {inc} i ON i.id = u.current_incident_id "
        f"WHERE {status_sql} AND u.agency_id = %s AND u.lat IS NOT NULL AND u.lon IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def access_dispatch(user: User, incident_id: object) -> Incident:
    """The incident a dispatcher recommends units for or assigns units to."""
    return access_incident(user, incident_id, write=True, cap=Cap.DISPATCH)


# What each kind of live event needs: the same capability as reading the record itself.
_STREAM_CAPS = {"incident": Cap.INCIDENT_READ, "unit": Cap.UNIT_READ, "closure": Cap.UNIT_READ,
                "audit_anchor": Cap.AUDIT_READ, "site": Cap.SITES_READ,
                "sync": Cap.INCIDENT_READ}
# Kinds every agency receives: a closed road or no-go area changes everyone's routes;
# the audit chain's anchors belong to no agency; a site cut off or back, and "many changes
# arrived, reload" carry no record.
_SHARED_KINDS = frozenset({"closure", "audit_anchor", "site", "sync"})


def require_stream(user: User) -> None:
    """A live stream is for users who may receive at least one kind of event."""
    if not any(user.can(cap) for cap in _STREAM_CAPS.values()):
        raise Forbidden("your role receives no live changes")


def stream_filter(user: User) -> Callable[[str, str | None], bool]:
    """Whether ``user`` may receive a live event of ``kind`` owned by ``agency_id``.

    The same rule as visible_incidents/visible_units, decided once per stream so that each
    event costs a set lookup: own agency's records, or every agency's for oversight roles.
    """
    kinds = frozenset(kind for kind, cap in _STREAM_CAPS.items() if user.can(cap))
    every_agency = user.can(Cap.READ_ALL_AGENCIES)
    own = str(user.agency_id) if user.agency_id else None

    def allowed(kind: str, agency_id: str | None) -> bool:
        if kind not in kinds:
            return False
        return every_agency or kind in _SHARED_KINDS or (own is not None and agency_id == own)

    return allowed
