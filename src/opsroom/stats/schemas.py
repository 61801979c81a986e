"""What the statistics API takes and gives. Every query parameter is checked here or in
``check_*`` below, and a bad one is a 422 naming it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from opsroom.core.schemas import StrictIn
from opsroom.incidents.registry import GROUP_BY_CODE

GroupName = Literal["violent", "property", "drugs", "weapons", "traffic", "fire_rescue",
                    "other"]
assert set(GroupName.__args__) == set(GROUP_BY_CODE)  # type: ignore[attr-defined]
FormatName = Literal["json", "csv"]
MAX_SPAN_DAYS = 3 * 366  # a response-time or hotspot query over at most three years


class StatsCompstatQuery(Schema):
    window: Literal["7d", "28d", "ytd"] = "28d"
    end: date | None = None  # the last day counted; yesterday by default
    by: Literal["district", "type", "group", "district_type"] = "district"
    district: str | None = Field(default=None, max_length=32)  # a district's code
    group: GroupName | None = None
    type: str | None = Field(default=None, max_length=48)  # an incident type's code
    format: FormatName = "json"


class StatsActivityQuery(Schema):
    window: Literal["7d", "28d", "ytd"] = "28d"
    end: date | None = None
    format: FormatName = "json"


class StatsPeriodQuery(Schema):
    date_from: date | None = Field(default=None, alias="from")  # first day; 28 days back
    date_to: date | None = Field(default=None, alias="to")  # last day; yesterday


class StatsResponseTimesQuery(StatsPeriodQuery):
    by: Literal["district", "priority", "group", "week"] = "priority"
    format: FormatName = "json"


class StatsHotspotsQuery(StatsPeriodQuery):
    group: GroupName = "violent"
    type: str | None = Field(default=None, max_length=48)  # one type instead of the group
    unit: Literal["grid", "district"] = "grid"


class StatsReportIn(StrictIn):
    week: str = Field(pattern=r"^\d{4}-W\d{2}$", examples=["2026-W48"])
    lang: Literal["ar", "en"] = "ar"


class StatsChangeOut(Schema):
    key: str
    name_ar: str
    name_en: str
    current: int
    previous: int
    last_year: int
    change_pct: float | None
    significant: bool
    small: bool
    p_value: float
    z: float
    last_year_change_pct: float | None
    last_year_significant: bool
    last_year_small: bool
    last_year_p_value: float
    last_year_z: float


class StatsPeriodOut(Schema):
    start: date
    end: date  # the last day counted


class StatsWindowOut(Schema):
    code: str
    current: StatsPeriodOut
    previous: StatsPeriodOut
    last_year: StatsPeriodOut


class StatsScopeOut(Schema):
    agency_id: UUID | None
    name_ar: str
    name_en: str


class StatsTrendPointOut(Schema):
    week_start: date
    count: int


class StatsCompstatOut(Schema):
    window: StatsWindowOut
    by: str
    scope: StatsScopeOut
    filters: dict[str, str | None]
    method: dict[str, Any]
    rows: list[StatsChangeOut]
    total: StatsChangeOut
    trend: list[StatsTrendPointOut]


class StatsActivityOut(Schema):
    window: StatsWindowOut
    scope: StatsScopeOut
    rows: list[StatsChangeOut]


class StatsIntervalOut(Schema):
    n: int
    missing: int
    p50_s: float | None
    p90_s: float | None
    within_pct: float | None
    meets: bool | None


class StatsResponseRowOut(Schema):
    key: str
    name_ar: str
    name_en: str
    incidents: int
    call_to_dispatch: StatsIntervalOut
    dispatch_to_arrival: StatsIntervalOut
    arrival_to_close: StatsIntervalOut


class StatsResponseTimesOut(Schema):
    period: StatsPeriodOut
    by: str
    scope: StatsScopeOut
    targets: dict[str, Any]
    rows: list[StatsResponseRowOut]
    total: StatsResponseRowOut


class StatsReportOut(Schema):
    id: UUID
    week: str
    lang: str
    pages: int
    bytes: int
    sha256: str
    generated_at: datetime
    generated_by: str | None  # a username, or None when made on schedule
    url: str
