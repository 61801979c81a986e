"""Reads for incidents, always starting from the access functions."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from opsroom.accounts.models import User
from opsroom.audit.actions import do_audit
from opsroom.core.access import can_see_caller, visible_incidents
from opsroom.incidents.models import Incident, IncidentEvent


def filtered_incidents(
    user: User,
    *,
    status: list[str] | None = None,
    type_code: str | None = None,
    priority: int | None = None,
    district: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    q: str | None = None,
) -> QuerySet[Incident]:
    incidents = visible_incidents(user)
    if status:
        incidents = incidents.filter(status__in=status)
    if type_code:
        incidents = incidents.filter(type_id=type_code)
    if priority:
        incidents = incidents.filter(priority=priority)
    if district:
        incidents = incidents.filter(Q(district__code=district) | Q(district__id__iexact=district))
    if since:
        incidents = incidents.filter(received_at__gte=since)
    if until:
        incidents = incidents.filter(received_at__lt=until)
    if q:
        incidents = incidents.filter(
            Q(number__icontains=q) | Q(address__icontains=q) | Q(description__icontains=q)
        )
    return incidents


def merged_family(incident: Incident) -> list[Incident]:
    """The incident and every incident merged into it, however deep."""
    family, frontier = [incident], [incident.id]
    while frontier:
        children = list(Incident.objects.filter(merged_into_id__in=frontier))
        family.extend(children)
        frontier = [child.id for child in children]
    return family


def timeline(incident: Incident) -> list[IncidentEvent]:
    """The incident's own events and those of the duplicates merged into it, in time order."""
    family = merged_family(incident)
    return list(
        IncidentEvent.objects.filter(incident__in=family)
        .select_related("actor", "incident")
        .order_by("at", "id")
    )


def caller_details(user: User, incident: Incident, purpose: str = "") -> dict[str, str] | None:
    """Caller name and number for roles that need them; every such read is audited."""
    if not can_see_caller(user):
        return None
    if incident.caller_name or incident.caller_phone:
        do_audit(user, "incident.caller.read", "incident", incident.id, purpose=purpose)
    return {"name": incident.caller_name, "phone": incident.caller_phone}
