"""Permissioned fetches of units. Every endpoint and page reaches units through these."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from opsroom.accounts.access import device_only, owned_by_users_agency, sees_every_agency
from opsroom.accounts.models import User
from opsroom.accounts.roles import Cap
from opsroom.core.access import as_uuid, require
from opsroom.core.errors import Forbidden, NotFound
from opsroom.dispatch.models import Assignment, Unit, UnitStatus
from opsroom.incidents.access import access_incident
from opsroom.incidents.models import Incident


def visible_units(user: User) -> QuerySet[Unit]:
    require(user, Cap.UNIT_READ)
    units = owned_by_users_agency(user, Unit.objects.select_related("agency", "district"),
                                  "agency_id")
    return units.filter(field_user_id=user.id) if device_only(user) else units


def access_unit(user: User, unit_id: object, write: bool = False) -> Unit:
    """Fetch one unit; a field unit may write only the unit it reports for."""
    try:
        unit = visible_units(user).get(id=as_uuid(unit_id))
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


def access_dispatch(user: User, incident_id: object) -> Incident:
    """The incident a dispatcher recommends units for or assigns units to."""
    return access_incident(user, incident_id, write=True, cap=Cap.DISPATCH)


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
    require(user, Cap.UNIT_READ)
    if not sees_every_agency(user) and user.agency_id != incident.owner_agency_id:
        return []
    unit, inc = Unit._meta.db_table, Incident._meta.db_table
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


def unit_was_sent_to(user: User, incident: Incident) -> bool:
    """Registered with opsroom.incidents.hooks: the user reports for a unit that is or was
    assigned to the incident."""
    return Assignment.objects.filter(incident=incident, unit__field_user=user).exists()
