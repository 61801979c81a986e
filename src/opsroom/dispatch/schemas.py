from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Schema
from pydantic import Field

from opsroom.core.schemas import Instant, StrictIn
from opsroom.dispatch.models import UnitStatus


class UnitFilters(Schema):
    status: list[Literal[tuple(UnitStatus.values)]] | None = None  # type: ignore[valid-type]
    kind: str | None = Field(default=None, max_length=32)


class UnitStatusIn(StrictIn):
    status: str = Field(min_length=1, max_length=16)


class PositionIn(StrictIn):
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    at: Instant | None = None


class AssignIn(StrictIn):
    unit_id: UUID


class PositionOut(Schema):
    lat: float
    lon: float
    at: datetime | None
    age_s: float | None
    stale: bool


class UnitOut(Schema):
    id: UUID
    call_sign: str
    agency: str
    agency_name_ar: str
    agency_name_en: str
    kind: str
    capabilities: list[str]
    status: str
    position: PositionOut | None
    district: str | None
    incident_id: UUID | None
    version: int


class Reason(Schema):
    ar: str
    en: str


class RecommendationOut(Schema):
    unit_id: UUID
    call_sign: str
    kind: str
    distance_m: float
    eta_s: float
    capability_match: bool
    missing_capabilities: list[str]
    position_age_s: float | None
    stale: bool
    snap_m: float | None
    diverted_from: str | None
    home: bool
    reason: Reason


class RecommendationsOut(Schema):
    incident_id: UUID
    method: str
    items: list[RecommendationOut]


class AssignmentOut(Schema):
    id: UUID
    incident_id: UUID
    unit_id: UUID
    call_sign: str
    assigned_at: datetime


class LineString(Schema):
    type: Literal["LineString"]
    coordinates: list[list[float]]  # [longitude, latitude]


class RouteProperties(Schema):
    incident_id: str
    unit_id: str
    call_sign: str
    eta_s: float
    distance_m: float
    unit_snap_m: float
    incident_snap_m: float
    closed_edges: int
    synthetic_network: bool


class RouteOut(Schema):
    """A GeoJSON Feature: the road route, from the unit's own position to the incident."""

    type: Literal["Feature"]
    geometry: LineString
    properties: RouteProperties


class DistrictCoverage(Schema):
    code: str
    name_ar: str
    name_en: str
    eta_s: float | None
    covered: bool


class MoveUp(Schema):
    unit_id: str
    call_sign: str
    eta_s: float
    district: str


class CoverageOut(Schema):
    threshold_s: int
    synthetic_network: bool
    districts: list[DistrictCoverage]
    move_ups: list[MoveUp]
