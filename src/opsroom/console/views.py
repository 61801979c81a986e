"""Console pages. Thin: reads come through the access functions; the pages' buttons and
forms write through the JSON API (the same validation and actions an integration gets)."""

from __future__ import annotations

import gzip
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from opsroom.accounts.actions import do_set_digits, do_set_language
from opsroom.accounts.proof import proof_of
from opsroom.accounts.roles import Cap, Role
from opsroom.audit.queries import access_report, activity_report, privilege_report
from opsroom.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from opsroom.core.feed import current_seq
from opsroom.core.pages import read_or_403
from opsroom.dispatch.access import access_dispatch, visible_units
from opsroom.dispatch.models import Unit, UnitStatus
from opsroom.dispatch.queries import recommend_units
from opsroom.geo.measure import bearing_deg, haversine_m
from opsroom.geo.models import CityBoundary, Place
from opsroom.geo.queries import districts_feature_collection, search_places
from opsroom.incidents import queries
from opsroom.incidents.access import access_incident
from opsroom.incidents.hooks import serves
from opsroom.incidents.lifecycle import REQUESTABLE, can_transition
from opsroom.incidents.models import OPEN_STATUSES, Incident, Status
from opsroom.incidents.reference import active_incident_types
from opsroom.incidents.serializers import with_related
from opsroom.roads.queries import active_network, network_lines_gzip
from opsroom.sync.actions import do_settle_refused
from opsroom.sync.models import SettleDecision, SiteRole
from opsroom.sync.queries import (
    problem_counts,
    refused_changes,
    silent_sites,
    unsettled_count,
    visible_site_health,
)

from .boot import page_boot


def _back(request: HttpRequest) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("console:board")
    return HttpResponseRedirect(target)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if request.user.is_authenticated:
        do_set_language(request.user, language)
    response = _back(request)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax",
                        max_age=365 * 24 * 3600)
    return response


@require_POST
@login_required
def set_digits(request: HttpRequest) -> HttpResponse:
    do_set_digits(request.user, request.POST.get("digits") == "arab")  # type: ignore[arg-type]
    return _back(request)


def _home_for(user: Any) -> str:
    if user.role == Role.FIELD_UNIT:
        return reverse("console:field")
    if not user.can(Cap.INCIDENT_READ) and user.can(Cap.PERSON_READ):
        return reverse("records:persons")  # a prosecutor's or a judge's day starts here
    if user.can(Cap.HARM_WRITE) or user.can(Cap.HARM_SHARED):
        return reverse("casualties:list")  # a protection officer's, or a monitor's
    if user.role == Role.ANALYST:
        return reverse("stats:compstat")  # an analyst's day starts on the statistics
    return reverse("console:board")


@require_GET
@login_required
def board(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if _home_for(user) != reverse("console:board"):
        return HttpResponseRedirect(_home_for(user))
    seq = current_seq()
    return render(request, "console/board.html", {"boot": page_boot(user, seq)})


@require_GET
@login_required
def wall(request: HttpRequest) -> HttpResponse:
    """Map and queue, full screen, for a screen on the wall: no controls."""
    user: Any = request.user
    seq = current_seq()
    return render(request, "console/wall.html", {"boot": page_boot(user, seq)})


@require_GET
@login_required
def units(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.can(Cap.UNIT_READ):
        raise PermissionDenied
    seq = current_seq()
    return render(request, "console/units.html", {
        "boot": page_boot(user, seq, incidents=False),
        "unit_statuses": UnitStatus.choices,
    })


@require_GET
@login_required
def new_incident(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.can(Cap.INCIDENT_CREATE):
        raise PermissionDenied
    seq = current_seq()
    types = sorted(active_incident_types().values(), key=lambda t: (t.default_priority, t.code))
    return render(request, "console/new_incident.html", {
        "boot": page_boot(user, seq, units=False),
        "types": types,
        "priorities": [1, 2, 3, 4],
    })


@require_GET
@login_required
def place_search(request: HttpRequest) -> HttpResponse:
    """The gazetteer's answers as a list of buttons, for the new-incident form (htmx)."""
    query = request.GET.get("q", "").strip()[:100]
    hits = search_places(query, limit=8) if len(query) >= 2 else []
    return render(request, "console/_place_results.html", {"hits": hits, "query": query})


@require_GET
@login_required
def basemap(request: HttpRequest) -> HttpResponse:
    """The map's own basemap: city boundary, districts and places, from the project's data."""
    features: list[dict[str, Any]] = []
    for boundary in CityBoundary.objects.all():
        features.append({"type": "Feature", "geometry": boundary.geometry, "properties": {
            "layer": "boundary", "name_ar": boundary.name_ar, "name_en": boundary.name_en}})
    for feature in districts_feature_collection()["features"]:
        feature["properties"]["layer"] = "district"
        features.append(feature)
    for place in Place.objects.exclude(kind__in=["suburb", "neighbourhood", "hamlet"]):
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {"layer": "place", "kind": place.kind, "code": place.code,
                           "name_ar": place.name_ar, "name_en": place.name_en},
        })
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
@login_required
def roads_map(request: HttpRequest) -> HttpResponse:
    """The active road network as GeoJSON lines for the map (gzip when the browser takes it);
    204 when none is loaded (not an error: the map simply has no roads)."""
    loaded = active_network()
    if loaded is None:
        return HttpResponse(status=204)
    data = network_lines_gzip(loaded)
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(data, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(data), content_type="application/json")
    response["Cache-Control"] = "private, max-age=3600"
    response["Vary"] = "Accept-Encoding"
    return response


def _readable_incident(user: Any, incident_id: Any) -> Incident:
    try:
        return access_incident(user, incident_id)
    except NotFound:
        raise Http404 from None
    except Forbidden as exc:  # the role may not read incidents at all
        raise PermissionDenied(exc.message) from None


def _incident_context(user: Any, incident: Incident) -> dict[str, Any]:
    incident = with_related(Incident.objects.filter(id=incident.id)).select_related(
        "type", "district", "owner_agency").get()
    own = incident.owner_agency_id == user.agency_id
    statuses = [
        (value, label) for value, label in Status.choices
        if value in REQUESTABLE and can_transition(incident.status, value)
    ]
    recommendations: list[Any] = []
    if own and user.can(Cap.DISPATCH) and incident.status in OPEN_STATUSES:
        recommendations = recommend_units(user, access_dispatch(user, incident.id), 5)
    return {
        "incident": incident,
        "may_update": own and user.can(Cap.INCIDENT_UPDATE),
        "may_note": own and (user.can(Cap.INCIDENT_NOTE) or (
            user.can(Cap.INCIDENT_NOTE_ASSIGNED) and serves(user, incident))),
        "may_dispatch": own and user.can(Cap.DISPATCH),
        "statuses": statuses,
        "recommendations": recommendations,
        "is_open": incident.status in OPEN_STATUSES,
    }


@require_GET
@login_required
def incident_detail(request: HttpRequest, incident_id: Any) -> HttpResponse:
    user: Any = request.user
    incident = _readable_incident(user, incident_id)
    purpose = request.GET.get("purpose", "").strip()[:300]
    proof = proof_of(request)
    if purpose and user.can(Cap.CALLER_READ) and not proof.fresh:
        # A caller's details are sensitive: prove it is still you first.
        return HttpResponseRedirect(
            f"{reverse('console:confirm')}?next={quote(request.get_full_path())}")
    caller = queries.caller_details(user, incident, purpose, proof) if purpose else None
    context = _incident_context(user, incident)
    context.update({
        "boot": page_boot(user, current_seq(), incidents=False, units=False),
        "timeline": queries.timeline(incident),
        "caller": caller,
        "may_see_caller": user.can(Cap.CALLER_READ),
        "purpose": purpose,
        "merge_candidates": _merge_candidates(user, incident) if context["may_update"] else [],
    })
    return render(request, "console/incident.html", context)


def _merge_candidates(user: Any, incident: Incident) -> list[tuple[Incident, float]]:
    """Open incidents this one may duplicate: similar type, within 3 km and 12 hours."""
    if incident.status not in OPEN_STATUSES or incident.lat is None or incident.lon is None:
        return []
    found = queries.possible_duplicates(
        user, incident.type_id, incident.lat, incident.lon, radius_m=3000,
        window=timedelta(hours=12),
    )
    return [(other, distance) for other, distance in found if other.id != incident.id][:20]


@require_GET
@login_required
def incident_panel(request: HttpRequest, incident_id: Any) -> HttpResponse:
    """The board's side panel for the selected incident: facts, actions, recommended units."""
    user: Any = request.user
    incident = _readable_incident(user, incident_id)
    context = _incident_context(user, incident)
    context["timeline"] = queries.timeline(incident)[-5:]
    return render(request, "console/_incident_panel.html", context)


def _bearing_words(degrees: float) -> str:
    names = [_("north"), _("north-east"), _("east"), _("south-east"), _("south"),
             _("south-west"), _("west"), _("north-west")]
    return names[round(degrees / 45) % 8]


@require_GET
@login_required
def field(request: HttpRequest) -> HttpResponse:
    """A field unit's phone: its status, its incident and the way there, notes, position."""
    user: Any = request.user
    unit: Unit | None = None
    if user.can(Cap.UNIT_READ):
        unit = visible_units(user).filter(field_user=user).first()
    incident = None
    directions = None
    if unit and unit.current_incident_id:
        try:
            incident = access_incident(user, unit.current_incident_id)
        except (NotFound, Forbidden):
            incident = None
    if unit and incident and incident.lat is not None and unit.lat is not None:
        assert incident.lon is not None and unit.lon is not None
        distance = haversine_m(unit.lat, unit.lon, incident.lat, incident.lon)
        bearing = bearing_deg(unit.lat, unit.lon, incident.lat, incident.lon)
        directions = {"distance_km": round(distance / 1000, 1), "bearing": round(bearing),
                      "heading": _bearing_words(bearing)}
    seq = current_seq()
    return render(request, "console/field.html", {
        "boot": page_boot(user, seq, incidents=False, units=False),
        "unit": unit,
        "incident": incident,
        "directions": directions,
        "unit_statuses": [(v, label) for v, label in UnitStatus.choices
                           if v not in ("dispatched", "on_operation")],
    })


def _when(request: HttpRequest, name: str) -> datetime:
    try:
        value = datetime.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        raise InvalidInput("a date and time", field=name) from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


@require_GET
@login_required
def audit_reports(request: HttpRequest) -> HttpResponse:
    """The inspector's access reports: who viewed or changed a record; what a user did."""
    user: Any = request.user
    if not user.can(Cap.AUDIT_READ):
        raise PermissionDenied
    report = request.GET.get("report", "")
    rows: list[dict[str, Any]] | None = None
    error = ""
    try:
        if report == "object":
            rows = access_report(user, request.GET.get("kind", "incident")[:32],
                                 request.GET.get("id", "").strip()[:64],
                                 request.GET.get("purpose", "")[:300])
        elif report == "user":
            rows = activity_report(user, request.GET.get("username", "").strip()[:150],
                                   _when(request, "since"), _when(request, "until"),
                                   request.GET.get("purpose", "")[:300])
        elif report == "privileges":
            rows = privilege_report(user, _when(request, "since"), _when(request, "until"),
                                    request.GET.get("purpose", "")[:300])
    except InvalidInput as exc:
        error = f"{exc.field}: {exc.message}" if exc.field else exc.message
    return render(request, "console/audit.html", {
        "report": report, "rows": rows, "error": error, "q": request.GET,
        "kinds": ["incident", "unit", "user", "road_closure", "api_token", "login"],
    }, status=422 if error else 200)


def _sites_context(request: HttpRequest) -> dict[str, Any]:
    roles = dict(SiteRole.choices)
    rows = []
    for health in read_or_403(visible_site_health, request.user):
        row = health.as_dict()
        row["role_label"] = roles.get(health.role, health.role)
        row["lag_display"] = _duration(health.lag_s) if health.lag_s is not None else ""
        rows.append(row)
    return {"sites": rows, "problems": problem_counts(),
            "silent_minutes": f"{settings.SYNC_SILENT_MINUTES:g}"}


def _duration(seconds: float) -> str:
    if seconds < 90:
        return gettext("%(seconds).0f s") % {"seconds": seconds}
    if seconds < 5400:
        return gettext("%(minutes).0f min") % {"minutes": seconds / 60}
    return gettext("%(hours).1f h") % {"hours": seconds / 3600}




@require_GET
@login_required
def sites(request: HttpRequest) -> HttpResponse:
    """Every site's sync state: last contact, what waits to be sent, replication lag."""
    return render(request, "console/sites.html", _sites_context(request))


def _refused_page(request: HttpRequest, status: int = 200, **extra: Any) -> HttpResponse:
    labels = dict(SettleDecision.choices)
    rows = read_or_403(refused_changes, request.user)
    for row in rows:
        row["choices"] = [(option, labels[option]) for option in row["options"]]
        clash = row["clash"]
        row["rename_label"] = (clash["labels"][clash["fields"].index(row["rename_field"])]
                               if clash and row["rename_field"] in clash["fields"] else "")
    return render(request, "console/refused.html", {"rows": rows, **extra}, status=status)


@require_GET
@login_required
def refused(request: HttpRequest) -> HttpResponse:
    """The changes a partition left refused, each beside the record it clashed with."""
    return _refused_page(request, settled=request.GET.get("settled", ""))


@require_POST
@login_required
def settle_refused(request: HttpRequest, refused_id: int) -> HttpResponse:
    try:
        do_settle_refused(request.user, refused_id, request.POST.get("decision", ""),
                          request.POST.get("reason", ""),
                          request.POST.get("rename_to") or None)
    except Forbidden:
        raise PermissionDenied from None
    except NotFound:
        raise Http404 from None
    except (InvalidInput, Conflict) as exc:
        return _refused_page(request, status=exc.status, error=exc.message,
                             error_field=exc.field or "", error_id=refused_id,
                             posted=request.POST)
    return HttpResponseRedirect(f"{reverse('console:refused')}?settled={refused_id}")


@require_GET
@login_required
def sites_table(request: HttpRequest) -> HttpResponse:
    return render(request, "console/_sites_table.html", _sites_context(request))


@require_GET
@login_required
def sites_alert(request: HttpRequest) -> HttpResponse:
    """The board's banner naming the sites gone silent (empty when none is)."""
    return render(request, "console/_sites_alert.html",
                  {"silent": read_or_403(silent_sites, request.user),
                   "refused": read_or_403(unsettled_count, request.user)})
