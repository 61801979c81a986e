from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ninja import Schema
from pydantic import Field

from opsroom.core.schemas import Instant, StrictIn


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
