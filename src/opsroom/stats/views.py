"""The weekly CompStat report as a PDF, and the console's statistics pages."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from opsroom.accounts.auth import BearerToken
from opsroom.accounts.roles import Cap
from opsroom.core.errors import InvalidInput, NotFound, OpsError
from opsroom.stats import actions
from opsroom.stats.access import access_scope
from opsroom.stats.queries import today
from opsroom.stats.windows import last_full_week, week_period


def _report_user(request: HttpRequest) -> Any:
    """The console's session, or an API token (the directorate's script fetches it)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return BearerToken().authenticate(request, header[7:].strip())
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    """GET /reports/compstat.pdf?week=YYYY-Www&lang=ar|en: the kept report of the user's
    scope; made now (and kept) if there is none yet and the user may make reports."""
    try:
        user = _report_user(request)
        if user is None:
            return HttpResponse("sign in first", status=401, content_type="text/plain")
        scope = access_scope(user)
        lang = request.GET.get("lang", "ar")
        if lang not in ("ar", "en"):
            raise InvalidInput("ar or en", field="lang")
        week = request.GET.get("week") or last_full_week(today())
        week_period(week)
        report = actions.latest_report(week, lang, scope)
        if report is None:
            if not user.can(Cap.STATS_REPORT):
                raise NotFound("this week's report has not been made yet")
            report = actions.do_make_report(user, week, lang, scope)
    except OpsError as error:
        return HttpResponse(json.dumps(error.as_dict()), status=error.status,
                            content_type="application/json")
    reply = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    reply["Content-Disposition"] = f'inline; filename="compstat-{week}-{lang}.pdf"'
    reply["ETag"] = f'"{report.sha256}"'
    return reply


# ---- the console's pages -------------------------------------------------------------------
