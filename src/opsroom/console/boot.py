"""What a live page's script starts from: the records it draws, where its stream resumes,
and every word it writes, already translated (the script holds no user-facing text)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from opsroom.accounts.roles import Cap
from opsroom.casualties.models import Operator, Service
from opsroom.core.pages import live_page_basics
from opsroom.dispatch.access import visible_units
from opsroom.dispatch.models import UnitKind, UnitStatus
from opsroom.dispatch.serializers import unit_dict
from opsroom.geo.models import PlaceKind
from opsroom.incidents import queries
from opsroom.incidents.models import OPEN_STATUSES, Status
from opsroom.incidents.serializers import incident_dict, with_related

BOARD_LIMIT = 500


def words() -> dict[str, str]:
    return {
        "priority": _("Priority"), "number": _("Number"), "type": _("Type"),
        "status": _("Status"), "district": _("District"), "age": _("Waiting"),
        "units": _("Units"), "no_incidents": _("No open incidents."),
        "no_units": _("No units."), "connected": _("Live"),
        "reconnecting": _("Reconnecting…"), "assign": _("Assign"),
        "saved": _("Saved"), "error": _("Error"), "open": _("Open"),
        "incidents_layer": _("Incidents"), "units_layer": _("Units"),
        "districts_layer": _("Districts (approximate)"), "boundary_layer": _("City boundary"),
        "police_layer": _("Police and directorates"), "health_layer": _("Hospitals and clinics"),
        "other_layer": _("Other places"), "stale": _("position is stale"),
        "duplicate_warning": _("Possible duplicate: an open incident of a similar type nearby"),
        "metres": _("m"), "position_shared": _("Position shared"),
        "position_failed": _("The position could not be read"),
        "created": _("Incident created"), "call_sign": _("Call sign"),
        "location_set": _("Location set"), "incident": _("Incident"),
        "reload": _("The page is out of date; reloading"),
        "synced": _("Changes from another site arrived; reloading"),
        "approximate": _("approximate boundaries"),
        "roads_layer": _("Roads"), "synthetic_roads": _("Roads (synthetic demo network)"),
        "closures_layer": _("Closures and no-go areas"), "route_layer": _("Route"),
        "coverage_layer": _("Coverage (minutes to the nearest unit)"), "route": _("Route"),
        "min": _("min"), "km": _("km"),
        "move_up": _("Move-up suggested"),
        "custody_alarm": _("Custody alarm"), "wanted": _("WANTED"),
        "not_wanted": _("Not wanted"), "reference": _("Warrant"), "caution": _("Caution"),
        "possible": _("possible match: confirm with the operations room"),
        # The outage layer (opsroom.casualties): districts cut off, for who reads outages.
        "outages_layer": _("Telecommunications outages"),
        "outages_legend": _("District cut off: an ongoing, confirmed telecommunications "
                            "outage"),
        "outage_since": _("since"), "outage_down": _("down"),
    }


def labels() -> dict[str, dict[str, str]]:
    return {
        "incident_status": {value: str(label) for value, label in Status.choices},
        "unit_status": {value: str(label) for value, label in UnitStatus.choices},
        "unit_kind": {value: str(label) for value, label in UnitKind.choices},
        "place_kind": {value: str(label) for value, label in PlaceKind.choices},
        "operator": {value: str(label) for value, label in Operator.choices},
        "service": {value: str(label) for value, label in Service.choices},
    }


def page_boot(user: Any, seq: int, *, incidents: bool = True, units: bool = True) -> dict[str, Any]:
    """The JSON a live page starts from. ``seq`` is read before the records, so any change
    made meanwhile is replayed by the stream (the script applies each version once)."""
    boot: dict[str, Any] = {
        **live_page_basics(user, seq),
        "incident_url": reverse("console:incident", args=["00000000-0000-0000-0000-000000000000"]),
        "panel_url": reverse("console:panel", args=["00000000-0000-0000-0000-000000000000"]),
        "basemap": reverse("console:basemap"),
        "roads": reverse("console:roads_map"),
        "may_dispatch": user.can(Cap.DISPATCH),
        "may_update": user.can(Cap.INCIDENT_UPDATE),
        "may_move_units": user.can(Cap.UNIT_UPDATE),
        # Closures and coverage are read with the units (a protection officer reads neither).
        "may_read_units": user.can(Cap.UNIT_READ),
        # The board's outage layer, for who reads the outage log.
        "outages_map": reverse("api:outage_map") if user.can(Cap.OUTAGE_READ) else None,
        "agency": user.agency.code if user.agency_id else None,
        "words": words(),
        "labels": labels(),
        "incidents": [],
        "units": [],
    }
    if incidents and user.can(Cap.INCIDENT_READ):
        rows = queries.filtered_incidents(user, status=list(OPEN_STATUSES))
        rows = with_related(rows.order_by("priority", "received_at"))[:BOARD_LIMIT]
        boot["incidents"] = [_without_caller(incident_dict(incident)) for incident in rows]
    if units and user.can(Cap.UNIT_READ):
        boot["units"] = [
            unit_dict(unit)
            for unit in visible_units(user).order_by("agency__code", "call_sign")
        ]
    return boot


def _without_caller(body: dict[str, Any]) -> dict[str, Any]:
    body.pop("caller", None)
    return body
