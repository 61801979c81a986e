"""Who reads statistics, and whose incidents they count.

Analysts, supervisors and the inspector read statistics (Cap.STATS_READ). The operations
room, which serves the whole city, and oversight roles count every agency's incidents; any
other agency counts its own (the incidents it owns). Statistics are aggregates of places and
periods: they never return an incident, a caller or a person, so an analyst who may not read
who called still reads how many calls came.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from opsroom.accounts.access import sees_every_agency
from opsroom.accounts.models import AgencyKind, User
from opsroom.accounts.roles import Cap
from opsroom.core.access import as_uuid, require
from opsroom.core.errors import Forbidden, NotFound
from opsroom.incidents.models import Incident
from opsroom.stats.compstat import Scope
from opsroom.stats.models import Report


def access_scope(user: User) -> Scope:
    """The incidents ``user``'s statistics count (Forbidden without STATS_READ)."""
    require(user, Cap.STATS_READ)
    agency = user.agency
    if sees_every_agency(user) or (agency is not None
                                   and agency.kind == AgencyKind.OPERATIONS_ROOM):
        return city_scope()
    if agency is None:
        raise Forbidden("statistics are read by a user of an agency")
    return Scope(agency.id, agency.name_ar, agency.name_en)


def city_scope() -> Scope:
    return Scope(None, f"كل الجهات في {settings.CITY_NAME_AR}",
                 f"Every agency in {settings.CITY_NAME_EN}")


def require_report_maker(user: User) -> Scope:
    require(user, Cap.STATS_REPORT)
    return access_scope(user)


def scope_incidents(scope: Scope) -> QuerySet[Incident]:
    """The incidents a scope counts: read only to be counted, never returned."""
    incidents = Incident.objects.all()
    if scope.agency_id is not None:
        incidents = incidents.filter(owner_agency_id=scope.agency_id)
    return incidents


def visible_reports(user: User) -> QuerySet[Report]:
    """The reports of ``user``'s own scope: the room's, or the agency's."""
    scope = access_scope(user)
    reports = Report.objects.select_related("agency", "generated_by").defer("pdf")
    if scope.agency_id is None:
        return reports.filter(agency__isnull=True)
    return reports.filter(agency_id=scope.agency_id)


def access_report(user: User, report_id: object) -> Report:
    try:
        return visible_reports(user).defer(None).get(id=as_uuid(report_id))
    except Report.DoesNotExist:
        raise NotFound("no such report") from None
