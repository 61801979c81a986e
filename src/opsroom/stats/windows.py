"""The periods CompStat compares, in the city's local days.

A period is a run of whole local days, ``start`` included and ``end`` excluded. A window is
the period being judged with the two it is judged against: the period just before it, of
the same length, and the same dates a year earlier. Weeks start on the configured day
(Saturday by default: the Libyan working week) or are ISO 8601 weeks; in both, week 1 of a
year is the week that holds 4 January, so it has at least four of the year's days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from opsroom.core.errors import InvalidInput

WINDOWS = ("7d", "28d", "ytd")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True)
class Period:
    start: date  # the first day counted
    end: date  # the day after the last day counted

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    def utc_bounds(self) -> tuple[datetime, datetime]:
        """The instants the period runs between: local midnights, in UTC."""
        zone = ZoneInfo(settings.TIME_ZONE)
        return (datetime.combine(self.start, time(), zone).astimezone(UTC),
                datetime.combine(self.end, time(), zone).astimezone(UTC))

    def label(self) -> str:
        return f"{self.start.isoformat()} – {self.last_day.isoformat()}"


@dataclass(frozen=True)
class Window:
    code: str  # "7d", "28d" or "ytd"
    current: Period
    previous: Period
    last_year: Period


def a_year_before(day: date) -> date:
    # 29 February has no twin a year earlier: the day before stands in.
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def window(code: str, end: date) -> Window:
    """The window ``code`` whose last day is ``end``."""
    stop = end + timedelta(days=1)
    if code in ("7d", "28d"):
        length = timedelta(days=int(code[:-1]))
        current = Period(stop - length, stop)
        previous = Period(current.start - length, current.start)
    elif code == "ytd":
        current = Period(date(end.year, 1, 1), stop)
        # Year to date against the same days of last year: the period before a year to
        # date is last year's year to date, so both comparisons are to it.
        previous = Period(date(end.year - 1, 1, 1), a_year_before(end) + timedelta(days=1))
    else:
        raise InvalidInput(f"the window is one of {', '.join(WINDOWS)}", field="window")
    last_year = Period(a_year_before(current.start), a_year_before(current.last_day)
                       + timedelta(days=1))
    return Window(code, current, previous, last_year)


def first_weekday() -> int:
    """The weekday weeks start on (0 Monday .. 6 Sunday)."""
    configured = settings.STATS_WEEK_START
    if configured == "iso":
        return 0
    return WEEKDAYS.index(configured)


def week_start(day: date) -> date:
    return day - timedelta(days=(day.weekday() - first_weekday()) % 7)


def _first_week_start(year: int) -> date:
    return week_start(date(year, 1, 4))


def week_of(day: date) -> str:
    """``YYYY-Www`` of the week that holds ``day``."""
    start = week_start(day)
    year = start.year + 1 if start >= _first_week_start(start.year + 1) else start.year
    if start < _first_week_start(year):
        year -= 1
    number = (start - _first_week_start(year)).days // 7 + 1
    return f"{year}-W{number:02d}"


def week_period(week: str) -> Period:
    """The days of the week ``YYYY-Www``; InvalidInput naming ``week`` if there is no such week."""
    match = _WEEK.match(week or "")
    if not match:
        raise InvalidInput("a week is written YYYY-Www, such as 2026-W48", field="week")
    year, number = int(match[1]), int(match[2])
    if not 2000 <= year <= 2200:
        raise InvalidInput("statistics cover the years 2000 to 2200", field="week")
    start = _first_week_start(year) + timedelta(weeks=number - 1)
    if number < 1 or week_of(start) != week:
        raise InvalidInput(f"{year} has no week {number}", field="week")
    return Period(start, start + timedelta(days=7))


def last_full_week(today: date) -> str:
    """The week before the one ``today`` is in: the week a Monday-morning report is about."""
    return week_of(week_start(today) - timedelta(days=1))


def weeks_back(period: Period, count: int) -> list[Period]:
    """``count`` whole weeks ending with the week that holds ``period``'s last day, oldest
    first: the points of a trend chart."""
    last = week_start(period.last_day)
    return [Period(last - timedelta(weeks=i), last - timedelta(weeks=i) + timedelta(days=7))
            for i in range(count - 1, -1, -1)]
