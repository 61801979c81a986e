"""The statistics a user asks for, as plain values for the API, the console and CSV: each
reads through ``access_scope`` and checks its parameters (a 422 naming the bad one)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings

from opsroom.accounts.models import User
from opsroom.core.clock import now, to_city_time
from opsroom.core.errors import InvalidInput
from opsroom.geo.models import District
from opsroom.incidents.models import IncidentType
from opsroom.incidents.registry import GROUP_BY_CODE
from opsroom.stats import activity as activity_module
from opsroom.stats import compstat as compstat_module
from opsroom.stats import responsetimes
from opsroom.stats.access import access_scope, scope_incidents
from opsroom.stats.compstat import Filters, Scope
from opsroom.stats.models import Report
from opsroom.stats.schemas import MAX_SPAN_DAYS
from opsroom.stats.windows import Period, Window, window

TREND_WEEKS = 12


def today() -> date:
    return to_city_time(now()).date()


def check_end(end: date | None, field: str = "end") -> date:
    """The last day counted: yesterday by default (today is not over), never the future."""
    if end is None:
        return today() - timedelta(days=1)
    if end > today():
        raise InvalidInput("this day has not come yet", field=field)
    if end.year < 2000:
        raise InvalidInput("statistics start in 2000", field=field)
    return end


def check_filters(district: str | None, group: str | None, type_code: str | None) -> Filters:
    if district and district != compstat_module.NO_DISTRICT and not District.objects.filter(
            code=district).exists():
        raise InvalidInput("no district has this code", field="district")
    if group is not None and group not in GROUP_BY_CODE:
        raise InvalidInput("no such type group", field="group")
    if type_code is not None and not IncidentType.objects.filter(code=type_code).exists():
        raise InvalidInput("no incident type has this code", field="type")
    return Filters(district=district or None, group=group, type=type_code)


def check_period(date_from: date | None, date_to: date | None) -> Period:
    last = check_end(date_to, "to")
    first = date_from or last - timedelta(days=27)
    if first > last:
        raise InvalidInput("'from' is after 'to'", field="from")
    if (last - first).days >= MAX_SPAN_DAYS:
        raise InvalidInput(f"a period is at most {MAX_SPAN_DAYS} days", field="from")
    return Period(first, last + timedelta(days=1))


def period_dict(period: Period) -> dict[str, date]:
    return {"start": period.start, "end": period.last_day}


def window_dict(win: Window) -> dict[str, Any]:
    return {"code": win.code, "current": period_dict(win.current),
            "previous": period_dict(win.previous), "last_year": period_dict(win.last_year)}


def scope_dict(scope: Scope) -> dict[str, Any]:
    return {"agency_id": scope.agency_id, "name_ar": scope.name_ar, "name_en": scope.name_en}


def method() -> dict[str, Any]:
    return {"test": "exact conditional Poisson (binomial) test, two-sided",
            "alpha": settings.STATS_ALPHA, "small_count": settings.STATS_SMALL_COUNT,
            "counting": "incidents by the local day received; merged duplicates excluded",
            "time_zone": settings.TIME_ZONE}


def compstat(user: User, window_code: str, end: date | None, by: str,
             filters: Filters) -> dict[str, Any]:
    scope = access_scope(user)
    win = window(window_code, check_end(end))
    table = compstat_module.compstat(win, by, scope, filters, trend_weeks=TREND_WEEKS)
    return {
        "window": window_dict(win), "by": by, "scope": scope_dict(scope),
        "filters": {"district": filters.district, "group": filters.group,
                    "type": filters.type},
        "method": method(),
        "rows": [row.as_dict() for row in table.rows], "total": table.total.as_dict(),
        "trend": [{"week_start": p.start, "count": n} for p, n in table.trend],
    }


def activity(user: User, window_code: str, end: date | None) -> dict[str, Any]:
    scope = access_scope(user)
    win = window(window_code, check_end(end))
    return {"window": window_dict(win), "scope": scope_dict(scope),
            "rows": [row.as_dict() for row in activity_module.activity(win, scope)]}


def targets_dict() -> dict[str, Any]:
    return {"percentile": settings.STATS_TARGET_PERCENTILE,
            "call_to_dispatch_s": settings.STATS_DISPATCH_TARGET_S,
            "dispatch_to_arrival_s": settings.STATS_TRAVEL_TARGET_S,
            "call_answer_s": settings.STATS_ANSWER_TARGET_S,
            "call_answer_measured": False}


def response_times(user: User, period: Period, by: str) -> dict[str, Any]:
    scope = access_scope(user)
    rows, total = responsetimes.response_times(scope_incidents(scope), period, by)
    return {"period": period_dict(period), "by": by, "scope": scope_dict(scope),
            "targets": targets_dict(), "rows": [row.as_dict() for row in rows],
            "total": total.as_dict()}


def hotspots(user: User, period: Period, group: str, type_code: str | None,
             unit: str) -> dict[str, Any]:
    from opsroom.stats.hotspots import hotspot_layer

    scope = access_scope(user)
    check_filters(None, group, type_code)
    types = [type_code] if type_code else list(GROUP_BY_CODE[group].types)
    layer = hotspot_layer(scope_incidents(scope), types=types, period=period, unit=unit)
    layer["group"] = None if type_code else group
    return layer


def report_dict(report: Report) -> dict[str, Any]:
    return {"id": report.id, "week": report.week, "lang": report.lang, "pages": report.pages,
            "bytes": report_size(report), "sha256": report.sha256,
            "generated_at": report.generated_at,
            "generated_by": report.generated_by.username if report.generated_by else None,
            "url": f"/reports/compstat.pdf?week={report.week}&lang={report.lang}"}


def report_size(report: Report) -> int:
    size = getattr(report, "pdf_size", None)
    return int(size) if size is not None else len(bytes(report.pdf))


# ---- CSV ---------------------------------------------------------------------------------

CHANGE_COLUMNS = ("key", "name_ar", "name_en", "current", "previous", "change_pct",
                  "significant", "small", "p_value", "z", "last_year", "last_year_change_pct",
                  "last_year_significant", "last_year_small", "last_year_p_value",
                  "last_year_z")


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # a byte order mark, so spreadsheets read the Arabic as UTF-8
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return out.getvalue()


def change_rows_csv(rows: Sequence[dict[str, Any]], total: dict[str, Any] | None) -> str:
    every = [*rows, *([total] if total else [])]
    return _csv(CHANGE_COLUMNS, ([row[c] for c in CHANGE_COLUMNS] for row in every))


def response_csv(data: dict[str, Any]) -> str:
    header = ["key", "name_ar", "name_en", "incidents"]
    for name in responsetimes.INTERVALS:
        header += [f"{name}_{k}" for k in ("n", "missing", "p50_s", "p90_s", "within_pct",
                                           "meets")]
    lines = []
    for row in [*data["rows"], data["total"]]:
        line = [row["key"], row["name_ar"], row["name_en"], row["incidents"]]
        for name in responsetimes.INTERVALS:
            line += [row[name][k] for k in ("n", "missing", "p50_s", "p90_s", "within_pct",
                                            "meets")]
        lines.append(line)
    return _csv(header, lines)
