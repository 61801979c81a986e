"""Statistics under /api/v1/stats: CompStat, what the police did, response times, hotspots
(GeoJSON) and the weekly reports. Places and periods only: no incident, caller or person
is ever in an answer."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models.functions import Length
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja import Status as Reply

from opsroom.accounts.models import User
from opsroom.core.schemas import ERRORS
from opsroom.stats import actions, queries
from opsroom.stats.access import access_report, require_report_maker, visible_reports
from opsroom.stats.schemas import (
    StatsActivityOut,
    StatsActivityQuery,
    StatsCompstatOut,
    StatsCompstatQuery,
    StatsHotspotsQuery,
    StatsReportIn,
    StatsReportOut,
    StatsResponseTimesOut,
    StatsResponseTimesQuery,
)

router = Router(tags=["statistics"])
CSV = {"200": {"description": "JSON, or CSV (UTF-8) with format=csv", "content": {
    "application/json": {}, "text/csv": {"schema": {"type": "string"}}}}}
GEOJSON = {"200": {"description": "A GeoJSON FeatureCollection of cells or districts",
                   "content": {"application/geo+json": {"schema": {"type": "object"}}}}}


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined]


def _csv(text: str, name: str) -> HttpResponse:
    reply = HttpResponse(text, content_type="text/csv; charset=utf-8")
    reply["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return reply


@router.get("/stats/compstat", response={200: StatsCompstatOut, **ERRORS},
            summary="CompStat: this period, the one before and a year ago, with significance",
            openapi_extra={"responses": CSV})
def compstat(request: HttpRequest, query: Query[StatsCompstatQuery]) -> Any:
    filters = queries.check_filters(query.district, query.group, query.type)
    data = queries.compstat(_user(request), query.window, query.end, query.by, filters)
    if query.format == "csv":
        return _csv(queries.change_rows_csv(data["rows"], data["total"]),
                    f"compstat-{query.window}-{query.by}-{data['window']['current']['end']}")
    return data


@router.get("/stats/activity", response={200: StatsActivityOut, **ERRORS},
            summary="Arrests, warrants, sentences, weapons and dens, compared the same way",
            openapi_extra={"responses": CSV})
def activity(request: HttpRequest, query: Query[StatsActivityQuery]) -> Any:
    data = queries.activity(_user(request), query.window, query.end)
    if query.format == "csv":
        return _csv(queries.change_rows_csv(data["rows"], None),
                    f"activity-{query.window}-{data['window']['current']['end']}")
    return data


@router.get("/stats/response-times", response={200: StatsResponseTimesOut, **ERRORS},
            summary="Call to dispatch, dispatch to arrival, arrival to close: p50 and p90",
            openapi_extra={"responses": CSV})
def response_times(request: HttpRequest, query: Query[StatsResponseTimesQuery]) -> Any:
    period = queries.check_period(query.date_from, query.date_to)
    data = queries.response_times(_user(request), period, query.by)
    if query.format == "csv":
        return _csv(queries.response_csv(data),
                    f"response-times-{query.by}-{period.start}-{period.last_day}")
    return data


@router.get("/stats/hotspots", response={200: dict[str, Any], **ERRORS},
            summary="Getis-Ord Gi* hotspots of a type group and period (GeoJSON)",
            openapi_extra={"responses": GEOJSON})
def hotspots(request: HttpRequest, query: Query[StatsHotspotsQuery]) -> Any:
    period = queries.check_period(query.date_from, query.date_to)
    return queries.hotspots(_user(request), period, query.group, query.type, query.unit)


@router.get("/stats/reports", response={200: list[StatsReportOut], **ERRORS},
            summary="The weekly CompStat reports kept")
def list_reports(request: HttpRequest) -> Any:
    reports = visible_reports(_user(request)).annotate(pdf_size=Length("pdf"))[:200]
    return [queries.report_dict(r) for r in reports]


@router.post("/stats/reports", response={201: StatsReportOut, **ERRORS},
             summary="Make a week's CompStat report now, and keep it")
def make_report(request: HttpRequest, body: StatsReportIn) -> Any:
    user = _user(request)
    scope = require_report_maker(user)
    report = actions.do_make_report(user, body.week, body.lang, scope)
    return Reply(201, queries.report_dict(report))


@router.get("/stats/reports/{report_id}", response={200: StatsReportOut, **ERRORS},
            summary="One kept report")
def get_report(request: HttpRequest, report_id: UUID) -> Any:
    return queries.report_dict(access_report(_user(request), report_id))
