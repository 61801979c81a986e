"""CompStat: how many incidents this period, the one before and a year ago, and whether
the change means anything. Read from the rollup (opsroom.stats.models.DailyCount), in one
query per table: a row per district, type or group with the three periods side by side.

Counting rule (docs/stats.md): an incident counts once, on the local day it was received,
in the district and under the type it has now; a duplicate merged into another does not
count. ``plain_counts`` is the same figure straight from the incidents table, the
reference the tests and the benchmark hold the rollup to.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count

from opsroom.geo.models import District
from opsroom.incidents.models import IncidentType
from opsroom.incidents.registry import GROUP_BY_CODE, GROUP_OF_TYPE, TYPE_GROUPS
from opsroom.stats import rollup
from opsroom.stats.significance import Change, compare_many
from opsroom.stats.windows import Period, Window, weeks_back

BY = ("district", "type", "group", "district_type")
NO_DISTRICT = ""


@dataclass(frozen=True)
class Scope:
    """Whose incidents are counted: one agency's, or every agency's (None)."""

    agency_id: uuid.UUID | None
    name_ar: str
    name_en: str


@dataclass(frozen=True)
class Filters:
    district: str | None = None  # a district's code
    group: str | None = None  # a type group's code
    type: str | None = None  # an incident type's code


@dataclass(frozen=True)
class Row:
    key: str  # a district's code ('' for no district), a type's or a group's code
    name_ar: str
    name_en: str
    current: int
    previous: int
    last_year: int
    vs_previous: Change
    vs_last_year: Change

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key, "name_ar": self.name_ar, "name_en": self.name_en,
            "current": self.current, "previous": self.previous, "last_year": self.last_year,
            "change_pct": self.vs_previous.change_pct,
            "significant": self.vs_previous.significant,
            "small": self.vs_previous.small,
            "p_value": self.vs_previous.p_value, "z": self.vs_previous.z,
            "last_year_change_pct": self.vs_last_year.change_pct,
            "last_year_significant": self.vs_last_year.significant,
            "last_year_small": self.vs_last_year.small,
            "last_year_p_value": self.vs_last_year.p_value, "last_year_z": self.vs_last_year.z,
        }


@dataclass(frozen=True)
class Compstat:
    window: Window
    by: str
    scope: Scope
    filters: Filters
    rows: list[Row]
    total: Row
    trend: list[tuple[Period, int]] = field(default_factory=list)


def types_of(filters: Filters) -> list[str] | None:
    """The type codes the filters keep (None: every type)."""
    if filters.type:
        return [filters.type]
    if filters.group:
        return list(GROUP_BY_CODE[filters.group].types)
    return None


def _district_key(code: str | None) -> str | None:
    if code is None:
        return None
    if code == NO_DISTRICT:
        return ""
    district = District.objects.filter(code=code).only("id").first()
    return rollup.key_text(district.id) if district else "-"  # '-' matches nothing


def _where(periods: Sequence[Period], scope: Scope, filters: Filters
           ) -> tuple[str, list[Any]]:
    spans = " OR ".join("(day >= %s AND day < %s)" for _ in periods)
    params: list[Any] = [bound for p in periods for bound in (p.start, p.end)]
    where = f"({spans})"
    if scope.agency_id is not None:
        where += " AND agency = %s"
        params.append(rollup.key_text(scope.agency_id))
    district = _district_key(filters.district)
    if district is not None:
        where += " AND district = %s"
        params.append(district)
    types = types_of(filters)
    if types is not None:
        where += f" AND type IN ({', '.join(['%s'] * len(types))})"
        params.extend(types)
    return where, params


def rollup_counts(periods: Sequence[Period], column: str, scope: Scope, filters: Filters
                  ) -> dict[str, list[int]]:
    """{district id text, type code, or "district|type": [count in each period]} from the
    rollup."""
    assert column in ("district", "type", "district_type")
    if column == "district_type":
        column = "district || '|' || type"
    where, params = _where(periods, scope, filters)
    sums = ", ".join("SUM(CASE WHEN day >= %s AND day < %s THEN n ELSE 0 END)"
                     for _ in periods)
    sum_params: list[Any] = [bound for p in periods for bound in (p.start, p.end)]
    sql = (f"SELECT {column}, {sums} FROM {rollup.TABLE} WHERE {where} GROUP BY {column}")
    with connection.cursor() as cursor:
        cursor.execute(sql, sum_params + params)
        return {key: [int(v or 0) for v in values] for key, *values in cursor.fetchall()}


def plain_counts(periods: Sequence[Period], column: str, scope: Scope, filters: Filters
                 ) -> dict[str, list[int]]:
    """The same counts as ``rollup_counts``, by a plain GROUP BY over the incidents table:
    the reference the rollup must equal."""
    from opsroom.incidents.models import Incident

    result: dict[str, list[int]] = defaultdict(lambda: [0] * len(periods))
    base = Incident.objects.filter(merged_into__isnull=True)
    if scope.agency_id is not None:
        base = base.filter(owner_agency_id=scope.agency_id)
    if filters.district is not None:
        base = (base.filter(district__isnull=True) if filters.district == NO_DISTRICT
                else base.filter(district__code=filters.district))
    types = types_of(filters)
    if types is not None:
        base = base.filter(type_id__in=types)
    names = {"district": ["district_id"], "type": ["type_id"],
             "district_type": ["district_id", "type_id"]}[column]
    for index, period in enumerate(periods):
        start, end = period.utc_bounds()
        rows = (base.filter(received_at__gte=start, received_at__lt=end)
                .values_list(*names).order_by().annotate(n=Count("id")))
        for *keys, count in rows:
            if column == "type":
                text = keys[0]
            elif column == "district":
                text = rollup.key_text(keys[0])
            else:
                text = f"{rollup.key_text(keys[0])}|{keys[1]}"
            result[text][index] += count
    return dict(result)


# (key, name_ar, name_en, [current, previous, last year]): a row before its tests.
Spec = tuple[str, str, str, Sequence[int]]


def rows_of(specs: Sequence[Spec], window: Window) -> list[Row]:
    """The rows, their changes tested in two calls (one per comparison) for the whole
    table: a table of a thousand rows costs milliseconds, not half a second."""
    counts = [spec[3] for spec in specs]
    vs_previous = compare_many([(c[0], c[1]) for c in counts], window.current.days,
                               window.previous.days)
    vs_last_year = compare_many([(c[0], c[2]) for c in counts], window.current.days,
                                window.last_year.days)
    return [Row(key=key, name_ar=name_ar, name_en=name_en, current=c[0], previous=c[1],
                last_year=c[2], vs_previous=a, vs_last_year=b)
            for (key, name_ar, name_en, c), a, b in zip(specs, vs_previous, vs_last_year,
                                                         strict=True)]


def _row(key: str, name_ar: str, name_en: str, counts: Sequence[int], window: Window) -> Spec:
    return (key, name_ar, name_en, list(counts))


def _district_rows(counts: dict[str, list[int]], window: Window, filters: Filters
                   ) -> list[Spec]:
    districts = District.objects.order_by("code")
    if filters.district is not None:
        districts = districts.filter(code=filters.district)
    rows = []
    for district in districts:
        rows.append(_row(district.code, district.name_ar, district.name_en,
                         counts.get(rollup.key_text(district.id), [0, 0, 0]), window))
    if any(counts.get(NO_DISTRICT, [])):
        rows.append(_row(NO_DISTRICT, "خارج الأحياء المعروفة", "Outside known districts",
                         counts[NO_DISTRICT], window))
    return rows


def _type_rows(counts: dict[str, list[int]], window: Window, filters: Filters) -> list[Spec]:
    keep = types_of(filters)
    types = IncidentType.objects.order_by("code")
    if keep is not None:
        types = types.filter(code__in=keep)
    return [_row(t.code, t.name_ar, t.name_en, counts.get(t.code, [0, 0, 0]), window)
            for t in types if t.active or any(counts.get(t.code, []))]


def _group_rows(counts: dict[str, list[int]], window: Window, filters: Filters) -> list[Spec]:
    totals: dict[str, list[int]] = {g.code: [0, 0, 0] for g in TYPE_GROUPS}
    for code, values in counts.items():
        group = totals[GROUP_OF_TYPE.get(code, "other")]
        for i, value in enumerate(values):
            group[i] += value
    groups = [g for g in TYPE_GROUPS if filters.group in (None, g.code)]
    return [_row(g.code, g.name_ar, g.name_en, totals[g.code], window) for g in groups]


def _district_type_rows(counts: dict[str, list[int]], window: Window) -> list[Spec]:
    districts = {rollup.key_text(d.id): d for d in District.objects.all()}
    types = {t.code: t for t in IncidentType.objects.all()}
    rows = []
    for key in sorted(counts):
        district_key, _, type_code = key.partition("|")
        district, kind = districts.get(district_key), types.get(type_code)
        code = district.code if district else NO_DISTRICT
        rows.append(_row(
            f"{code}|{type_code}",
            f"{district.name_ar if district else 'خارج الأحياء المعروفة'} — "
            f"{kind.name_ar if kind else type_code}",
            f"{district.name_en if district else 'Outside known districts'} — "
            f"{kind.name_en if kind else type_code}",
            counts[key], window))
    return rows


def compstat(window: Window, by: str, scope: Scope, filters: Filters,
             trend_weeks: int = 0) -> Compstat:
    """The CompStat table of ``window``, a row per ``by``, and its total."""
    periods = (window.current, window.previous, window.last_year)
    column = by if by in ("district", "district_type") else "type"
    counts = rollup_counts(periods, column, scope, filters)
    if by == "district_type":
        specs = _district_type_rows(counts, window)
    elif by == "district":
        specs = _district_rows(counts, window, filters)
    elif by == "type":
        specs = _type_rows(counts, window, filters)
    else:
        specs = _group_rows(counts, window, filters)
    totals = [sum(values[i] for values in counts.values()) for i in range(3)]
    *rows, total = rows_of([*specs, _row("", "المجموع", "Total", totals, window)], window)
    trend = weekly_trend(window.current, trend_weeks, scope, filters) if trend_weeks else []
    return Compstat(window, by, scope, filters, rows, total, trend)


def weekly_trend(period: Period, weeks: int, scope: Scope, filters: Filters
                 ) -> list[tuple[Period, int]]:
    """Incidents in each of the ``weeks`` weeks up to ``period``'s last: a trend chart."""
    points = weeks_back(period, weeks)
    where, params = _where([Period(points[0].start, points[-1].end)], scope, filters)
    sql = f"SELECT day, SUM(n) FROM {rollup.TABLE} WHERE {where} GROUP BY day"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        by_day = {_as_date(day): int(n) for day, n in cursor.fetchall()}
    return [(p, sum(n for day, n in by_day.items() if p.start <= day < p.end))
            for p in points]


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
