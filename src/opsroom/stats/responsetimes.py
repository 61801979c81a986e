"""The response times the public receives: for each incident the intervals its clocks
already hold, and their 50th and 90th percentiles by district, priority, type group or
week, against the targets in configuration (settings.STATS_*_TARGET_S, sources cited
there and in docs/stats.md).

- call to dispatch: received → first unit dispatched;
- dispatch to arrival: dispatched → first unit on scene (travel, with the turn-out);
- arrival to close: on scene → closed.

An interval is left out when either clock is missing (no unit was sent, or none arrived)
or when it runs backwards (a clock corrected by hand); how many were left out is given.
Percentiles are nearest-rank (the smallest value with at least p% of the intervals at or
below it), so "90% within 60 s" and "p90 ≤ 60 s" say the same thing. A target is met when
at least STATS_TARGET_PERCENTILE per cent of the incidents are within their own priority's
target, so a row that mixes priorities is judged fairly.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from opsroom.core.clock import to_city_time
from opsroom.geo.models import District
from opsroom.incidents.models import Incident
from opsroom.incidents.registry import GROUP_OF_TYPE, TYPE_GROUPS
from opsroom.stats.windows import Period, week_of

INTERVALS = ("call_to_dispatch", "dispatch_to_arrival", "arrival_to_close")
BY = ("district", "priority", "group", "week")
_CLOCKS = {"call_to_dispatch": ("received_at", "dispatched_at"),
           "dispatch_to_arrival": ("dispatched_at", "on_scene_at"),
           "arrival_to_close": ("on_scene_at", "closed_at")}


def targets() -> dict[str, dict[int, int]]:
    return {"call_to_dispatch": settings.STATS_DISPATCH_TARGET_S,
            "dispatch_to_arrival": settings.STATS_TRAVEL_TARGET_S}


@dataclass(frozen=True)
class Interval:
    n: int  # incidents with this interval
    missing: int  # incidents without it (a clock missing or running backwards)
    p50_s: float | None
    p90_s: float | None
    within_pct: float | None  # share within their priority's target (None: no target)
    meets: bool | None

    def as_dict(self) -> dict[str, Any]:
        return {"n": self.n, "missing": self.missing, "p50_s": self.p50_s,
                "p90_s": self.p90_s, "within_pct": self.within_pct, "meets": self.meets}


@dataclass(frozen=True)
class ResponseRow:
    key: str
    name_ar: str
    name_en: str
    incidents: int
    intervals: dict[str, Interval]

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name_ar": self.name_ar, "name_en": self.name_en,
                "incidents": self.incidents,
                **{name: value.as_dict() for name, value in self.intervals.items()}}


def nearest_rank(sorted_values: list[float], pct: float) -> float | None:
    if not sorted_values:
        return None
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    value = (end - start).total_seconds()
    return value if value >= 0 else None


def _interval(samples: list[tuple[float | None, int]], target: dict[int, int] | None
              ) -> Interval:
    values = sorted(v for v, _ in samples if v is not None)
    within_pct = meets = None
    if target is not None and values:
        judged = [(v, p) for v, p in samples if v is not None and p in target]
        if judged:
            within = sum(1 for v, p in judged if v <= target[p])
            within_pct = round(100.0 * within / len(judged), 1)
            meets = within_pct >= settings.STATS_TARGET_PERCENTILE
    p50, p90 = nearest_rank(values, 50), nearest_rank(values, 90)
    return Interval(n=len(values), missing=len(samples) - len(values),
                    p50_s=None if p50 is None else round(p50, 1),
                    p90_s=None if p90 is None else round(p90, 1),
                    within_pct=within_pct, meets=meets)


def _row(key: str, name_ar: str, name_en: str, incidents: list[tuple[Any, ...]]) -> ResponseRow:
    goals = targets()
    intervals = {}
    for name in INTERVALS:
        index = INTERVALS.index(name)
        intervals[name] = _interval([(i[index], i[3]) for i in incidents], goals.get(name))
    return ResponseRow(key, name_ar, name_en, len(incidents), intervals)


def _names(by: str, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
    if by == "district":
        names = {str(d.id): (d.code, d.name_ar, d.name_en)
                 for d in District.objects.filter(id__in=[k for k in keys if k])}
        return {k: (names[k][1], names[k][2]) if k in names else
                ("خارج الأحياء المعروفة", "Outside known districts") for k in keys}
    if by == "priority":
        return {k: (f"الأولوية {k}", f"Priority {k}") for k in keys}
    if by == "group":
        groups = {g.code: (g.name_ar, g.name_en) for g in TYPE_GROUPS}
        return {k: groups.get(k, (k, k)) for k in keys}
    return {k: (k, k) for k in keys}


def response_times(incidents: QuerySet[Incident], period: Period, by: str
                   ) -> tuple[list[ResponseRow], ResponseRow]:
    """Rows of ``by`` and the total, for the (already permissioned) ``incidents`` received
    in ``period``."""
    start, end = period.utc_bounds()
    rows = (incidents.filter(received_at__gte=start, received_at__lt=end,
                             merged_into__isnull=True)
            .order_by().values_list("received_at", "dispatched_at", "on_scene_at",
                                    "closed_at", "priority", "district_id", "type_id"))
    grouped: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    everything: list[tuple[Any, ...]] = []
    for received, dispatched, on_scene, closed, priority, district, type_code in rows:
        sample = (_seconds(received, dispatched), _seconds(dispatched, on_scene),
                  _seconds(on_scene, closed), priority)
        everything.append(sample)
        grouped[_key(by, received, priority, district, type_code)].append(sample)
    names = _names(by, grouped)
    ordered = sorted(grouped, key=lambda k: (by == "district" and not k, names[k][1], k)
                     if by in ("district", "group") else k)
    result = [_row(k, *names[k], grouped[k]) for k in ordered]
    return result, _row("", "المجموع", "Total", everything)


def _key(by: str, received: datetime, priority: int, district: Any, type_code: str) -> str:
    if by == "district":
        return str(district) if district else ""
    if by == "priority":
        return str(priority)
    if by == "group":
        return GROUP_OF_TYPE.get(type_code, "other")
    return week_of(to_city_time(received).date())
