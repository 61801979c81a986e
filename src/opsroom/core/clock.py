"""The one clock: timezone-aware UTC, displayed in the city's zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings


def now() -> datetime:
    return datetime.now(UTC)


def city_zone() -> ZoneInfo:
    return ZoneInfo(settings.CITY_TIME_ZONE)


def to_city_time(moment: datetime) -> datetime:
    return moment.astimezone(city_zone())
