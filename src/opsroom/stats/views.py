"""The weekly CompStat report as a PDF, and the console's statistics pages."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models.functions import Length
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from opsroom.accounts.auth import session_or_token_user
from opsroom.accounts.roles import Cap
from opsroom.core.clock import now, to_city_time
from opsroom.core.errors import InvalidInput, NotFound, OpsError
from opsroom.core.feed import current_seq
from opsroom.core.pages import live_page_basics, read_or_403
from opsroom.geo.models import District
from opsroom.incidents.registry import TYPE_GROUPS
from opsroom.stats import actions, charts, queries
from opsroom.stats import compstat as compstat_module
from opsroom.stats import responsetimes as responsetimes_module
from opsroom.stats.access import access_scope, visible_reports
from opsroom.stats.compstat import Filters, Scope
from opsroom.stats.queries import today
from opsroom.stats.schemas import MAX_SPAN_DAYS
from opsroom.stats.windows import (
    WINDOWS,
    Period,
    Window,
    last_full_week,
    week_of,
    week_period,
    window,
)


@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    """GET /reports/compstat.pdf?week=YYYY-Www&lang=ar|en: the kept report of the user's
    scope; made now (and kept) if there is none yet and the user may make reports."""
    try:
        user = session_or_token_user(request)
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
# Thin, like the casualties pages: every figure comes from opsroom.stats.queries, which reads
# through access_scope (a role without stats.read gets the page's 403), and the one write,
# making a week's report, goes from the page's form to the JSON API. A page's parameters
# have the API's names, so its address is a link to share and its CSV the same query.

T = TypeVar("T")
REPORT_WEEKS = 12  # the weeks offered to make a report of
WALL_REFRESH_S = 300
HOTSPOT_GROUP = "violent"  # the map's group when the table is of every type


def _lang() -> str:
    return "ar" if (get_language() or "ar").startswith("ar") else "en"


def _named(record: Any) -> str:
    """A row's, district's or group's name in the reader's language (the other if empty)."""
    def value(suffix: str) -> str:
        if isinstance(record, dict):
            return str(record.get(f"name_{suffix}") or "")
        return str(getattr(record, f"name_{suffix}", "") or "")

    first, second = ("ar", "en") if _lang() == "ar" else ("en", "ar")
    return value(first) or value(second)


def _message(refused: InvalidInput) -> str:
    """The API's message for a refused parameter, in the reader's language."""
    known = {
        "this day has not come yet": _("this day has not come yet"),
        "statistics start in 2000": _("statistics start in 2000"),
        "no district has this code": _("no district has this code"),
        "no such type group": _("no such type group"),
        "no incident type has this code": _("no incident type has this code"),
        "'from' is after 'to'": _("'from' is after 'to'"),
        f"a period is at most {MAX_SPAN_DAYS} days": _("a period is at most %(n)s days") % {
            "n": MAX_SPAN_DAYS},
        "the window is one of 7d, 28d, ytd": _(
            "the window is the last 7 days, the last 28 days or the year to date"),
    }
    return known.get(refused.message, refused.message)


def _checked(errors: dict[str, str], field: str, check: Callable[[], T]) -> T | None:
    """``check()``, or None with its message kept beside the field it names."""
    try:
        return check()
    except InvalidInput as refused:
        errors.setdefault(refused.field or field, _message(refused))
        return None


def _date(errors: dict[str, str], field: str, text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.setdefault(field, _("a date, YYYY-MM-DD"))
        return None


def _given(request: HttpRequest, names: tuple[str, ...]) -> dict[str, str]:
    return {name: request.GET.get(name, "").strip()[:40] for name in names}


def _query(params: dict[str, Any]) -> str:
    return urlencode({k: str(v) for k, v in params.items() if v not in (None, "")})


def _boot(user: Any, **extra: Any) -> dict[str, Any]:
    """What console.js (the live badge) and stats.js (the hotspot map) start from."""
    return {**live_page_basics(user, current_seq()), "words": {
        "connected": _("Live"), "reconnecting": _("Reconnecting…"), "saved": _("Saved"),
        "error": _("Error"), **_map_words()}, **extra}


def _map_words() -> dict[str, str]:
    return {
        "hot": _("hotspot"), "cold": _("cold spot"), "none": _("not significant"),
        "count": _("incidents"), "hot_cells": _("Hotspots"), "cold_cells": _("Cold spots"),
        "on_map": _("Incidents on the map"), "outside": _("outside the districts"),
        "hotspots_layer": _("Hotspots"), "districts_layer": _("Districts (approximate)"),
        "map_failed": _("The hotspot layer could not be loaded."),
    }


def _map_boot(group: str, period: Period) -> dict[str, Any]:
    return {"basemap": reverse("console:basemap"),
            "hotspots": "/api/v1/stats/hotspots?" + _query(
                {"group": group, "from": period.start, "to": period.last_day}),
            "colours": {"hot": charts.HOT, "cold": charts.COLD, "none": charts.QUIET}}


def _legend() -> list[dict[str, Any]]:
    # The swatches are charts.py's SVG: no text of anyone's in them.
    return [
        {"swatch": mark_safe(charts.swatch(charts.HOT, size=14)),
         "text": _("Hotspot: more incidents here and around than chance would put there "
                   "(Getis-Ord Gi*, false discovery rate below %(alpha)s, at least "
                   "%(n)s incidents in the cell)") % {
             "alpha": settings.STATS_ALPHA, "n": settings.STATS_HOTSPOT_MIN_COUNT}},
        {"swatch": mark_safe(charts.swatch(charts.COLD, size=14)),
         "text": _("Cold spot: fewer than chance")},
        {"swatch": mark_safe(charts.swatch(charts.QUIET, size=14)),
         "text": _("Incidents, not significant")},
    ]


# ---- how figures read ---------------------------------------------------------------------

def _number(value: int | float | None) -> str:
    return "—" if value is None else f"{value:,}"


def _pct(value: float | None) -> str:
    """A change in per cent with its sign; None (nothing before) has no percentage."""
    if value is None:
        return "—"
    return f"{value:+.1f}%".replace("-", "\u2212")


def _significance(current: int, other: int, significant: bool, small: bool
                  ) -> dict[str, str]:
    """The verdict on a change as a word and a symbol, never a colour alone."""
    if small:
        return {"word": _("small count"), "symbol": "○", "css": "small"}
    if significant and current > other:
        return {"word": _("significant rise"), "symbol": "▲", "css": "up"}
    if significant and current < other:
        return {"word": _("significant fall"), "symbol": "▼", "css": "down"}
    return {"word": _("not significant"), "symbol": "≈", "css": "same"}


def _change_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "key": row["key"], "name": _named(row), "current": _number(row["current"]),
        "previous": {"count": _number(row["previous"]), "pct": _pct(row["change_pct"]),
                     "sig": _significance(row["current"], row["previous"],
                                          row["significant"], row["small"])},
        "last_year": {"count": _number(row["last_year"]),
                      "pct": _pct(row["last_year_change_pct"]),
                      "sig": _significance(row["current"], row["last_year"],
                                           row["last_year_significant"],
                                           row["last_year_small"])},
    }


def _ltr(text: object) -> str:
    """Text that reads left to right (dates, weeks, periods) isolated from the Arabic
    around it, without markup (it goes into options and attributes too): else "2026-11-01 –
    2026-11-28" reads "2026-11-28 – 2026-11-01" in a right-to-left line."""
    return f"\u2066{text}\u2069"


def _period_text(period: Period) -> str:
    return _ltr(period.label())


def _duration(seconds: float | None) -> str:
    """Seconds as m:ss (h:mm:ss from an hour)."""
    if seconds is None:
        return "—"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _met(meets: bool | None) -> dict[str, str]:
    if meets is None:
        return {"word": "—", "symbol": "", "css": "none"}
    if meets:
        return {"word": _("met"), "symbol": "✓", "css": "met"}
    return {"word": _("not met"), "symbol": "✗", "css": "missed"}


def _interval_label(name: str) -> str:
    return {"call_to_dispatch": _("Call to dispatch"),
            "dispatch_to_arrival": _("Dispatch to arrival"),
            "arrival_to_close": _("Arrival to close")}[name]


def _response_rows(data: dict[str, Any], by: str) -> tuple[list[dict[str, Any]],
                                                            dict[str, Any]]:
    targets = responsetimes_module.targets()

    def shown(row: dict[str, Any]) -> dict[str, Any]:
        intervals = []
        for name in responsetimes_module.INTERVALS:
            value = row[name]
            goal = targets.get(name)
            target = None
            if goal is not None and by == "priority" and row["key"].isdigit():
                target = goal.get(int(row["key"]))
            intervals.append({
                "name": name, "has_target": goal is not None, "n": _number(value["n"]),
                "missing": _number(value["missing"]), "p50": _duration(value["p50_s"]),
                "p90": _duration(value["p90_s"]), "target": _duration(target),
                "within": "—" if value["within_pct"] is None else f"{value['within_pct']:.1f}%",
                "met": _met(value["meets"])})
        name = _named(row)
        if by == "priority" and row["key"].isdigit():
            name = _("Priority %(n)s") % {"n": row["key"]}
        return {"key": row["key"], "name": name, "incidents": _number(row["incidents"]),
                "intervals": intervals}

    return [shown(r) for r in data["rows"]], shown(data["total"])


def _response_columns() -> list[dict[str, Any]]:
    goals = responsetimes_module.targets()
    return [{"name": name, "label": _interval_label(name), "has_target": name in goals}
            for name in responsetimes_module.INTERVALS]


def _targets() -> dict[str, Any]:
    """The targets by priority, and where each comes from, as the page states them."""
    pct = settings.STATS_TARGET_PERCENTILE
    dispatch, travel = settings.STATS_DISPATCH_TARGET_S, settings.STATS_TRAVEL_TARGET_S
    priorities = sorted(set(dispatch) | set(travel))
    return {
        "rows": [{"priority": _("Priority %(n)s") % {"n": p},
                  "dispatch": _duration(dispatch.get(p)), "travel": _duration(travel.get(p))}
                 for p in priorities],
        "answer": _duration(settings.STATS_ANSWER_TARGET_S),
        "sources": [
            _("Call to dispatch: NFPA 1221 (2019) and NFPA 1225 (2022), alarm processing: "
              "60 seconds for 90%% of the highest-priority calls. Configured for priority 1: "
              "%(s)s.") % {"s": _duration(dispatch.get(1))},
            _("Dispatch to arrival: NFPA 1710, travel time of the first unit to arrive: "
              "240 seconds for 90%% of incidents. Configured for priority 1: %(s)s.") % {
                "s": _duration(travel.get(1))},
            _("The targets of priorities 2 to 4 are this system's defaults, not a "
              "standard's."),
            _("Call answering: NENA's 9-1-1 Call Processing Standard (NENA-STA-020), 90%% of "
              "calls answered within %(s)s seconds. Not measured: the room's telephones do "
              "not report ring times yet.") % {"s": settings.STATS_ANSWER_TARGET_S},
            _("A target is met when at least %(pct)s%% of the incidents are within their "
              "own priority's target. Percentiles are nearest-rank; an interval is left out "
              "when one of its clocks is missing or runs backwards.") % {"pct": pct},
        ],
    }


def _scope_name(scope: Scope) -> str:
    return scope.name_ar if _lang() == "ar" else scope.name_en


def _method() -> str:
    return _("Counted: incidents on the local day they were received, in the district and "
             "under the type they have now; duplicates merged into another are not counted. "
             "A change is significant when the exact Poisson test gives p below %(alpha)s; "
             "fewer than %(small)s incidents in both periods together is a small count.") % {
        "alpha": settings.STATS_ALPHA, "small": settings.STATS_SMALL_COUNT}


def _groups() -> list[tuple[str, str]]:
    return [(g.code, _named(g)) for g in TYPE_GROUPS]


def _group_name(code: str) -> str:
    return dict(_groups()).get(code, code)


def _trend_chart(data: dict[str, Any], last_year: list[tuple[Period, int]]) -> SafeString:
    weeks = [week_of(point["week_start"]) for point in data["trend"]]
    values = [int(point["count"]) for point in data["trend"]]
    label = _("Incidents in each of the last %(n)s weeks, oldest first: %(values)s. The "
              "dashed line: the same weeks a year earlier.") % {
        "n": len(values), "values": ", ".join(f"{w}: {v}" for w, v in zip(weeks, values,
                                                                           strict=True))}
    svg = charts.bar_chart(values, labels=[w[-2:] for w in weeks],
                           line=[n for _p, n in last_year] or None, label=label)
    return mark_safe(svg)  # drawn by charts.py, every text in it escaped


def _windows() -> list[tuple[str, str]]:
    return [("7d", _("Last 7 days")), ("28d", _("Last 28 days")), ("ytd", _("Year to date"))]


def _by_choices() -> list[tuple[str, str]]:
    return [("district", _("District")), ("type", _("Incident type")),
            ("group", _("Type group"))]


@require_GET
@login_required
def compstat_page(request: HttpRequest) -> HttpResponse:
    """/stats/: CompStat for a window, a district and a type group; the trend, the hotspot
    map, what the police did and the response times of the same period."""
    user: Any = request.user
    scope = read_or_403(access_scope, user)
    given = _given(request, ("window", "end", "by", "district", "group"))
    window_code = given["window"] or "28d"
    by = given["by"] or "district"
    errors: dict[str, str] = {}
    if window_code not in WINDOWS:
        errors["window"] = _message(InvalidInput("the window is one of 7d, 28d, ytd"))
    if by not in compstat_module.BY:
        errors["by"] = _("the rows are by district, by incident type or by type group")
    end = _date(errors, "end", given["end"])
    last = _checked(errors, "end", lambda: queries.check_end(end)) if "end" not in errors \
        else None
    filters = _checked(errors, "district", lambda: queries.check_filters(
        given["district"] or None, given["group"] or None, None))
    context: dict[str, Any] = {
        "given": {**given, "window": window_code, "by": by}, "errors": errors,
        "scope": _scope_name(scope), "method": _method(), "windows": _windows(),
        "by_choices": _by_choices(), "groups": _groups(),
        "districts": [(d.code, _named(d)) for d in District.objects.order_by("code")],
        "yesterday": today() - timedelta(days=1), "targets": _targets(),
        "response_columns": _response_columns(), "legend": _legend()}
    boot = _boot(user)
    if not errors and last is not None and filters is not None:
        win = window(window_code, last)
        data = queries.compstat(user, window_code, last, by, filters)
        group = filters.group or HOTSPOT_GROUP
        response = queries.response_times(user, win.current, "priority")
        response_rows, response_total = _response_rows(response, "priority")
        last_year_trend = compstat_module.weekly_trend(
            win.last_year, queries.TREND_WEEKS, scope, filters)
        api_params = {"window": window_code, "end": last, "by": by,
                      "district": filters.district, "group": filters.group}
        context.update({
            "win": win, "periods": _periods(win), "by_label": dict(_by_choices())[by],
            "rows": [_change_row(r) for r in data["rows"]],
            "total": _change_row(data["total"]),
            "activity": [_change_row(r) for r in queries.activity(user, window_code,
                                                                   last)["rows"]],
            "trend": _trend_chart(data, last_year_trend),
            "response_rows": response_rows, "response_total": response_total,
            "map_group": _group_name(group), "map_period": _period_text(win.current),
            "csv": {
                "compstat": f"/api/v1/stats/compstat?{_query({**api_params, 'format': 'csv'})}",
                "activity": "/api/v1/stats/activity?" + _query(
                    {"window": window_code, "end": last, "format": "csv"}),
                "response": "/api/v1/stats/response-times?" + _query(
                    {"from": win.current.start, "to": win.current.last_day,
                     "by": "priority", "format": "csv"}),
            },
            "response_link": reverse("stats:response_times") + "?" + _query(
                {"from": win.current.start, "to": win.current.last_day}),
        })
        boot.update(_map_boot(group, win.current))
    context["boot"] = boot
    return render(request, "stats/compstat.html", context, status=422 if errors else 200)


def _periods(win: Window) -> dict[str, str]:
    return {"current": _period_text(win.current), "previous": _period_text(win.previous),
            "last_year": _period_text(win.last_year)}


def _response_by() -> list[tuple[str, str]]:
    return [("priority", _("Priority")), ("district", _("District")),
            ("group", _("Type group")), ("week", _("Week"))]


@require_GET
@login_required
def response_times_page(request: HttpRequest) -> HttpResponse:
    """/stats/response-times/: p50 and p90 of each interval, by district, priority, type
    group or week, against the targets, with where the targets come from."""
    user: Any = request.user
    scope = read_or_403(access_scope, user)
    given = _given(request, ("from", "to", "by"))
    by = given["by"] or "priority"
    errors: dict[str, str] = {}
    if by not in responsetimes_module.BY:
        errors["by"] = _("the rows are by priority, district, type group or week")
    date_from = _date(errors, "from", given["from"])
    date_to = _date(errors, "to", given["to"])
    period = None
    if "from" not in errors and "to" not in errors:
        period = _checked(errors, "from", lambda: queries.check_period(date_from, date_to))
    context: dict[str, Any] = {
        "given": {**given, "by": by}, "errors": errors, "scope": _scope_name(scope),
        "by_choices": _response_by(), "targets": _targets(),
        "response_columns": _response_columns(), "yesterday": today() - timedelta(days=1),
        "shown": {"from": "", "to": ""}}
    if not errors and period is not None:
        data = queries.response_times(user, period, by)
        rows, total = _response_rows(data, by)
        context.update({
            "period": _period_text(period), "rows": rows, "total": total,
            "by_label": dict(_response_by())[by], "with_targets": by == "priority",
            "csv": "/api/v1/stats/response-times?" + _query(
                {"from": period.start, "to": period.last_day, "by": by, "format": "csv"}),
            "shown": {"from": period.start.isoformat(), "to": period.last_day.isoformat()},
        })
    context["boot"] = _boot(user)
    return render(request, "stats/response_times.html", context,
                  status=422 if errors else 200)


def _week_choices(latest: str) -> list[tuple[str, str]]:
    first = week_period(latest)
    choices = []
    for back in range(REPORT_WEEKS):
        start = first.start - timedelta(weeks=back)
        period = week_period(week_of(start))
        # Shown in a left-to-right select: a week and its dates read left to right.
        choices.append((week_of(start), f"{week_of(start)} ({period.label()})"))
    return choices


@require_GET
@login_required
def reports_page(request: HttpRequest) -> HttpResponse:
    """/stats/reports/: the weekly CompStat reports kept, and (stats.report) the form that
    makes a week's report now."""
    user: Any = request.user
    scope = read_or_403(access_scope, user)
    reports = visible_reports(user).annotate(pdf_size=Length("pdf"))[:200]
    languages = {"ar": "العربية", "en": "English"}
    rows = []
    for report in reports:
        shown = queries.report_dict(report)
        rows.append({**shown, "language": languages.get(report.lang, report.lang),
                     "made": _ltr(to_city_time(report.generated_at).strftime("%Y-%m-%d %H:%M")),
                     "kb": _number(max(1, round(shown["bytes"] / 1024)))})
    latest = last_full_week(today())
    return render(request, "stats/reports.html", {
        "rows": rows, "scope": _scope_name(scope),
        "may_make": user.can(Cap.STATS_REPORT), "weeks": _week_choices(latest),
        "latest": latest, "lang": _lang(), "languages": list(languages.items()),
        "boot": _boot(user)})


@require_GET
@login_required
def wall_page(request: HttpRequest) -> HttpResponse:
    """/stats/wall/: for the screen of the directorate's meeting: the last 28 and 7 days by
    type group with what each change means, and the hotspot map; reloads itself."""
    user: Any = request.user
    scope = read_or_403(access_scope, user)
    group = request.GET.get("group", "").strip()[:40] or HOTSPOT_GROUP
    errors: dict[str, str] = {}
    _checked(errors, "group", lambda: queries.check_filters(None, group, None))
    if errors:
        group = HOTSPOT_GROUP
    last = queries.check_end(None)
    tables: dict[str, dict[str, Any]] = {}
    for code in ("28d", "7d"):
        data = queries.compstat(user, code, last, "group", Filters())
        tables[code] = {"rows": {r["key"]: _change_row(r) for r in data["rows"]},
                        "total": _change_row(data["total"]),
                        "period": _period_text(window(code, last).current)}
    rows = [{"name": name, "long": tables["28d"]["rows"].get(code),
             "short": tables["7d"]["rows"].get(code)} for code, name in _groups()]
    month = window("28d", last).current
    # Reloaded by stats.js, not a <meta> refresh (which axe-core, rightly for a page
    # someone reads, counts as a time limit).
    boot = _boot(user, refresh_s=WALL_REFRESH_S, **_map_boot(group, month))
    return render(request, "stats/wall.html", {
        "rows": rows, "total": {"long": tables["28d"]["total"],
                                "short": tables["7d"]["total"]},
        "periods": {"long": tables["28d"]["period"], "short": tables["7d"]["period"]},
        "scope": _scope_name(scope), "map_group": _group_name(group),
        "last": _ltr(last.isoformat()), "refreshed": to_city_time(now()).strftime("%H:%M"),
        "refresh_s": WALL_REFRESH_S, "refresh_min": WALL_REFRESH_S // 60,
        "legend": _legend(), "boot": boot})
