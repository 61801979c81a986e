"""Reads for incidents, always starting from the access functions."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from opsroom.accounts.models import User
from opsroom.accounts.proof import Proof
from opsroom.audit.actions import do_audit
from opsroom.core.clock import now
from opsroom.core.errors import InvalidInput
from opsroom.geo.measure import haversine_m
from opsroom.incidents.access import can_see_caller, visible_incidents
from opsroom.incidents.models import OPEN_STATUSES, Incident, IncidentEvent, IncidentType


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
    """The incident's own events and those of the duplicates merged into it, in the order of
    their hybrid logical clocks, then the site that wrote them (docs/sync.md): the same order
    at every site, whatever order the events arrived in after a partition. (Events never
    change once written, so a row's clock is the clock it was written with.)"""
    family = merged_family(incident)
    return list(
        IncidentEvent.objects.filter(incident__in=family)
        .select_related("actor", "incident")
        .order_by("hlc", "origin_site", "id")
    )


def caller_details(user: User, incident: Incident, purpose: str, proof: Proof
                   ) -> dict[str, str] | None:
    """Caller name and number for roles that need them, only with a stated purpose (at
    least 3 characters) and a recent proof of who is asking (opsroom.accounts.proof): every
    such read is audited with its purpose. The one way to a caller's details."""
    if not can_see_caller(user) or len(purpose.strip()) < 3:
        return None
    proof.require()
    if incident.caller_name or incident.caller_phone:
        do_audit(user, "incident.caller.read", "incident", incident.id, purpose=purpose)
    return {"name": incident.caller_name, "phone": incident.caller_phone}


DUPLICATE_RADIUS_M = 400.0
DUPLICATE_WINDOW = timedelta(minutes=30)


def possible_duplicates(
    user: User, type_code: str, lat: float, lon: float,
    radius_m: float = DUPLICATE_RADIUS_M, window: timedelta = DUPLICATE_WINDOW,
) -> list[tuple[Incident, float]]:
    """Open incidents a new call may be repeating: a similar type (the same type, or the same
    CAP category), within ``radius_m`` metres and received within ``window``. Nearest first.
    """
    category = (
        IncidentType.objects.filter(code=type_code).values_list("cap_category", flat=True).first()
    )
    if category is None:
        raise InvalidInput("unknown incident type", field="type")
    similar = Q(type_id=type_code)
    if category:
        similar |= Q(type__cap_category=category)
    # A bounding box first (1° of latitude ≈ 111 km), then the exact distance.
    dlat = radius_m / 111_000
    dlon = radius_m / (111_000 * max(0.1, math.cos(math.radians(lat))))
    nearby = visible_incidents(user).filter(
        similar, status__in=OPEN_STATUSES, received_at__gte=now() - window,
        lat__range=(lat - dlat, lat + dlat), lon__range=(lon - dlon, lon + dlon),
    )
    found = []
    for incident in nearby:
        assert incident.lat is not None and incident.lon is not None
        distance = haversine_m(lat, lon, incident.lat, incident.lon)
        if distance <= radius_m:
            found.append((incident, distance))
    return sorted(found, key=lambda pair: pair[1])
