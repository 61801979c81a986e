"""Console pages. Thin: reads come through the access functions, writes through actions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from opsroom.accounts.actions import do_set_language
from opsroom.accounts.roles import Cap
from opsroom.core.access import access_incident, visible_units
from opsroom.core.errors import Forbidden, NotFound
from opsroom.incidents import queries
from opsroom.incidents.models import OPEN_STATUSES
from opsroom.incidents.serializers import with_active_units


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if request.user.is_authenticated:
        do_set_language(request.user, language)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("console:board")
    response = HttpResponseRedirect(target)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax",
                        max_age=365 * 24 * 3600)
    return response


@require_GET
@login_required
def board(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    context: dict[str, Any] = {"incidents": [], "units": []}
    if user.can(Cap.INCIDENT_READ):
        incidents = queries.filtered_incidents(user, status=list(OPEN_STATUSES))
        context["incidents"] = with_active_units(incidents.order_by("priority", "received_at"))[
            :200
        ]
    if user.can(Cap.UNIT_READ):
        context["units"] = visible_units(user).order_by("agency__code", "call_sign")
    return render(request, "console/board.html", context)


@require_GET
@login_required
def incident_detail(request: HttpRequest, incident_id: Any) -> HttpResponse:
    user: Any = request.user
    try:
        incident = access_incident(user, incident_id)
    except NotFound:
        raise Http404 from None
    except Forbidden as exc:  # the role may not read incidents at all
        raise PermissionDenied(exc.message) from None
    purpose = request.GET.get("purpose", "").strip()[:300]
    caller = queries.caller_details(user, incident, purpose) if purpose else None
    return render(
        request,
        "console/incident.html",
        {
            "incident": incident,
            "timeline": queries.timeline(incident),
            "caller": caller,
            "may_see_caller": user.can(Cap.CALLER_READ),
            "purpose": purpose,
        },
    )
