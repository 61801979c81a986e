"""Permissioned fetches of incidents. Every endpoint and page reaches incidents through
these, and they are tested for every role against every agency (tests/security)."""

from __future__ import annotations

from django.db.models import QuerySet

from opsroom.accounts.access import owned_by_users_agency
from opsroom.accounts.models import User
from opsroom.accounts.roles import Cap
from opsroom.core.access import as_uuid, require
from opsroom.core.errors import Forbidden, NotFound
from opsroom.incidents import hooks
from opsroom.incidents.models import Incident


def visible_incidents(user: User) -> QuerySet[Incident]:
    require(user, Cap.INCIDENT_READ)
    incidents = Incident.objects.select_related("type", "district", "owner_agency")
    return owned_by_users_agency(user, incidents, "owner_agency_id")


def access_incident(
    user: User, incident_id: object, write: bool = False, cap: str = Cap.INCIDENT_UPDATE
) -> Incident:
    """Fetch one incident for ``user``; with ``write`` also check ``cap`` and ownership
    (the inspector reads every agency's incidents and changes none)."""
    try:
        incident = visible_incidents(user).get(id=as_uuid(incident_id))
    except Incident.DoesNotExist:
        raise NotFound("no such incident") from None
    if write:
        require(user, cap)
        if incident.owner_agency_id != user.agency_id:
            raise NotFound("no such incident")
    return incident


def can_see_caller(user: User) -> bool:
    return bool(user.can(Cap.CALLER_READ))


def access_incident_for_note(user: User, incident_id: object) -> Incident:
    """The incident a user adds a note to: any of the agency's, for the roles that keep
    them; for a field unit, only those its own unit is or was sent to (a report from the
    scene, never a remark on another crew's incident)."""
    incident = access_incident(user, incident_id)
    if not (user.can(Cap.INCIDENT_NOTE) or user.can(Cap.INCIDENT_NOTE_ASSIGNED)):
        require(user, Cap.INCIDENT_NOTE)
    if incident.owner_agency_id != user.agency_id:
        raise NotFound("no such incident")
    if not user.can(Cap.INCIDENT_NOTE) and not hooks.serves(user, incident):
        raise Forbidden("your unit was not sent to this incident")
    return incident
