"""What the civilian harm summary report shows, gathered by opsroom.casualties.queries and
drawn by opsroom.casualties.report. Plain values: the renderer reads no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Range:
    """A figure as the sources give it: at least ``low``, at most ``high``, best ``best``."""
    low: int
    high: int
    best: int


@dataclass(frozen=True)
class StateRow:
    state: str  # unverified, corroborated, verified, disputed, rejected; "total" for the sum
    label_ar: str
    label_en: str
    events: int
    victims: int
    killed: Range
    injured: Range
    missing: Range


@dataclass(frozen=True)
class DistrictRow:
    code: str
    name_ar: str
    name_en: str
    events: int
    killed: Range
    injured: Range


@dataclass(frozen=True)
class WeekRow:
    week: str  # ISO week, "2026-W41"
    starts: date
    events: int
    killed: Range
    injured: Range


@dataclass(frozen=True)
class MapDistrict:
    code: str
    name_ar: str
    name_en: str
    # Outer rings of the district's polygons, each a tuple of (lon, lat).
    rings: tuple[tuple[tuple[float, float], ...], ...]
    killed_best: int


@dataclass(frozen=True)
class MapEvent:
    lat: float
    lon: float
    geo_precision: int  # 1 exact, 2 near, 3 district only
    state: str
    killed_best: int
    injured_best: int


@dataclass(frozen=True)
class OutageDay:
    code: str  # district
    name_ar: str
    name_en: str
    day: date
    population: int | None
    # Share of the district's population without mobile service (voice or SMS or data down)
    # that day, 0..1, by the hours the outages covered.
    share_without_mobile: float


@dataclass(frozen=True)
class HarmReportData:
    city_ar: str
    city_en: str
    period_from: date
    period_to: date
    generated_at: datetime  # in city time
    generated_by: str
    # Which states the figures count (the report's filter); the rows of ``states`` list all.
    counted_states: tuple[str, ...]
    states: tuple[StateRow, ...]
    total: StateRow
    districts: tuple[DistrictRow, ...]
    weeks: tuple[WeekRow, ...]
    map_districts: tuple[MapDistrict, ...]
    map_events: tuple[MapEvent, ...]
    outages: tuple[OutageDay, ...]
    sources: int
    synthetic: bool  # any synthetic record counted: the report says so on every page
